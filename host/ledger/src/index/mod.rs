//! The retrieval index: per item, its term frequencies by field and what
//! ranking needs from its frontmatter, so a query never re-reads every file.
//!
//! Terms are interned (one vocabulary, `u32` ids per document), which keeps
//! the persisted form compact and a query a linear scan of integers. A
//! document loaded from the cache keeps its terms encoded in the cache's
//! bytes ([`Terms::Encoded`]) and a query streams them, merging with its own
//! sorted term ids; the vocabulary's hash map is built only to add documents. Only
//! active items take part in scores and collection statistics. The index is
//! built in memory from items ([`Index::from_items`]) or loaded from
//! `.agents/cache/` and brought up to date ([`cache`]).

mod bm25;
mod cache;
mod codec;
mod stem;
mod thesaurus;
mod tokenize;

use std::cell::OnceCell;
use std::collections::HashMap;

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
    pub terms: Terms,
}

/// A document's terms: decoded, or still encoded in the cache file's bytes
/// (most reads never need them: inject without a query only ranks by
/// standing, and a query only compares its own few terms while streaming).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Terms {
    Decoded(Vec<(u32, [u32; FIELDS])>),
    /// `count` entries of four varints, at `start..end` of [`Index::raw`],
    /// validated when the cache was decoded.
    Encoded {
        count: u64,
        start: usize,
        end: usize,
    },
}

/// The terms of one document, in term id order.
pub(crate) struct TermIter<'a> {
    decoded: std::slice::Iter<'a, (u32, [u32; FIELDS])>,
    encoded: Option<(codec::Reader<'a>, u64)>,
}

impl Iterator for TermIter<'_> {
    type Item = (u32, [u32; FIELDS]);

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.encoded {
            None => self.decoded.next().copied(),
            Some((_, 0)) => None,
            Some((r, left)) => {
                *left -= 1;
                Some((r.u32()?, [r.u32()?, r.u32()?, r.u32()?]))
            }
        }
    }
}

/// The vocabulary and the indexed documents.
#[derive(Debug, Default)]
pub struct Index {
    vocab: Vec<String>,
    /// `vocab` inverted; built only when a document is added.
    ids: OnceCell<HashMap<String, u32>>,
    docs: Vec<Doc>,
    /// The cache file the encoded terms point into.
    raw: Vec<u8>,
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
        let expanded = thesaurus::expand(&tokens(query));
        let ids = self.term_ids(expanded.iter().map(|(t, _)| t.as_str()));
        let mut weights: Vec<(u32, f64)> =
            ids.into_iter().zip(&expanded).filter_map(|(id, (_, w))| id.map(|id| (id, *w))).collect();
        weights.sort_unstable_by_key(|(t, _)| *t);
        weights.dedup_by_key(|(t, _)| *t);
        let terms: Vec<u32> = weights.iter().map(|(t, _)| *t).collect();
        let (stats, df) = self.stats(&terms);
        let query: Vec<QueryTerm> = weights
            .iter()
            .zip(df)
            .map(|((term, weight), df)| QueryTerm { term: *term, weight: *weight, idf: idf(stats.n, df) })
            .collect();
        self.docs
            .iter()
            .map(|doc| if doc.meta.status == Status::Active { self.score_doc(doc, &query, &stats) } else { 0.0 })
            .collect()
    }

    /// The ids of `words`, `None` for words the index has never seen. Before
    /// the vocabulary map is needed (to add documents), this is one pass over
    /// the vocabulary rather than hashing all of it.
    fn term_ids<'w>(&self, words: impl Iterator<Item = &'w str>) -> Vec<Option<u32>> {
        let words: Vec<&str> = words.collect();
        if let Some(ids) = self.ids.get() {
            return words.iter().map(|w| ids.get(*w).copied()).collect();
        }
        let mut found = vec![None; words.len()];
        let mut missing = words.len();
        for (id, term) in self.vocab.iter().enumerate() {
            for (slot, word) in found.iter_mut().zip(&words) {
                if slot.is_none() && term.len() == word.len() && term == word {
                    *slot = Some(id as u32);
                    missing -= 1;
                }
            }
            if missing == 0 {
                break;
            }
        }
        found
    }

    /// The set of term ids of the item at `pos`, for near-duplicate checks.
    pub(crate) fn term_set(&self, pos: usize) -> impl Iterator<Item = u32> + '_ {
        self.terms(&self.docs[pos]).map(|(t, _)| t)
    }

    /// The terms of `doc`, decoding them on the fly when still encoded.
    pub(crate) fn terms<'a>(&'a self, doc: &'a Doc) -> TermIter<'a> {
        match &doc.terms {
            Terms::Decoded(terms) => TermIter { decoded: terms.iter(), encoded: None },
            Terms::Encoded { count, start, end } => TermIter {
                decoded: [].iter(),
                encoded: Some((codec::Reader::new(self.raw.get(*start..*end).unwrap_or_default()), *count)),
            },
        }
    }

    pub fn meta(&self, pos: usize) -> &DocMeta {
        &self.docs[pos].meta
    }

    /// The item file of the document at `pos`, relative to `.agents/`.
    pub(crate) fn rel(&self, pos: usize) -> &str {
        &self.docs[pos].rel
    }

    /// Collection statistics over active items, and the document frequency
    /// of each of `terms` (sorted ids), in the same order.
    fn stats(&self, terms: &[u32]) -> (Stats, Vec<f64>) {
        let mut df = vec![0.0; terms.len()];
        let (mut n, mut total) = (0.0, [0.0; FIELDS]);
        for doc in self.docs.iter().filter(|d| d.meta.status == Status::Active) {
            n += 1.0;
            for (sum, len) in total.iter_mut().zip(doc.len) {
                *sum += f64::from(len);
            }
            if terms.is_empty() {
                continue;
            }
            let mut i = 0;
            for (t, _) in self.terms(doc) {
                while i < terms.len() && terms[i] < t {
                    i += 1;
                }
                if i == terms.len() {
                    break;
                }
                if terms[i] == t {
                    df[i] += 1.0;
                }
            }
        }
        let avg_len = total.map(|t| if n > 0.0 { t / n } else { 0.0 });
        (Stats { n, avg_len }, df)
    }

    /// The item's score over `query` (sorted by term id: one merge with the
    /// document's terms, summed in term id order).
    fn score_doc(&self, doc: &Doc, query: &[QueryTerm], stats: &Stats) -> f64 {
        let (mut sum, mut i) = (0.0, 0);
        if query.is_empty() {
            return sum;
        }
        for (t, tf) in self.terms(doc) {
            while i < query.len() && query[i].term < t {
                i += 1;
            }
            let Some(q) = query.get(i) else { break };
            if q.term == t {
                sum += q.weight * term_score(q.idf, tf, doc.len, stats);
            }
        }
        sum
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
        Doc { rel, stamp, meta: DocMeta::of(item), len, terms: Terms::Decoded(terms) }
    }

    /// Drops terms no document uses any more and renumbers the rest densely.
    fn compact(&mut self) {
        let mut used = vec![false; self.vocab.len()];
        for doc in &self.docs {
            for (t, _) in self.terms(doc) {
                used[t as usize] = true;
            }
        }
        if used.iter().all(|u| *u) {
            return;
        }
        let decoded: Vec<Vec<_>> = self.docs.iter().map(|d| self.terms(d).collect()).collect();
        for (doc, terms) in self.docs.iter_mut().zip(decoded) {
            doc.terms = Terms::Decoded(terms);
        }
        self.raw = Vec::new();
        let old = std::mem::take(&mut self.vocab);
        self.ids = OnceCell::new();
        let renumber: Vec<u32> =
            old.iter().zip(&used).map(|(w, u)| if *u { self.intern(w) } else { u32::MAX }).collect();
        for doc in &mut self.docs {
            if let Terms::Decoded(terms) = &mut doc.terms {
                for (t, _) in terms.iter_mut() {
                    *t = renumber[*t as usize];
                }
                terms.sort_unstable_by_key(|(t, _)| *t);
            }
        }
    }

    fn intern(&mut self, word: &str) -> u32 {
        if self.ids.get().is_none() {
            let map = self.vocab.iter().enumerate().map(|(id, w)| (w.clone(), id as u32)).collect();
            let _ = self.ids.set(map);
        }
        let ids = self.ids.get_mut().expect("just built");
        if let Some(id) = ids.get(word) {
            return *id;
        }
        let id = u32::try_from(self.vocab.len()).expect("fewer than 2^32 distinct terms");
        self.vocab.push(word.to_string());
        ids.insert(word.to_string(), id);
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

/// A query term known to the index, with its weight and idf.
struct QueryTerm {
    term: u32,
    weight: f64,
    idf: f64,
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
        let unique: Vec<&str> = tf.keys().copied().collect();
        let ids = self.term_ids(unique.iter().copied());
        let mut known: Vec<u32> = ids.iter().flatten().copied().collect();
        known.sort_unstable();
        known.dedup();
        let (stats, df) = self.stats(&known);
        if stats.n == 0.0 {
            return 0.0;
        }
        let len = [0, 0, u32::try_from(words.len()).unwrap_or(u32::MAX)];
        let itself: f64 = unique
            .iter()
            .zip(&ids)
            .map(|(w, id)| {
                let d = id.and_then(|t| known.binary_search(&t).ok()).map_or(0.0, |i| df[i]);
                term_score(idf(stats.n, d), [0, 0, tf[w]], len, &stats)
            })
            .sum();
        if itself <= 0.0 {
            return 0.0;
        }
        let query: Vec<QueryTerm> =
            known.iter().zip(&df).map(|(t, d)| QueryTerm { term: *t, weight: 1.0, idf: idf(stats.n, *d) }).collect();
        let best = self
            .docs
            .iter()
            .filter(|d| d.meta.status == Status::Active)
            .map(|d| self.score_doc(d, &query, &stats))
            .fold(0.0, f64::max);
        (best / itself).clamp(0.0, 1.0)
    }
}

#[cfg(test)]
mod tests;
