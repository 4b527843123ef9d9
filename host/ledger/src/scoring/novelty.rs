//! Novelty: does the item say something the ledger does not already say?
//!
//! novelty = 1 − max over active items of similarity(item, draft)
//!
//! Similarity comes from a [`Similar`] implementation, so the retrieval index
//! (BM25, next slice) can plug in. Until it lands, [`JaccardIndex`] stands in:
//! the Jaccard index |A ∩ B| / |A ∪ B| of the sets of lowercase word tokens
//! (letters, digits, `_`; two characters or more; minus a few stop words) of
//! title and body.

use std::collections::HashSet;

use crate::item::{Item, Status};

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

/// Token sets of the active items: the stand-in similarity until BM25.
#[derive(Debug, Default)]
pub struct JaccardIndex {
    sets: Vec<HashSet<String>>,
}

const STOP_WORDS: [&str; 24] = [
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of", "on", "or", "that", "the",
    "this", "to", "was", "when", "with", "you",
];

impl JaccardIndex {
    /// Indexes the title and body of each active item.
    pub fn new<'a>(items: impl IntoIterator<Item = &'a Item>) -> Self {
        let sets = items
            .into_iter()
            .filter(|item| item.status == Status::Active)
            .map(|item| tokens(&format!("{}\n{}", item.title, item.body)))
            .collect();
        JaccardIndex { sets }
    }
}

impl Similar for JaccardIndex {
    fn best_similarity(&self, text: &str) -> f64 {
        let query = tokens(text);
        self.sets
            .iter()
            .map(|set| {
                let union = query.union(set).count();
                if union == 0 { 0.0 } else { query.intersection(set).count() as f64 / union as f64 }
            })
            .fold(0.0, f64::max)
    }
}

fn tokens(text: &str) -> HashSet<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| w.chars().count() >= 2)
        .map(str::to_lowercase)
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontmatter::parse;

    fn item(id: &str, status: &str, title: &str, body: &str) -> Item {
        let text = format!(
            "---\nid: {id}\nkind: learning\ntitle: {title}\ncreated: 2026-01-01T00:00:00Z\nstatus: {status}\n---\n{body}"
        );
        parse(std::path::Path::new(&format!("{id}.md")), text.as_bytes()).unwrap()
    }

    #[test]
    fn novelty_is_one_minus_the_best_match() {
        assert_eq!(novelty(&|_: &str| 0.25, "x"), 0.75);
        assert_eq!(novelty(&|_: &str| 3.0, "x"), 0.0);
        assert_eq!(novelty(&|_: &str| f64::NAN, "x"), 1.0);
    }

    #[test]
    fn jaccard_over_active_items() {
        let items = [
            item("a", "active", "Use nextest", "Run cargo nextest run."),
            item("b", "retired", "Pin git2", "Pin git2 to 0.21."),
        ];
        let index = JaccardIndex::new(&items);
        // {use, nextest, run, cargo} vs the same set: identical.
        assert_eq!(index.best_similarity("use nextest; run CARGO nextest"), 1.0);
        // {pin, git2, 21} overlaps only the retired item.
        assert_eq!(index.best_similarity("pin git2 0.21"), 0.0);
        // {use, cargo, build} vs {use, nextest, run, cargo}: 2 / 5.
        assert_eq!(index.best_similarity("Use cargo build"), 0.4);
        assert_eq!(JaccardIndex::default().best_similarity("anything"), 0.0);
    }
}
