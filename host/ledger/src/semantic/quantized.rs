//! Vectors as signed bytes: a vector is stored as `round(x / scale)` with
//! `scale = max |x| / 127`, which keeps cosine similarities of unit vectors
//! within about 0.01 of the exact ones at a quarter of the size of `f32`s,
//! and makes a similarity an integer dot product.

/// A vector as int8 values and the scale that multiplies them.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Quantized {
    pub scale: f32,
    pub values: Vec<i8>,
}

impl Quantized {
    pub fn new(v: &[f32]) -> Quantized {
        let max = v.iter().fold(0.0f32, |m, x| m.max(x.abs()));
        let scale = if max > 0.0 { max / 127.0 } else { 1.0 };
        Quantized { scale, values: v.iter().map(|x| (x / scale).round().clamp(-127.0, 127.0) as i8).collect() }
    }

    /// The dot product with the stored vector `(scale, values)`.
    pub fn dot(&self, (scale, values): (f32, &[i8])) -> f32 {
        let mut out = Vec::new();
        int_dots(&self.values, values, &mut out);
        out[0] as f32 * self.scale * scale
    }

    /// The dot product with each stored vector of `rows` (back to back, of
    /// this vector's length), each scaled by its own of `scales`, appended
    /// to `out`.
    pub fn dots(&self, rows: &[i8], scales: impl Iterator<Item = f32>, out: &mut Vec<f32>) {
        let mut ints = Vec::with_capacity(rows.len() / self.values.len().max(1));
        int_dots(&self.values, rows, &mut ints);
        out.extend(ints.iter().zip(scales).map(|(d, s)| *d as f32 * self.scale * s));
    }
}

/// The integer dot products of `query` with each `query.len()`-long row of
/// `rows`, appended to `out`. Compiled once more with AVX2 on x86-64 and
/// picked at run time: the baseline (SSE2) has no sign-extending loads, so
/// LLVM leaves that version scalar, several times slower on the 38 MB of
/// values a 100k item ledger has.
#[allow(unsafe_code)]
fn int_dots(query: &[i8], rows: &[i8], out: &mut Vec<i32>) {
    #[cfg(target_arch = "x86_64")]
    if is_x86_feature_detected!("avx2") {
        // SAFETY: `int_dots_avx2` is safe code compiled with AVX2 enabled,
        // which is sound to run on a CPU that has it, as just checked.
        unsafe { int_dots_avx2(query, rows, out) };
        return;
    }
    int_dots_with(query, rows, out);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn int_dots_avx2(query: &[i8], rows: &[i8], out: &mut Vec<i32>) {
    int_dots_with(query, rows, out);
}

/// [`int_dots`] with each row summed in 16 independent lanes of 16-bit
/// products added in pairs (two products of int8 values fit an `i32` lane
/// with room to spare), the shape that compiles to `vpmaddwd`.
#[inline(always)]
fn int_dots_with(query: &[i8], rows: &[i8], out: &mut Vec<i32>) {
    if query.is_empty() {
        return;
    }
    for row in rows.chunks_exact(query.len()) {
        let mut lanes = [0i32; 16];
        let (x, y) = (query.chunks_exact(32), row.chunks_exact(32));
        let rest: i32 = x.remainder().iter().zip(y.remainder()).map(|(p, q)| i32::from(*p) * i32::from(*q)).sum();
        for (p, q) in x.zip(y) {
            for k in 0..16 {
                let even = i32::from(i16::from(p[2 * k]) * i16::from(q[2 * k]));
                let odd = i32::from(i16::from(p[2 * k + 1]) * i16::from(q[2 * k + 1]));
                lanes[k] += even + odd;
            }
        }
        out.push(lanes.iter().sum::<i32>() + rest);
    }
}

/// A deterministic unit vector for tests.
#[cfg(test)]
pub(crate) fn unit(seed: u32, dims: usize) -> Vec<f32> {
    let v: Vec<f32> = (0..dims).map(|i| ((i as u32 * 7919 + seed * 104_729) % 1000) as f32 - 500.0).collect();
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    v.iter().map(|x| x / norm).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantized_dots_stay_close_to_the_exact_ones() {
        for seed in 0..20 {
            let (a, b) = (unit(seed, 384), unit(seed + 100, 384));
            let exact: f32 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
            let stored = Quantized::new(&b);
            let approx = Quantized::new(&a).dot((stored.scale, &stored.values));
            assert!((exact - approx).abs() < 0.01, "{exact} vs {approx}");
        }
        let zero = Quantized::new(&[0.0; 4]);
        assert_eq!(zero.dot((1.0, &[1, 2, 3, 4])), 0.0);
    }

    #[test]
    fn the_integer_kernel_is_exact_at_the_extremes() {
        for len in [0, 1, 31, 32, 33, 384, 390] {
            let a: Vec<i8> = (0..len).map(|i| if i % 3 == 0 { -127 } else { 127 }).collect();
            let b: Vec<i8> = (0..len).map(|i| if i % 5 == 0 { -127 } else { 127 }).collect();
            let exact: i32 = a.iter().zip(&b).map(|(x, y)| i32::from(*x) * i32::from(*y)).sum();
            let mut out = Vec::new();
            int_dots(&a, &[b.clone(), b].concat(), &mut out);
            assert_eq!(out, if len == 0 { vec![] } else { vec![exact, exact] }, "length {len}");
        }
    }
}
