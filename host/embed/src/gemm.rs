//! Matrix products: `matrixmultiply::sgemm` behind views whose bounds are
//! checked before the call, so the rest of the crate stays safe code.

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

    #[test]
    #[should_panic(expected = "out of bounds")]
    fn refuses_a_view_past_its_slice() {
        let a = [1.0; 5];
        let mut c = [0.0; 4];
        gemm(1.0, Mat::new(&a, 2, 3, 3), Mat::new(&a, 3, 2, 1), 0.0, MatMut::new(&mut c, 2, 2, 2));
    }
}
