//! Sign codes: one bit per dimension of a vector, set where the value is
//! positive, and the number of bits two codes differ in as a cheap stand-in
//! for the angle between their vectors (each coordinate plane a vector pair
//! falls on opposite sides of adds one; the more planes, the wider the
//! angle).
//!
//! Why: at 100k items the int8 values are 38 MB that a query would stream
//! from memory and a ranking would then sort through; their codes are
//! 4.8 MB. A large ledger's query first keeps the items whose codes are
//! nearest, then computes the exact similarity of those alone
//! (`ItemVectors::near`).

/// The code of int8 `values`: bit `i % 8` of byte `i / 8` is set when
/// `values[i] > 0`.
pub(crate) fn code(values: &[i8]) -> Vec<u8> {
    values
        .chunks(8)
        .map(|byte| byte.iter().enumerate().fold(0u8, |bits, (i, v)| bits | (u8::from(*v > 0) << i)))
        .collect()
}

/// Per code of `codes` (back to back, each as long as `query`), whether it
/// is among the nearest to `query`: at least `keep` of them (all, when
/// there are fewer), and every one as near as the farthest of those, so
/// that which are kept never depends on their order.
pub(crate) fn nearest(query: &[u8], codes: &[u8], keep: usize) -> Vec<bool> {
    let distances = distances(query, codes);
    let mut counts = vec![0usize; query.len() * 8 + 1];
    for d in &distances {
        counts[*d as usize] += 1;
    }
    let mut seen = 0;
    let limit = counts.iter().position(|c| {
        seen += c;
        seen >= keep
    });
    let limit = limit.unwrap_or(counts.len()) as u32;
    distances.iter().map(|d| *d <= limit).collect()
}

/// The number of bits each code of `codes` differs from `query` in.
/// Compiled once more with the `popcnt` instruction on x86-64 and picked at
/// run time: the baseline target counts bits with a dozen instructions.
#[allow(unsafe_code)]
fn distances(query: &[u8], codes: &[u8]) -> Vec<u32> {
    #[cfg(target_arch = "x86_64")]
    if is_x86_feature_detected!("popcnt") {
        // SAFETY: `distances_popcnt` is safe code compiled with `popcnt`
        // enabled, which is sound to run on a CPU that has it, as just
        // checked.
        return unsafe { distances_popcnt(query, codes) };
    }
    distances_with(query, codes)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "popcnt")]
fn distances_popcnt(query: &[u8], codes: &[u8]) -> Vec<u32> {
    distances_with(query, codes)
}

#[inline(always)]
fn distances_with(query: &[u8], codes: &[u8]) -> Vec<u32> {
    if query.is_empty() {
        return Vec::new();
    }
    let word = |bytes: &[u8]| u64::from_le_bytes(bytes.try_into().expect("8 bytes"));
    let whole = query.len() / 8 * 8;
    let q: Vec<u64> = query[..whole].chunks_exact(8).map(word).collect();
    codes
        .chunks_exact(query.len())
        .map(|code| {
            let words: u32 = code[..whole].chunks_exact(8).zip(&q).map(|(c, w)| (word(c) ^ w).count_ones()).sum();
            let tail: u32 = code[whole..].iter().zip(&query[whole..]).map(|(a, b)| (a ^ b).count_ones()).sum();
            words + tail
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_has_a_bit_per_positive_value() {
        assert_eq!(code(&[1, -1, 0, 5, -3, 2, 2, -1, 7]), vec![0b0110_1001, 0b1]);
        assert!(code(&[]).is_empty());
    }

    #[test]
    fn distances_count_differing_bits_and_ties_are_all_kept() {
        let query = vec![0b1111_0000u8; 9];
        let mut codes = Vec::new();
        for flips in [0u8, 3, 1, 3, 8] {
            let mut c = query.clone();
            c[8] ^= ((1u16 << flips) - 1) as u8;
            codes.extend(c);
        }
        assert_eq!(distances(&query, &codes), vec![0, 3, 1, 3, 8]);
        assert_eq!(nearest(&query, &codes, 2), vec![true, false, true, false, false]);
        assert_eq!(nearest(&query, &codes, 3), vec![true, true, true, true, false], "both at distance 3");
        assert_eq!(nearest(&query, &codes, 10), vec![true; 5]);
    }
}
