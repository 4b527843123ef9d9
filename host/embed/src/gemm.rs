//! Matrix products on views whose bounds are checked before the work: with
//! a few rows on the left (a short text's tokens), computed directly by
//! [`crate::dot`]; with more, by `matrixmultiply::sgemm`, whose unsafe call
//! those checks make sound, so the rest of the crate stays safe code.

use crate::dot::{self, Rows};

/// A read-only matrix in a slice: element `(r, c)` is at `r * row_stride + c * col_stride`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Mat<'a> {
    data: &'a [f32],
    rows: usize,
    cols: usize,
    row_stride: usize,
    col_stride: usize,
}

impl<'a> Mat<'a> {
    /// A row-major `rows × cols` matrix whose rows start `row_stride` apart.
    pub fn new(data: &'a [f32], rows: usize, cols: usize, row_stride: usize) -> Mat<'a> {
        Mat { data, rows, cols, row_stride, col_stride: 1 }
    }

    /// The transpose, without moving any data.
    pub fn t(self) -> Mat<'a> {
        Mat { rows: self.cols, cols: self.rows, row_stride: self.col_stride, col_stride: self.row_stride, ..self }
    }
}

/// A row-major matrix to write, rows `row_stride` apart (at least `cols`, so
/// no two elements share a place).
#[derive(Debug)]
pub(crate) struct MatMut<'a> {
    data: &'a mut [f32],
    rows: usize,
    cols: usize,
    row_stride: usize,
}

impl<'a> MatMut<'a> {
    pub fn new(data: &'a mut [f32], rows: usize, cols: usize, row_stride: usize) -> MatMut<'a> {
        assert!(row_stride >= cols, "rows of {cols} elements overlap at stride {row_stride}");
        MatMut { data, rows, cols, row_stride }
    }
}

/// Whether every element of a `rows × cols` matrix with these strides lies
/// inside a slice of `len` elements.
fn fits(len: usize, rows: usize, cols: usize, row_stride: usize, col_stride: usize) -> bool {
    let last = (rows - 1).checked_mul(row_stride).zip((cols - 1).checked_mul(col_stride));
    last.and_then(|(r, c)| r.checked_add(c)).is_some_and(|last| last < len)
}

fn stride(n: usize) -> isize {
    isize::try_from(n).expect("a stride within a slice fits in isize")
}

/// Up to this many rows on the left, a product whose rows can be read in
/// place is computed directly, on a CPU where that is fast; with more, by
/// sgemm. Embedding texts of 5 to 36 tokens with all-MiniLM-L6-v2 on a Xeon
/// with AVX2, the direct products were 2.6 times faster at 5 tokens and 25%
/// faster at 15; both ways took about as long at 26 tokens, and sgemm won
/// from 30.
const DIRECT_MAX_ROWS: usize = 24;

/// `c = alpha · a · b + beta · c`. Panics when the shapes do not agree or a
/// view reaches past its slice.
#[allow(unsafe_code)]
pub(crate) fn gemm(alpha: f32, a: Mat<'_>, b: Mat<'_>, beta: f32, c: MatMut<'_>) {
    let (m, k, n) = (a.rows, a.cols, b.cols);
    assert!(b.rows == k && c.rows == m && c.cols == n, "gemm of {m}×{k} by {}×{n} into {}×{}", b.rows, c.rows, c.cols);
    assert!(m > 0 && k > 0 && n > 0, "gemm of an empty matrix: {m}×{k} by {k}×{n}");
    assert!(fits(a.data.len(), m, k, a.row_stride, a.col_stride), "left operand out of bounds");
    assert!(fits(b.data.len(), k, n, b.row_stride, b.col_stride), "right operand out of bounds");
    assert!(fits(c.data.len(), m, n, c.row_stride, 1), "result out of bounds");
    if m <= DIRECT_MAX_ROWS && a.col_stride == 1 && (b.row_stride == 1 || b.col_stride == 1) && dot::is_fast() {
        direct(alpha, a, b, beta, c);
        return;
    }
    // SAFETY: sgemm reads a and b, and reads and writes c, only at the
    // elements (r, c) with r < rows and c < cols of each view, at offset
    // r * row_stride + c * col_stride from the pointer. The asserts above
    // proved each such offset is inside the view's slice, so every access
    // stays inside a live borrow. c's slice is borrowed uniquely, so it
    // overlaps neither a nor b, and its row stride is at least its width, so
    // no two of its elements alias.
    unsafe {
        matrixmultiply::sgemm(
            m,
            k,
            n,
            alpha,
            a.data.as_ptr(),
            stride(a.row_stride),
            stride(a.col_stride),
            b.data.as_ptr(),
            stride(b.row_stride),
            stride(b.col_stride),
            beta,
            c.data.as_mut_ptr(),
            stride(c.row_stride),
            1,
        );
    }
}

/// [`gemm`] by [`dot`], for `a` of contiguous rows and `b` of contiguous
/// rows or columns.
fn direct(alpha: f32, a: Mat<'_>, b: Mat<'_>, beta: f32, c: MatMut<'_>) {
    let (m, k, n) = (a.rows, a.cols, b.cols);
    for row in c.data.chunks_mut(c.row_stride).take(m) {
        let row = &mut row[..n];
        if beta == 0.0 {
            // As sgemm does, without reading `c`.
            row.fill(0.0);
        } else if beta != 1.0 {
            row.iter_mut().for_each(|x| *x *= beta);
        }
    }
    let a_rows = Rows { data: a.data, count: m, len: k, stride: a.row_stride };
    if b.row_stride == 1 {
        // Each column of `b` is contiguous: the dot products of rows.
        let b_columns = Rows { data: b.data, count: n, len: k, stride: b.col_stride };
        dot::products_nt(alpha, a_rows, b_columns, c.data, c.row_stride);
    } else {
        let b_rows = Rows { data: b.data, count: k, len: n, stride: b.row_stride };
        dot::products_nn(alpha, a_rows, b_rows, c.data, c.row_stride);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multiplies_with_strides_and_transposes() {
        // a = [[1, 2, 3], [4, 5, 6]] with one padding column.
        let a = [1.0, 2.0, 3.0, 0.0, 4.0, 5.0, 6.0, 0.0];
        // w = [[1, 0, 1], [0, 1, 0]] as stored by torch (out × in); b = wᵀ.
        let w = [1.0, 0.0, 1.0, 0.0, 1.0, 0.0];
        let mut c = [10.0, 20.0, 30.0, 40.0];
        gemm(1.0, Mat::new(&a, 2, 3, 4), Mat::new(&w, 2, 3, 3).t(), 1.0, MatMut::new(&mut c, 2, 2, 2));
        assert_eq!(c, [14.0, 22.0, 40.0, 45.0]);
    }

    /// Both ways (direct and sgemm), both layouts of `b` (rows of a
    /// matrix, or its transpose as a linear layer's weight), and each kind
    /// of `beta`, against plain loops.
    #[test]
    fn direct_and_sgemm_products_agree_with_plain_loops() {
        let values = |n: usize| (0..n).map(|i| ((i * 37 % 101) as f32 - 50.0) / 50.0).collect::<Vec<f32>>();
        let (k, n) = (19, 11);
        let w = values(n * k);
        let plain = values(k * n);
        for m in [1, 5, DIRECT_MAX_ROWS, DIRECT_MAX_ROWS + 1, 40] {
            let a = values(m * k);
            for transposed in [true, false] {
                let b = if transposed { Mat::new(&w, n, k, k).t() } else { Mat::new(&plain, k, n, n) };
                let at = |r: usize, col: usize| if transposed { w[col * k + r] } else { plain[r * n + col] };
                for beta in [0.0, 1.0, 0.5] {
                    let mut c = values(m * n);
                    let before = c.clone();
                    gemm(2.0, Mat::new(&a, m, k, k), b, beta, MatMut::new(&mut c, m, n, n));
                    for (i, j) in (0..m).flat_map(|i| (0..n).map(move |j| (i, j))) {
                        let dot: f32 = (0..k).map(|x| a[i * k + x] * at(x, j)).sum();
                        let want = 2.0 * dot + beta * before[i * n + j];
                        let got = c[i * n + j];
                        assert!(
                            (got - want).abs() < 1e-4,
                            "m {m}, transposed {transposed}, beta {beta}: {got} vs {want}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    #[should_panic(expected = "out of bounds")]
    fn refuses_a_view_past_its_slice() {
        let a = [1.0; 5];
        let mut c = [0.0; 4];
        gemm(1.0, Mat::new(&a, 2, 3, 3), Mat::new(&a, 3, 2, 1), 0.0, MatMut::new(&mut c, 2, 2, 2));
    }
}
