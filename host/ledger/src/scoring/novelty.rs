//! Novelty: does the item say something the ledger does not already say?
//!
//! novelty = 1 − max over active items of similarity(item, draft)
//!
//! Similarity comes from a [`Similar`] implementation; the ledger uses its
//! retrieval index (`Index`: the BM25F score of the draft against each active
//! item, divided by the draft's score against itself).

/// The best similarity in [0, 1] between a text and the ledger's active items.
pub trait Similar {
    fn best_similarity(&self, text: &str) -> f64;
}

/// Any closure from text to similarity, e.g. for tests or an adapter.
impl<F: Fn(&str) -> f64> Similar for F {
    fn best_similarity(&self, text: &str) -> f64 {
        self(text)
    }
}

/// The novelty of `text` against the items `similar` knows.
pub fn novelty(similar: &dyn Similar, text: &str) -> f64 {
    let best = similar.best_similarity(text);
    if best.is_finite() { 1.0 - best.clamp(0.0, 1.0) } else { 1.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn novelty_is_one_minus_the_best_match() {
        assert_eq!(novelty(&|_: &str| 0.25, "x"), 0.75);
        assert_eq!(novelty(&|_: &str| 3.0, "x"), 0.0);
        assert_eq!(novelty(&|_: &str| f64::NAN, "x"), 1.0);
    }
}
