//! The retrieval index: per item, its term frequencies by field and what
//! ranking needs from its frontmatter, so a query never re-reads every file.
//!
//! Terms are interned (one vocabulary, `u32` ids per document), which keeps
//! the persisted form compact and a query a linear scan of integers. Only
//! active items take part in scores and collection statistics. The index is
//! built in memory from items ([`Index::from_items`]) or loaded from
//! `.agents/cache/` and brought up to date ([`cache`]).

mod bm25;
mod cache;
mod codec;
mod stem;
mod thesaurus;
mod tokenize;

use std::collections::{HashMap, HashSet};

use cache::Stamp;
pub use cache::{CACHE_FILE, Refreshed};
pub(crate) use tokenize::tokens;

use crate::item::{Item, Kind, Status, Tier};
use crate::scoring::Similar;
use crate::time::Timestamp;
use bm25::{FIELDS, Stats, idf, term_score};

/// What ranking needs to know about an item besides its words.
#[derive(Debug, Clone, PartialEq)]
pub struct DocMeta {
    pub id: String,
    pub kind: Kind,
    pub status: Status,
    pub tier: Option<Tier>,
    pub utility: f64,
    pub updated: Timestamp,
    pub last_applied: Option<Timestamp>,
    pub paths: Vec<String>,
}

/// One indexed item.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Doc {
    /// The item file, relative to `.agents/` (empty when built from items).
    pub rel: String,
    pub stamp: Stamp,
    pub meta: DocMeta,
    /// Length in terms of title, tags, body.
    pub len: [u32; FIELDS],
    /// (term id, frequency in title, tags, body), sorted by term id.
    pub terms: Vec<(u32, [u32; FIELDS])>,
}

/// The vocabulary and the indexed documents.
#[derive(Debug, Default)]
pub struct Index {
    vocab: Vec<String>,
    ids: HashMap<String, u32>,
    docs: Vec<Doc>,
}

impl Index {
    /// Indexes `items` in memory.
    pub fn from_items<'a>(items: impl IntoIterator<Item = &'a Item>) -> Self {
        let mut index = Index::default();
        for item in items {
            let doc = index.doc(item, String::new(), Stamp::default());
            index.docs.push(doc);
        }
        index
    }

    /// Every indexed item's metadata, in index order.
    pub fn metas(&self) -> impl Iterator<Item = &DocMeta> {
        self.docs.iter().map(|d| &d.meta)
    }

    /// The BM25F score of every active item against `query`, by index
    /// position; items that share no term with the query score 0. The query
    /// is expanded with the thesaurus ([`thesaurus`]): each term's
    /// contribution is multiplied by its weight (1, or less for synonyms).
    pub fn scores(&self, query: &str) -> Vec<f64> {
        let weights: HashMap<u32, f64> = thesaurus::expand(&tokens(query))
            .into_iter()
            .filter_map(|(t, w)| self.ids.get(&t).map(|id| (*id, w)))
            .collect();
        let (stats, df) = self.stats(&weights.keys().copied().collect());
        self.docs
            .iter()
            .map(
                |doc| {
                    if doc.meta.status == Status::Active {
                        self.score_doc(doc, &df, &stats, Some(&weights))
                    } else {
                        0.0
                    }
                },
            )
            .collect()
    }

    /// The set of term ids of the item at `pos`, for near-duplicate checks.
    pub(crate) fn term_set(&self, pos: usize) -> impl Iterator<Item = u32> + '_ {
        self.docs[pos].terms.iter().map(|(t, _)| *t)
    }

    pub fn meta(&self, pos: usize) -> &DocMeta {
        &self.docs[pos].meta
    }

    /// The item file of the document at `pos`, relative to `.agents/`.
    pub(crate) fn rel(&self, pos: usize) -> &str {
        &self.docs[pos].rel
    }

    /// The item's score over the terms of `df`, each times its weight in
    /// `weights` when given.
    fn score_doc(&self, doc: &Doc, df: &HashMap<u32, f64>, stats: &Stats, weights: Option<&HashMap<u32, f64>>) -> f64 {
        doc.terms
            .iter()
            .filter_map(|(t, tf)| {
                let weight = weights.map_or(1.0, |w| w.get(t).copied().unwrap_or(0.0));
                df.get(t).map(|d| weight * term_score(idf(stats.n, *d), *tf, doc.len, stats))
            })
            .sum()
    }

    /// Collection statistics over active items, and the document frequency
    /// of each of `terms`.
    fn stats(&self, terms: &HashSet<u32>) -> (Stats, HashMap<u32, f64>) {
        let mut df: HashMap<u32, f64> = terms.iter().map(|t| (*t, 0.0)).collect();
        let (mut n, mut total) = (0.0, [0.0; FIELDS]);
        for doc in self.docs.iter().filter(|d| d.meta.status == Status::Active) {
            n += 1.0;
            for (sum, len) in total.iter_mut().zip(doc.len) {
                *sum += f64::from(len);
            }
            for (t, _) in &doc.terms {
                if let Some(d) = df.get_mut(t) {
                    *d += 1.0;
                }
            }
        }
        let avg_len = total.map(|t| if n > 0.0 { t / n } else { 0.0 });
        (Stats { n, avg_len }, df)
    }

    /// Tokenizes an item into a document, growing the vocabulary.
    fn doc(&mut self, item: &Item, rel: String, stamp: Stamp) -> Doc {
        let fields = [tokens(&item.title), tokens(&item.tags.join(" ")), tokens(&item.body)];
        let mut counts: HashMap<u32, [u32; FIELDS]> = HashMap::new();
        for (f, words) in fields.iter().enumerate() {
            for word in words {
                let id = self.intern(word);
                counts.entry(id).or_default()[f] += 1;
            }
        }
        let mut terms: Vec<_> = counts.into_iter().collect();
        terms.sort_unstable_by_key(|(t, _)| *t);
        let len = fields.map(|w| u32::try_from(w.len()).unwrap_or(u32::MAX));
        Doc { rel, stamp, meta: DocMeta::of(item), len, terms }
    }

    /// Drops terms no document uses any more and renumbers the rest densely.
    fn compact(&mut self) {
        let mut used = vec![false; self.vocab.len()];
        for (t, _) in self.docs.iter().flat_map(|d| &d.terms) {
            used[*t as usize] = true;
        }
        if used.iter().all(|u| *u) {
            return;
        }
        let old = std::mem::take(&mut self.vocab);
        self.ids.clear();
        let renumber: Vec<u32> =
            old.iter().zip(&used).map(|(w, u)| if *u { self.intern(w) } else { u32::MAX }).collect();
        for doc in &mut self.docs {
            for (t, _) in &mut doc.terms {
                *t = renumber[*t as usize];
            }
            doc.terms.sort_unstable_by_key(|(t, _)| *t);
        }
    }

    fn intern(&mut self, word: &str) -> u32 {
        if let Some(id) = self.ids.get(word) {
            return *id;
        }
        let id = u32::try_from(self.vocab.len()).expect("fewer than 2^32 distinct terms");
        self.vocab.push(word.to_string());
        self.ids.insert(word.to_string(), id);
        id
    }
}

impl DocMeta {
    fn of(item: &Item) -> Self {
        DocMeta {
            id: item.id.clone(),
            kind: item.kind,
            status: item.status,
            tier: item.tier,
            utility: item.utility,
            updated: item.updated,
            last_applied: item.last_applied,
            paths: item.paths.clone(),
        }
    }
}

/// Novelty's similarity: the best BM25F score of a text against an active
/// item, divided by the text's score against itself (as a body), clamped to
/// [0, 1]. Words the ledger has never seen weigh on the self-score only, so
/// they make the text more novel.
impl Similar for Index {
    fn best_similarity(&self, text: &str) -> f64 {
        let words = tokens(text);
        let mut tf: HashMap<&str, u32> = HashMap::new();
        for w in &words {
            *tf.entry(w).or_default() += 1;
        }
        let known: HashSet<u32> = tf.keys().filter_map(|w| self.ids.get(*w).copied()).collect();
        let (stats, df) = self.stats(&known);
        if stats.n == 0.0 {
            return 0.0;
        }
        let len = [0, 0, u32::try_from(words.len()).unwrap_or(u32::MAX)];
        let itself: f64 = tf
            .iter()
            .map(|(w, n)| {
                let d = self.ids.get(*w).and_then(|t| df.get(t)).copied().unwrap_or(0.0);
                term_score(idf(stats.n, d), [0, 0, *n], len, &stats)
            })
            .sum();
        if itself <= 0.0 {
            return 0.0;
        }
        let best = self
            .docs
            .iter()
            .filter(|d| d.meta.status == Status::Active)
            .map(|d| self.score_doc(d, &df, &stats, None))
            .fold(0.0, f64::max);
        (best / itself).clamp(0.0, 1.0)
    }
}

#[cfg(test)]
mod tests;
