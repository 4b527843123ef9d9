//! Near-duplicate collapse: of two retrieved items whose term sets overlap
//! with a Jaccard index |A ∩ B| / |A ∪ B| of at least [`NEAR_DUPLICATE`], only
//! the better-ranked one is kept, so a budget is not spent twice on the same
//! lesson captured in two words.

use crate::index::Index;
use crate::rank::Ranked;

/// Jaccard index at or above which two items count as one.
pub const NEAR_DUPLICATE: f64 = 0.8;

/// The Jaccard index of two sorted, duplicate-free id lists.
pub fn jaccard(a: &[u32], b: &[u32]) -> f64 {
    let common = common_terms(a, b, |_, _| false).expect("never gives up");
    let union = a.len() + b.len() - common;
    if union == 0 { 1.0 } else { common as f64 / union as f64 }
}

/// How many ids two sorted, duplicate-free lists share, merging them;
/// `None` as soon as `give_up(common so far, most still possible)` says so.
fn common_terms(a: &[u32], b: &[u32], give_up: impl Fn(usize, usize) -> bool) -> Option<usize> {
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        if give_up(common, (a.len() - i).min(b.len() - j)) {
            return None;
        }
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    Some(common)
}

/// Whether `jaccard(a, b) >= NEAR_DUPLICATE`, decided exactly in integers
/// and without finishing the merge once the threshold is out of reach.
///
/// With c = |A ∩ B|, J = c / (|A| + |B| − c) ≥ 4/5 ⇔ 9c ≥ 4(|A| + |B|)
/// (the float comparison of [`jaccard`] agrees: for sets this small, a
/// ratio below 0.8 is below it by far more than a rounding error). Most
/// pairs of items share well under that many terms, so the walk stops after
/// a few mismatches instead of reading both lists through; near-duplicate
/// collapse runs on every candidate inject walks.
pub fn near_duplicate(a: &[u32], b: &[u32]) -> bool {
    const _: () = assert!(NEAR_DUPLICATE == 0.8, "the integer form below is for 4/5");
    let need = 4 * (a.len() + b.len());
    common_terms(a, b, |common, left| 9 * (common + left) < need).is_some_and(|common| 9 * common >= need)
}

/// The ranked items in order, without near-duplicates of earlier ones;
/// lazy, so only as many are compared (and their terms read) as are consumed.
pub fn distinct<'a>(index: &'a Index, ranked: impl Iterator<Item = Ranked> + 'a) -> impl Iterator<Item = Ranked> + 'a {
    let mut kept: Vec<Vec<u32>> = Vec::new();
    ranked.filter(move |r| {
        let terms: Vec<u32> = index.term_set(r.pos);
        if kept.iter().any(|k| near_duplicate(k, &terms)) {
            return false;
        }
        kept.push(terms);
        true
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jaccard_by_hand() {
        assert_eq!(jaccard(&[1, 2, 3, 4], &[2, 3, 4, 5]), 3.0 / 5.0);
        assert_eq!(jaccard(&[1, 2, 3, 4, 5], &[1, 2, 3, 4, 5, 6]), 5.0 / 6.0);
        assert_eq!(jaccard(&[], &[]), 1.0);
        assert_eq!(jaccard(&[1], &[]), 0.0);
    }

    #[test]
    fn the_integer_test_agrees_with_the_ratio() {
        let mut seed = 1u64;
        let mut next = |m: u64| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            ((seed >> 33) % m) as u32
        };
        let mut set = |len: u32, range: u32| {
            let mut s: Vec<u32> = (0..len).map(|_| next(u64::from(range))).collect();
            s.sort_unstable();
            s.dedup();
            s
        };
        for n in 0..20_000 {
            let (a, b) = (set(n % 60, 70), set((n / 3) % 60, 70));
            assert_eq!(near_duplicate(&a, &b), jaccard(&a, &b) >= NEAR_DUPLICATE, "{a:?} {b:?}");
            let close: Vec<u32> = a.iter().copied().filter(|t| t % 7 != 0).collect();
            assert_eq!(near_duplicate(&a, &close), jaccard(&a, &close) >= NEAR_DUPLICATE, "{a:?} {close:?}");
        }
        assert!(near_duplicate(&[], &[]) && !near_duplicate(&[1], &[]));
    }
}
