//! The retrieval index: per item, its term frequencies by field and what
//! ranking needs from its frontmatter, so a query never re-reads every file.
//!
//! Documents have positions. Each has a fixed-size [`Row`] (status, tier,
//! utility, dates, field lengths, ...) and a file name, kept as flat byte
//! tables. Their words live either in a persisted base file ([`Segment`]:
//! postings per term, forward lists per document, read on demand) or, for
//! documents built in memory or changed since the base was written, in
//! plain lists. A query reads the postings of its own terms only; inject
//! without a query never touches term data except for the near-duplicate
//! check of the candidates it walks. Only active items take part in scores
//! and collection statistics. The index is built in memory from items
//! ([`Index::from_items`]) or loaded from `.agents/cache/` and verified
//! against the files ([`cache`]).

mod bm25;
pub(crate) mod cache;
mod codec;
mod delta;
mod fresh;
pub(crate) mod par;
mod row;
mod segment;
mod stem;
mod thesaurus;
mod tokenize;

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

pub use cache::{CACHE_FILE, DELTA_FILE, Refreshed};

#[cfg(test)]
pub(crate) use cache::unix_now;
pub(crate) use fresh::is_item_name;
pub(crate) use row::{Row, kind_code as row_kind_code};
pub(crate) use tokenize::tokens;

use crate::item::{Item, Kind, Status, Tier};
use crate::scoring::Similar;
use crate::time::Timestamp;
use bm25::{FIELDS, Stats, idf, term_score};
use codec::{Reader, Writer};
use delta::Delta;
use row::{LIVE_BYTE, ROW_BYTES};
use segment::{Segment, TermFreq, Vocab};

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

/// The indexed documents.
#[derive(Debug, Default)]
pub struct Index {
    /// [`ROW_BYTES`] per position.
    rows: Vec<u8>,
    /// File names (`L-1.md`), NUL-terminated, one after the other.
    names: Vec<u8>,
    /// Per position, the end of its name (past the NUL) in `names`.
    ends: Vec<u32>,
    /// Positions below this are the base file's documents.
    nb: usize,
    base: Option<Arc<Segment>>,
    base_paths: OnceLock<Option<Vec<u8>>>,
    base_vocab: OnceLock<Option<Vocab>>,
    /// Path globs of the documents from `nb` on, addressed by their rows.
    paths: Vec<u8>,
    /// Terms the base does not have, with ids from `first_term`.
    vocab: Vec<String>,
    ids: HashMap<String, u32>,
    first_term: u32,
    /// Terms of the documents from `nb` on, sorted by id.
    lists: Vec<Vec<TermFreq>>,
    /// Content hashes of the documents from `nb` on (none for documents
    /// indexed from memory).
    hashes: Vec<Option<[u8; 16]>>,
    /// Active live documents and their summed field lengths.
    active: u64,
    sum_len: [u64; FIELDS],
    /// Set when a lazily read part of the base turned out damaged; the
    /// caller then rebuilds and asks again.
    damaged: AtomicBool,
}

impl Index {
    /// Indexes `items` in memory, at positions in the order given.
    pub fn from_items<'a>(items: impl IntoIterator<Item = &'a Item>) -> Self {
        let mut index = Index::default();
        for item in items {
            let (len, words) = words_of(item);
            let mut terms: Vec<TermFreq> = words.into_iter().map(|(w, tf)| (index.intern(&w), tf)).collect();
            terms.sort_unstable_by_key(|(t, _)| *t);
            index.push(&format!("{}.md", item.id), Row::of(item, len), &item.paths, terms, None);
        }
        index
    }

    /// The base `seg` with `delta` on top; `None` when either is damaged.
    pub(crate) fn open(seg: Arc<Segment>, delta: &Delta) -> Option<Index> {
        let (names, ends) = seg.names()?;
        Index::assemble(seg, names, ends, delta)
    }

    /// [`open`](Self::open), given the base's names (read already).
    pub(crate) fn assemble(seg: Arc<Segment>, names: Vec<u8>, ends: Vec<u32>, delta: &Delta) -> Option<Index> {
        let rows = seg.section(segment::ROWS)?.into_owned();
        Index::build(seg, names, ends, rows, delta)
    }

    /// This index's base with `delta` on top instead, reusing the base's
    /// names and rows already read.
    pub(crate) fn rebase(self, delta: &Delta) -> Option<Index> {
        let (nb, seg) = (self.nb, self.base?);
        let (mut names, mut ends, mut rows) = (self.names, self.ends, self.rows);
        ends.truncate(nb);
        names.truncate(ends.last().map_or(0, |e| *e as usize));
        rows.truncate(nb * ROW_BYTES);
        for row in rows.chunks_exact_mut(ROW_BYTES) {
            row[LIVE_BYTE] = 1;
        }
        Index::build(seg, names, ends, rows, delta)
    }

    fn build(seg: Arc<Segment>, names: Vec<u8>, ends: Vec<u32>, mut rows: Vec<u8>, delta: &Delta) -> Option<Index> {
        let nb = seg.docs();
        let (mut active, mut sum_len) = (seg.h.active, seg.h.sum_len);
        for (k, w) in seg.h.folder_start.windows(2).enumerate() {
            for row in rows.get(w[0] as usize * ROW_BYTES..w[1] as usize * ROW_BYTES)?.chunks_exact(ROW_BYTES) {
                // Kind (= folder), status, tier, live: in range.
                if usize::from(row[0]) != k || row[1] >= 3 || row[2] > 4 || row[LIVE_BYTE] != 1 {
                    return None;
                }
            }
        }
        let replaced = delta.docs.iter().filter_map(|(b, _)| *b);
        for pos in delta.tombstones.iter().copied().chain(replaced) {
            let at = (pos as usize).checked_mul(ROW_BYTES).filter(|at| *at < rows.len())?;
            let row = Row::decode(&rows[at..])?;
            if !row.live {
                return None; // removed twice
            }
            if row.status == Status::Active {
                active -= 1;
                for (sum, len) in sum_len.iter_mut().zip(row.len) {
                    *sum -= u64::from(len);
                }
            }
            rows[at + LIVE_BYTE] = 0;
        }
        let first_term = u32::try_from(seg.h.terms).ok()?;
        let mut index = Index {
            rows,
            names,
            ends,
            nb,
            base: Some(seg),
            active,
            sum_len,
            first_term,
            vocab: delta.vocab.clone(),
            ..Index::default()
        };
        index.ids = index.vocab.iter().enumerate().map(|(i, t)| (t.clone(), first_term + i as u32)).collect();
        let bound = u64::from(first_term) + delta.vocab.len() as u64;
        for (base, record) in &delta.docs {
            if record.terms.last().is_some_and(|(t, _)| u64::from(*t) >= bound) {
                return None;
            }
            if let Some(b) = base {
                let b = *b as usize;
                let same_kind =
                    index.base.as_ref().map(|s| s.folder_of(b)) == Some(row::kind_code(record.row.kind).into());
                if !same_kind || index.name(b) != record.name.as_bytes() {
                    return None;
                }
            }
            index.push(&record.name, record.row, &record.paths, record.terms.clone(), Some(record.hash));
        }
        Some(index)
    }

    /// Appends a document.
    fn push(&mut self, name: &str, row: Row, paths: &[String], terms: Vec<TermFreq>, hash: Option<[u8; 16]>) {
        self.hashes.push(hash);
        let mut w = Writer::default();
        for p in paths {
            w.str(p);
        }
        let row = Row { live: true, paths_at: self.paths.len() as u32, paths_len: w.buf.len() as u32, ..row };
        self.paths.extend_from_slice(&w.buf);
        row.encode(&mut self.rows);
        self.names.extend_from_slice(name.as_bytes());
        self.names.push(0);
        self.ends.push(self.names.len() as u32);
        if row.status == Status::Active {
            self.active += 1;
            for (sum, len) in self.sum_len.iter_mut().zip(row.len) {
                *sum += u64::from(len);
            }
        }
        self.lists.push(terms);
    }

    /// The id of `word`, adding it to the in-memory vocabulary if new.
    fn intern(&mut self, word: &str) -> u32 {
        if let Some(id) = self.base_vocab().and_then(|v| v.lookup(word)) {
            return id;
        }
        if let Some(id) = self.ids.get(word) {
            return *id;
        }
        let id = self.first_term + self.vocab.len() as u32;
        self.vocab.push(word.to_string());
        self.ids.insert(word.to_string(), id);
        id
    }

    /// Number of positions (including replaced base documents).
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The row at `pos` (validated when loaded).
    pub(crate) fn row(&self, pos: usize) -> Row {
        Row::decode(&self.rows[pos * ROW_BYTES..]).expect("rows are validated when loaded")
    }

    pub(crate) fn live(&self, pos: usize) -> bool {
        self.rows[pos * ROW_BYTES + LIVE_BYTE] != 0
    }

    /// The positions of live documents.
    pub(crate) fn positions(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.len()).filter(|p| self.live(*p))
    }

    /// The file name at `pos`, NUL included.
    fn cname(&self, pos: usize) -> &[u8] {
        let start = if pos == 0 { 0 } else { self.ends[pos - 1] as usize };
        &self.names[start..self.ends[pos] as usize]
    }

    /// The file name at `pos` (`L-1.md`).
    fn name(&self, pos: usize) -> &[u8] {
        let c = self.cname(pos);
        &c[..c.len() - 1]
    }

    /// The id at `pos`: its file name without `.md` (the two are equal for
    /// every item that parses).
    pub(crate) fn id(&self, pos: usize) -> &str {
        let name = self.name(pos);
        std::str::from_utf8(name.strip_suffix(b".md").unwrap_or(name)).unwrap_or_default()
    }

    /// The hash of each position's file content (blake3, 16 bytes), as
    /// indexed; `None` for documents indexed from memory, or when the base's
    /// hashes cannot be read.
    pub(crate) fn content_hashes(&self) -> Vec<Option<[u8; 16]>> {
        let base = self.base.as_ref().and_then(|seg| seg.section(segment::HASHES));
        let mut out: Vec<Option<[u8; 16]>> = match base {
            Some(bytes) if bytes.len() == self.nb * 16 => bytes.chunks_exact(16).map(|c| c.try_into().ok()).collect(),
            _ => vec![None; self.nb],
        };
        out.extend(self.hashes.iter().copied());
        out
    }

    /// The item file of the document at `pos`, relative to `.agents/`.
    pub(crate) fn rel(&self, pos: usize) -> String {
        let name = std::str::from_utf8(self.name(pos)).unwrap_or_default();
        format!("{}/{name}", self.row(pos).kind.folder())
    }

    /// Reads every base document's path globs at once (ranking by scope
    /// needs them all; otherwise each is read on its own).
    pub(crate) fn load_paths(&self) {
        if self.nb > 0 {
            self.base_paths.get_or_init(|| Some(self.base.as_ref()?.section(segment::PATHS)?.into_owned()));
        }
    }

    /// The path globs of the document at `pos`.
    pub(crate) fn paths(&self, pos: usize) -> Vec<String> {
        let mut out = Vec::new();
        self.any_path(pos, |p| {
            out.push(p.to_string());
            false
        });
        out
    }

    /// Whether `f` holds for one of the path globs of the document at
    /// `pos` (each is passed until one does).
    pub(crate) fn any_path(&self, pos: usize, mut f: impl FnMut(&str) -> bool) -> bool {
        let row = self.row(pos);
        let range = row.paths_at as usize..row.paths_at as usize + row.paths_len as usize;
        let bytes: std::borrow::Cow<'_, [u8]> = if pos >= self.nb {
            self.paths.get(range).unwrap_or_default().into()
        } else if let Some(loaded) = self.base_paths.get() {
            loaded.as_deref().and_then(|b| b.get(range)).unwrap_or_default().into()
        } else {
            let seg = self.base.as_ref().expect("base documents have a base");
            seg.read(segment::PATHS, u64::from(row.paths_at), u64::from(row.paths_len)).unwrap_or_default()
        };
        if bytes.len() != row.paths_len as usize {
            self.damaged.store(true, Ordering::Relaxed);
            return false;
        }
        let mut r = Reader::new(&bytes);
        while !r.is_empty() {
            match r.str() {
                Some(p) if f(p) => return true,
                Some(_) => {}
                None => {
                    self.damaged.store(true, Ordering::Relaxed);
                    return false;
                }
            }
        }
        false
    }

    /// Every field of the document at `pos`.
    pub fn meta(&self, pos: usize) -> DocMeta {
        let row = self.row(pos);
        DocMeta {
            id: self.id(pos).to_string(),
            kind: row.kind,
            status: row.status,
            tier: row.tier,
            utility: row.utility,
            updated: Timestamp::from_unix(row.updated),
            last_applied: row.last_applied.map(Timestamp::from_unix),
            paths: self.paths(pos),
        }
    }

    /// Every indexed item's metadata, in index order.
    pub fn metas(&self) -> impl Iterator<Item = DocMeta> + '_ {
        self.positions().map(|p| self.meta(p))
    }

    /// Every indexed item's id, in index order.
    pub fn ids(&self) -> impl Iterator<Item = &str> + '_ {
        self.positions().map(|p| self.id(p))
    }

    /// Whether an item with this id is indexed (any kind, any status).
    pub fn contains_id(&self, id: &str) -> bool {
        let name = format!("{id}.md");
        let in_base = self.base.as_ref().is_some_and(|seg| {
            seg.h.folder_start.windows(2).any(|w| {
                let (mut lo, mut hi) = (w[0] as usize, w[1] as usize);
                while lo < hi {
                    let mid = (lo + hi) / 2;
                    match self.name(mid).cmp(name.as_bytes()) {
                        std::cmp::Ordering::Less => lo = mid + 1,
                        std::cmp::Ordering::Greater => hi = mid,
                        std::cmp::Ordering::Equal => return self.live(mid),
                    }
                }
                false
            })
        });
        in_base || (self.nb..self.len()).any(|p| self.live(p) && self.name(p) == name.as_bytes())
    }

    /// Whether a lazily read part of the persisted index was damaged.
    pub(crate) fn damaged(&self) -> bool {
        self.damaged.load(Ordering::Relaxed)
    }

    fn base_vocab(&self) -> Option<&Vocab> {
        self.base_vocab.get_or_init(|| self.base.as_ref().and_then(|s| s.vocab())).as_ref()
    }

    /// The BM25F score of every active item against `query`, by index
    /// position; items that share no term with the query score 0. The query
    /// is expanded with the thesaurus ([`thesaurus`]): each term's
    /// contribution is multiplied by its weight (1, or less for synonyms).
    /// Ids of the live documents matching `word`, sorted (for tests).
    #[cfg(test)]
    pub(crate) fn ids_matching(&self, word: &str) -> Vec<String> {
        let scores = self.scores(word);
        let mut ids: Vec<String> =
            self.positions().filter(|p| scores[*p] > 0.0).map(|p| self.id(p).to_string()).collect();
        ids.sort();
        ids
    }

    pub fn scores(&self, query: &str) -> Vec<f64> {
        let expanded = thesaurus::expand(&tokens(query));
        self.bm25(&expanded).0
    }

    /// Collection statistics over active items.
    fn stats(&self) -> Stats {
        let n = self.active as f64;
        Stats { n, avg_len: self.sum_len.map(|t| if n > 0.0 { t as f64 / n } else { 0.0 }) }
    }

    /// The scores of every position for the weighted `terms` (distinct),
    /// the statistics and each term's document frequency. Each document's
    /// sum runs over the terms in text order, so a score does not depend on
    /// how the index was built. Postings are scored as they are decoded (a
    /// common term of a 100k-item ledger has ~50k of them).
    fn bm25(&self, terms: &[(String, f64)]) -> (Vec<f64>, Stats, Vec<f64>) {
        let stats = self.stats();
        let mut scores = vec![0.0; self.len()];
        let mut df = vec![0.0; terms.len()];
        let mut order: Vec<usize> = (0..terms.len()).collect();
        order.sort_by(|a, b| terms[*a].0.cmp(&terms[*b].0));
        let bound = self.nb as u64;
        for i in order {
            let (word, weight) = &terms[i];
            let base_id = self.base_term(word);
            let raw = match (&self.base, base_id) {
                (Some(seg), Some(id)) => seg.postings(id).or_else(|| {
                    self.damaged.store(true, Ordering::Relaxed);
                    None
                }),
                _ => None,
            };
            let extra = base_id.or_else(|| self.ids.get(word.as_str()).copied()).map(|id| self.extra_postings(id));
            let mut n = extra.as_ref().map_or(0, Vec::len);
            if let Some(raw) = &raw {
                let counted = segment::each(raw, bound, |pos, _| n += usize::from(self.live(pos as usize)));
                if counted.is_none() {
                    self.damaged.store(true, Ordering::Relaxed);
                    continue;
                }
            }
            df[i] = n as f64;
            let idf = idf(stats.n, df[i]);
            let mut add = |pos: u32, tf| {
                let pos = pos as usize;
                scores[pos] += weight * term_score(idf, tf, self.row(pos).len, &stats);
            };
            if let Some(raw) = &raw {
                segment::each(raw, bound, |pos, tf| {
                    if self.live(pos as usize) {
                        add(pos, tf);
                    }
                });
            }
            extra.into_iter().flatten().for_each(|(pos, tf)| add(pos, tf));
        }
        (scores, stats, df)
    }

    /// The base id of `word`, if the base has it.
    fn base_term(&self, word: &str) -> Option<u32> {
        if let Some(vocab) = self.base_vocab.get() {
            return vocab.as_ref()?.lookup(word);
        }
        match self.base.as_ref()?.find_term(word) {
            Some(found) => found,
            None => {
                self.damaged.store(true, Ordering::Relaxed);
                None
            }
        }
    }

    /// The active live documents from `nb` on holding term `id`.
    fn extra_postings(&self, id: u32) -> Vec<TermFreq> {
        let mut out = Vec::new();
        for (i, terms) in self.lists.iter().enumerate() {
            let pos = self.nb + i;
            if !self.live(pos) || self.row(pos).status != Status::Active {
                continue;
            }
            if let Ok(k) = terms.binary_search_by_key(&id, |(t, _)| *t) {
                out.push((pos as u32, terms[k].1));
            }
        }
        out
    }

    /// The set of term ids of the item at `pos`, for near-duplicate checks
    /// (ids are comparable across all positions).
    pub(crate) fn term_set(&self, pos: usize) -> Vec<u32> {
        self.terms(pos).into_iter().map(|(t, _)| t).collect()
    }

    /// The terms of the document at `pos`.
    fn terms(&self, pos: usize) -> Vec<TermFreq> {
        if pos >= self.nb {
            return self.lists[pos - self.nb].clone();
        }
        match self.base.as_ref().and_then(|s| s.forward(pos)) {
            Some(terms) => terms,
            None => {
                self.damaged.store(true, Ordering::Relaxed);
                Vec::new()
            }
        }
    }
}

/// An item's field lengths and its distinct terms with their frequencies
/// in title, tags and body.
pub(crate) fn words_of(item: &Item) -> ([u32; FIELDS], Vec<(String, [u32; FIELDS])>) {
    let fields = [tokens(&item.title), tokens(&item.tags.join(" ")), tokens(&item.body)];
    let mut counts: HashMap<&str, [u32; FIELDS]> = HashMap::new();
    for (f, words) in fields.iter().enumerate() {
        for word in words {
            counts.entry(word).or_default()[f] += 1;
        }
    }
    let mut words: Vec<(String, [u32; FIELDS])> = counts.into_iter().map(|(w, tf)| (w.to_string(), tf)).collect();
    words.sort_unstable();
    (fields.map(|w| u32::try_from(w.len()).unwrap_or(u32::MAX)), words)
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
        let mut unique: Vec<(String, f64)> = tf.keys().map(|w| (w.to_string(), 1.0)).collect();
        unique.sort_by(|a, b| a.0.cmp(&b.0));
        let (scores, stats, df) = self.bm25(&unique);
        if stats.n == 0.0 {
            return 0.0;
        }
        let len = [0, 0, u32::try_from(words.len()).unwrap_or(u32::MAX)];
        let itself: f64 = unique
            .iter()
            .zip(&df)
            .map(|((w, _), d)| term_score(idf(stats.n, *d), [0, 0, tf[w.as_str()]], len, &stats))
            .sum();
        if itself <= 0.0 {
            return 0.0;
        }
        let best = scores.into_iter().fold(0.0, f64::max);
        (best / itself).clamp(0.0, 1.0)
    }
}

#[cfg(test)]
mod freshness_tests;
#[cfg(test)]
mod tests;
