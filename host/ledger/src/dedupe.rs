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
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
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
    let union = a.len() + b.len() - common;
    if union == 0 { 1.0 } else { common as f64 / union as f64 }
}

/// The ranked items in order, without near-duplicates of earlier ones;
/// lazy, so only as many are compared as are consumed.
pub fn distinct<'a>(index: &'a Index, ranked: &'a [Ranked]) -> impl Iterator<Item = &'a Ranked> + 'a {
    let mut kept: Vec<Vec<u32>> = Vec::new();
    ranked.iter().filter(move |r| {
        let terms: Vec<u32> = index.term_set(r.pos).collect();
        if kept.iter().any(|k| jaccard(k, &terms) >= NEAR_DUPLICATE) {
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
}
