//! Matrix products with few rows on the left, computed directly: no copy
//! of either operand, each row read in place.
//!
//! For a short text, a linear layer's product `x · Wᵀ` (a few tokens of
//! `in` values; `W` stored `out × in`, as torch does) is one dot product of
//! contiguous rows per token and output. Taken a few weight rows at a time,
//! for all tokens, it reads each weight once, straight from the mapped file,
//! fetching the next rows ahead while it computes. sgemm would first copy
//! (pack) the whole weight matrix into its own layout, which costs more than
//! the product when there are few tokens.
//!
//! The loops work on arrays of lanes so that LLVM vectorizes them; the only
//! intrinsic is the prefetch. They are compiled for the baseline target and,
//! on x86-64, once more with AVX2 and FMA, picked at run time when the CPU
//! has them. Only that code beats sgemm (see [`is_fast`]); AVX-512 was no
//! faster on the Xeon where this was measured, the products waiting on
//! memory or on the multipliers rather than on the instructions' width.

use std::array;

/// `count` rows of `len` values in a slice, `stride` apart.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rows<'a> {
    pub data: &'a [f32],
    pub count: usize,
    pub len: usize,
    pub stride: usize,
}

impl<'a> Rows<'a> {
    fn row(&self, i: usize) -> &'a [f32] {
        &self.data[i * self.stride..][..self.len]
    }
}

/// How many rows of `a` and of `b` one tile of dot products takes: enough
/// independent sums to keep the multipliers busy, few enough that they all
/// stay in registers (12 of the 16 that SSE2 and AVX2 have).
const TILE_ROWS: usize = 4;
const TILE_COLUMNS: usize = 3;

/// Whether the baseline target has fused multiply-adds (aarch64 always
/// does; x86-64 only when built for a CPU that has them).
const BASELINE_FMA: bool = cfg!(any(target_arch = "aarch64", target_feature = "fma"));

/// `TILE_COLUMNS` columns of a product: the dot products of every row of
/// `a` with the rows in `b`, over their first `chunks` runs of lanes. Only the
/// first `count` are kept; where `b` ends, its last row fills the others.
#[derive(Debug, Clone, Copy)]
struct Columns<'a> {
    alpha: f32,
    a: Rows<'a>,
    b: [&'a [f32]; TILE_COLUMNS],
    count: usize,
    chunks: usize,
    /// The rows of `b` that the next columns read, to fetch ahead.
    next: [&'a [f32]; TILE_COLUMNS],
}

/// Whether [`products_nt`] runs its AVX2 code on this CPU. Without it, the
/// products are correct but slower than sgemm's: the baseline code (SSE2,
/// no prefetch) took 11 ms to embed 5 tokens and 16 ms for 15, against 3
/// and 7.5 ms with AVX2, and 8 and 11 ms with sgemm.
pub(crate) fn is_fast() -> bool {
    #[cfg(target_arch = "x86_64")]
    let fast = is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma");
    #[cfg(not(target_arch = "x86_64"))]
    let fast = false;
    fast
}

/// `c[i][j] += alpha · (a_i · b_j)` for every row `a_i` of `a` and `b_j` of
/// `b` (of equal lengths); `c` has rows `c_stride` apart.
#[allow(unsafe_code)]
pub(crate) fn products_nt(alpha: f32, a: Rows<'_>, b: Rows<'_>, c: &mut [f32], c_stride: usize) {
    #[cfg(target_arch = "x86_64")]
    if is_fast() {
        // SAFETY: `products_nt_avx2` is safe code compiled with AVX2 and FMA
        // enabled, which is sound to run on a CPU that has both, as
        // `is_fast` just checked.
        unsafe { products_nt_avx2(alpha, a, b, c, c_stride) };
        return;
    }
    products_nt_with::<4>(alpha, a, b, c, c_stride, columns_baseline);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn products_nt_avx2(alpha: f32, a: Rows<'_>, b: Rows<'_>, c: &mut [f32], c_stride: usize) {
    products_nt_with::<8>(alpha, a, b, c, c_stride, |block, c, c_stride| columns_avx2(block, c, c_stride));
}

/// [`columns`] in runs of 4 lanes (the width of SSE2 and NEON).
#[inline(never)]
fn columns_baseline(columns: &Columns<'_>, c: &mut [f32], c_stride: usize) {
    self::columns::<4, BASELINE_FMA>(columns, c, c_stride, |_| {});
}

/// [`columns`] in runs of 8 lanes with fused multiply-adds, fetching the
/// next columns' rows ahead: without that, the product of a few tokens
/// waits on memory for a third of its time.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
#[inline(never)]
fn columns_avx2(columns: &Columns<'_>, c: &mut [f32], c_stride: usize) {
    use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
    self::columns::<8, true>(columns, c, c_stride, |value| {
        _mm_prefetch::<_MM_HINT_T0>(std::ptr::from_ref(value).cast());
    });
}

/// [`products_nt`] `TILE_COLUMNS` rows of `b` at a time, each taken with all
/// rows of `a` by `add_columns` (a [`columns`]) over runs of `L` values, so
/// that each row of `b` (a weight row) is read from memory once. The rows'
/// last `len % L` values are added apart.
#[inline(always)]
fn products_nt_with<const L: usize>(
    alpha: f32,
    a: Rows<'_>,
    b: Rows<'_>,
    c: &mut [f32],
    c_stride: usize,
    add_columns: impl Fn(&Columns<'_>, &mut [f32], usize),
) {
    assert_eq!(a.len, b.len, "dot products of rows of different lengths");
    let chunks = a.len / L;
    let b_rows = |first: usize| array::from_fn(|x| b.row((first + x).min(b.count - 1)));
    for j in (0..b.count).step_by(TILE_COLUMNS) {
        let next = j + TILE_COLUMNS;
        let block = Columns {
            alpha,
            a,
            b: b_rows(j),
            count: (b.count - j).min(TILE_COLUMNS),
            chunks,
            next: b_rows(if next < b.count { next } else { j }),
        };
        add_columns(&block, &mut c[j..], c_stride);
    }
    let tail = chunks * L;
    if tail < a.len {
        for (i, row) in c.chunks_mut(c_stride).take(a.count).enumerate() {
            let a_i = &a.row(i)[tail..];
            for (j, out) in row[..b.count].iter_mut().enumerate() {
                *out += alpha * a_i.iter().zip(&b.row(j)[tail..]).map(|(x, y)| x * y).sum::<f32>();
            }
        }
    }
}

/// Adds one [`Columns`] to the first columns of `c`, `TILE_ROWS` rows of
/// `a` at a time (the last repeated where `a` ends, the extra sums dropped).
#[inline(always)]
fn columns<const L: usize, const FMA: bool>(
    columns: &Columns<'_>,
    c: &mut [f32],
    c_stride: usize,
    prefetch: impl Fn(&f32),
) {
    let Columns { alpha, a, count, chunks, .. } = *columns;
    for i in (0..a.count).step_by(TILE_ROWS) {
        let rows = array::from_fn(|x| a.row((i + x).min(a.count - 1)));
        let sums = tile::<L, FMA>(rows, columns.b, columns.next, chunks, &prefetch);
        for (sums, row) in sums.iter().zip(c[i * c_stride..].chunks_mut(c_stride)).take(a.count - i) {
            for (lanes, out) in sums.iter().zip(&mut row[..count]) {
                *out += alpha * sum_lanes(*lanes);
            }
        }
    }
}

/// The dot products of `TILE_ROWS` rows by `TILE_COLUMNS` rows over their
/// first `chunks` runs of `L` values, with an independent sum of `L` lanes
/// for each; `next` is fetched ahead along the way.
///
/// The loop compiles to one vector multiply-add per pair of rows and run,
/// the sums staying in registers. That is fragile: a sum read by index, or
/// the sums read in place after the loop rather than returned, puts them in
/// memory and makes it several times slower, so changes here need a look
/// at the code generated.
#[inline(always)]
fn tile<const L: usize, const FMA: bool>(
    a: [&[f32]; TILE_ROWS],
    b: [&[f32]; TILE_COLUMNS],
    next: [&[f32]; TILE_COLUMNS],
    chunks: usize,
    prefetch: impl Fn(&f32),
) -> [[[f32; L]; TILE_COLUMNS]; TILE_ROWS] {
    // Slices of exactly `chunks` runs each, so that indexing below needs no checks.
    let a: [&[[f32; L]]; TILE_ROWS] = array::from_fn(|r| &a[r].as_chunks().0[..chunks]);
    let b: [&[[f32; L]]; TILE_COLUMNS] = array::from_fn(|c| &b[c].as_chunks().0[..chunks]);
    let next: [&[[f32; L]]; TILE_COLUMNS] = array::from_fn(|c| &next[c].as_chunks().0[..chunks]);
    let mut acc = [[[0.0f32; L]; TILE_COLUMNS]; TILE_ROWS];
    for x in 0..chunks {
        for row in &next {
            prefetch(&row[x][0]);
        }
        for (acc, a) in acc.iter_mut().zip(&a) {
            let a = &a[x];
            for (acc, b) in acc.iter_mut().zip(&b) {
                let b = &b[x];
                for l in 0..L {
                    acc[l] = if FMA { a[l].mul_add(b[l], acc[l]) } else { a[l] * b[l] + acc[l] };
                }
            }
        }
    }
    acc
}

/// The sum of a run of lanes, four partial sums first.
#[inline(always)]
fn sum_lanes<const L: usize>(lanes: [f32; L]) -> f32 {
    let mut sums = [0.0f32; 4];
    for (l, x) in lanes.iter().enumerate() {
        sums[l % 4] += x;
    }
    (sums[0] + sums[2]) + (sums[1] + sums[3])
}

/// `c_i += alpha · Σ_j a[i][j] · b_j`: each row of `a` weighs the rows of
/// `b` (as many as `a`'s rows are long); `c` has rows `c_stride` apart.
pub(crate) fn products_nn(alpha: f32, a: Rows<'_>, b: Rows<'_>, c: &mut [f32], c_stride: usize) {
    assert_eq!(a.len, b.count, "a product of {} columns by {} rows", a.len, b.count);
    for i in 0..a.count {
        let out = &mut c[i * c_stride..][..b.len];
        for (j, &weight) in a.row(i).iter().enumerate() {
            let weight = alpha * weight;
            for (out, v) in out.iter_mut().zip(b.row(j)) {
                *out += weight * v;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values in [-1, 1) from a fixed linear congruential sequence.
    fn values(n: usize, seed: u32) -> Vec<f32> {
        let mut state = seed;
        (0..n)
            .map(|_| {
                state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                (state >> 8) as f32 / (1 << 23) as f32 - 1.0
            })
            .collect()
    }

    /// Checks `products` (a [`products_nt`]) against plain loops.
    fn check_dot_products(products: impl Fn(f32, Rows<'_>, Rows<'_>, &mut [f32], usize)) {
        // Lengths with and without a tail of lanes, row and column counts
        // that leave every partial tile, strides wider than the rows.
        for (m, n, len) in [(1, 1, 1), (5, 7, 19), (4, 3, 32), (9, 10, 40), (13, 4, 3)] {
            let (a_stride, b_stride, c_stride) = (len + 2, len + 1, n + 3);
            let (a, b) = (values(m * a_stride, 1), values(n * b_stride, 2));
            let mut c = values(m * c_stride, 3);
            let before = c.clone();
            let rows = |data, count, stride| Rows { data, count, len, stride };
            products(0.5, rows(&a, m, a_stride), rows(&b, n, b_stride), &mut c, c_stride);
            for i in 0..m {
                for j in 0..n {
                    let dot: f32 = (0..len).map(|k| a[i * a_stride + k] * b[j * b_stride + k]).sum();
                    let want = before[i * c_stride + j] + 0.5 * dot;
                    let got = c[i * c_stride + j];
                    assert!((got - want).abs() < 1e-5, "{m}×{n}×{len} at ({i}, {j}): {got}, want {want}");
                }
                // Past the row's `n` columns, `c` is untouched.
                assert_eq!(c[i * c_stride + n..][..3], before[i * c_stride + n..][..3]);
            }
        }
    }

    #[test]
    fn dot_products_match_plain_loops_for_every_tile_and_tail() {
        check_dot_products(products_nt);
    }

    /// The baseline code, which [`products_nt`] skips on a CPU with AVX2.
    #[test]
    fn baseline_dot_products_match_plain_loops() {
        check_dot_products(|alpha, a, b, c, c_stride| {
            products_nt_with::<4>(alpha, a, b, c, c_stride, columns_baseline)
        });
    }

    #[test]
    fn weighted_rows_match_plain_loops() {
        let (m, k, n, a_stride, b_stride, c_stride) = (3, 5, 7, 6, 9, 8);
        let (a, b) = (values(m * a_stride, 4), values(k * b_stride, 5));
        let mut c = values(m * c_stride, 6);
        let before = c.clone();
        let a_rows = Rows { data: &a, count: m, len: k, stride: a_stride };
        products_nn(2.0, a_rows, Rows { data: &b, count: k, len: n, stride: b_stride }, &mut c, c_stride);
        for i in 0..m {
            for j in 0..n {
                let sum: f32 = (0..k).map(|x| a[i * a_stride + x] * b[x * b_stride + j]).sum();
                let want = before[i * c_stride + j] + 2.0 * sum;
                assert!((c[i * c_stride + j] - want).abs() < 1e-5);
            }
        }
    }
}
