//! Ranking by meaning as well as by words: when the ledger is given an
//! [`Encoder`] (a sentence-embedding model; the CLI loads all-MiniLM-L6-v2
//! when `[ledger] model` names one), a query's relevance blends its BM25F
//! score with the cosine similarity of the query's vector to each item's.
//!
//! ```text
//! relevance = (1 − w) · bm25 / best_bm25 + w · max(0, (cos − floor) / (best_cos − floor))
//! ```
//!
//! with `w = semantic_weight` and `floor = semantic_floor` from the config:
//! a developer describing a symptom shares few words with the lesson that
//! explains it, but its meaning is close. Items below the floor get nothing
//! from the blend, so unrelated items stay out of a query's results.
//!
//! Item vectors are computed from each item's title, tags and body, stored
//! per content hash ([`store`]), and computed for items without one on the
//! next read that needs them, within [`EMBED_BUDGET`] (the rest rank by
//! words alone until a later read, or `agentops ledger embed`, gets to them).

mod configured;
mod entries;
mod quantized;
mod signs;
mod store;

use std::path::Path;
use std::time::{Duration, Instant};

use crate::error::LedgerError;
use crate::frontmatter::parse;
use crate::index::{Index, Refreshed};
use crate::item::{Item, Kind, Status};
use crate::store::Ledger;
use quantized::Quantized;
use store::Vectors;

/// Something that turns text into a unit vector.
pub trait Encoder: Send + Sync {
    /// Makes the encoder ready before its use: one that loads lazily (so
    /// that loading overlaps a read's other work) loads on the first call
    /// and says what failed, naming the file. Called on every read, from
    /// more than one thread: later calls must be cheap and give the first
    /// call's answer. The other methods are called only after it succeeded.
    fn open(&self) -> Result<(), String> {
        Ok(())
    }
    /// Identifies the model: vectors of another model are never mixed in.
    fn fingerprint(&self) -> [u8; 16];
    fn dims(&self) -> usize;
    /// The unit vector of `text`.
    fn embed(&self, text: &str) -> Vec<f32>;
}

/// all-MiniLM-L6-v2, run by [`agentops_embed`].
impl Encoder for agentops_embed::Model {
    fn fingerprint(&self) -> [u8; 16] {
        agentops_embed::Model::fingerprint(self)
    }

    fn dims(&self) -> usize {
        agentops_embed::Model::dims(self)
    }

    fn embed(&self, text: &str) -> Vec<f32> {
        agentops_embed::Model::embed(self, text)
    }
}

/// How long one read may spend embedding items that have no vector yet.
pub const EMBED_BUDGET: Duration = Duration::from_secs(2);

/// The text of an item that is embedded.
pub(crate) fn item_text(item: &Item) -> String {
    format!("{}. {}. {}", item.title, item.tags.join(" "), item.body.trim())
}

/// The stored vectors of the items a query ranks, found before the query's
/// own vector is ready: a lookup embeds the query on one core while the
/// other checks the index and finds these.
pub(crate) struct ItemVectors {
    /// The position of each ranked item, and its entry in `vectors`.
    ranked: Vec<(usize, Option<u32>)>,
    vectors: Vectors,
    /// How many positions the index has.
    positions: usize,
}

impl ItemVectors {
    /// The vectors of the items of `refreshed`'s index, after embedding
    /// those that have none for at most `budget`: as recorded for this index
    /// and vector file by an earlier query ([`entries`]), or found again and
    /// recorded when every ranked item has one.
    pub fn find(
        ledger: &Ledger,
        refreshed: &Refreshed,
        encoder: &dyn Encoder,
        budget: Duration,
    ) -> Result<Self, LedgerError> {
        let index = &refreshed.index;
        let stored = Vectors::load(ledger.dir(), encoder.fingerprint(), encoder.dims());
        let key =
            |vectors: &Vectors| refreshed.state().map(|index| entries::Key { index, vectors: vectors.identity() });
        let recorded = key(&stored).and_then(|key| entries::read(ledger.dir(), key, index.len(), stored.count()));
        if let Some(ranked) = recorded {
            return Ok(ItemVectors { ranked, vectors: stored, positions: index.len() });
        }
        let (ranked, hashes) = ranked_positions(index);
        let (vectors, found, _) = complete(ledger, index, stored, &ranked, &hashes, encoder, budget)?;
        let ranked: Vec<(usize, Option<u32>)> = ranked.into_iter().zip(found).collect();
        // Recorded only when every ranked item has its vector: one without
        // (not embedded within the budget, or left out of the file as
        // damaged) must be looked for again by the next query.
        let complete = ranked.iter().all(|(_, entry)| entry.is_some());
        if let Some(key) = key(&vectors).filter(|_| complete) {
            entries::write(ledger.dir(), key, index.len(), &ranked);
        }
        Ok(ItemVectors { ranked, vectors, positions: index.len() })
    }

    /// The cosine similarity of the unit vector `query` to each position's
    /// item (0 for an item without a vector), as far as meaning alone
    /// decides: every item's up to `exact_up_to` items; beyond, only those
    /// of the share `shortlist` of items whose sign codes are nearest the
    /// query's. [`Near::with_words`] adds as many of the best by words. A
    /// result needs a high similarity to rank, and the items with one are
    /// among the nearest by code: at 100k items this reads 4.8 MB of codes
    /// instead of 38 MB of values and leaves the ranking a few thousand
    /// items, not all of them. The labelled set keeps its recall with the
    /// share forced on it (test `retrieval_quality_by_meaning_with_a_shortlist`).
    /// Split from the words so that it runs while they are scored.
    pub fn near(&self, query: &[f32], exact_up_to: usize, shortlist: f64) -> Near<'_> {
        let query = Quantized::new(query);
        let mut sims = vec![0.0; self.positions];
        let count = self.vectors.count();
        if count <= exact_up_to {
            let dots = self.vectors.dots(&query);
            for (pos, entry) in &self.ranked {
                if let Some(entry) = entry {
                    sims[*pos] = dots[*entry as usize];
                }
            }
            return Near { items: self, query, sims, shortlist: None };
        }
        let keep = (count as f64 * shortlist).ceil() as usize;
        let near = self.vectors.nearest(&query, keep);
        for (pos, entry) in &self.ranked {
            if let Some(entry) = entry.map(|e| e as usize).filter(|e| near[*e]) {
                sims[*pos] = query.dot(self.vectors.vector(entry));
            }
        }
        Near { items: self, query, sims, shortlist: Some((near, keep)) }
    }
}

/// The similarities [`ItemVectors::near`] computed, waiting for the words.
pub(crate) struct Near<'a> {
    items: &'a ItemVectors,
    query: Quantized,
    sims: Vec<f32>,
    /// Per entry, whether it was on the shortlist, and the shortlist's
    /// length; `None` when every item's similarity is computed.
    shortlist: Option<(Vec<bool>, usize)>,
}

impl Near<'_> {
    /// The similarities, with those of the best by words (`words`, by
    /// position; as many as the shortlist holds) added.
    pub fn with_words(mut self, words: &[f64]) -> Vec<f32> {
        let Some((near, keep)) = &self.shortlist else { return self.sims };
        let least = kth_best(words, *keep);
        for (pos, entry) in &self.items.ranked {
            if let Some(entry) = entry.map(|e| e as usize).filter(|e| !near[*e])
                && words.get(*pos).is_some_and(|w| *w > 0.0 && *w >= least)
            {
                self.sims[*pos] = self.query.dot(self.items.vectors.vector(entry));
            }
        }
        self.sims
    }
}

/// Whether the query's `vector` can be compared with the stored ones: an
/// encoder's vector of another length than it declares is its error.
pub(crate) fn check_vector(vector: &[f32], encoder: &dyn Encoder) -> Result<(), LedgerError> {
    match (vector.len(), encoder.dims()) {
        (got, dims) if got == dims && dims > 0 => Ok(()),
        (got, dims) => Err(LedgerError::Encoder(format!("the encoder gave a vector of {got} values, not {dims}"))),
    }
}

/// The `k`-th best of `scores` (0 when there are fewer): with ties, every
/// score at least this good is among the best `k`.
fn kth_best(scores: &[f64], k: usize) -> f64 {
    let mut positive: Vec<f64> = scores.iter().copied().filter(|s| *s > 0.0).collect();
    if k == 0 || positive.len() < k {
        return 0.0;
    }
    *positive.select_nth_unstable_by(k - 1, |a, b| b.total_cmp(a)).1
}

impl Ledger {
    /// Embeds the items that have no vector yet, or a damaged one, for at
    /// most `budget` (on all cores), so that later queries need not:
    /// `agentops ledger embed`. Returns how many were embedded and how many
    /// are left; nothing to do without an encoder.
    pub fn embed_items(&self, budget: Duration) -> Result<(usize, usize), LedgerError> {
        let Some(encoder) = self.encoder() else { return Ok((0, 0)) };
        encoder.open().map_err(LedgerError::Encoder)?;
        let refreshed = self.index()?;
        let (ranked, hashes) = ranked_positions(&refreshed.index);
        let stored = Vectors::load_verified(self.dir(), encoder.fingerprint(), encoder.dims());
        let had = stored.find_all(&hashes);
        let (_, has, left) = complete(self, &refreshed.index, stored, &ranked, &hashes, encoder.as_ref(), budget)?;
        Ok((has.iter().flatten().count() - had.iter().flatten().count(), left))
    }
}

/// The positions a query ranks (active items other than handoffs, with a
/// content hash) and their hashes.
fn ranked_positions(index: &Index) -> (Vec<usize>, Vec<[u8; 16]>) {
    let hashes = index.content_hashes();
    index
        .positions()
        .filter_map(|p| {
            let row = index.row(p);
            let ranked = row.status == Status::Active && row.kind != Kind::Handoff;
            hashes[p].filter(|_| ranked).map(|h| (p, h))
        })
        .unzip()
}

/// The `stored` vectors with those of `ranked` items (of content `hashes`)
/// that had none added (embedded on all cores for at most `budget`), the
/// entry of each ranked item, and how many items are still without one.
fn complete(
    ledger: &Ledger,
    index: &Index,
    mut vectors: Vectors,
    ranked: &[usize],
    hashes: &[[u8; 16]],
    encoder: &dyn Encoder,
    budget: Duration,
) -> Result<(Vectors, Vec<Option<u32>>, usize), LedgerError> {
    let found = vectors.find_all(hashes);
    // The files to embed, each with the hash its content had when indexed.
    let mut missing: Vec<(String, [u8; 16])> = found
        .iter()
        .zip(ranked.iter().zip(hashes))
        .filter(|(found, _)| found.is_none())
        .map(|(_, (pos, hash))| (index.rel(*pos), *hash))
        .collect();
    missing.sort_unstable_by_key(|(_, h)| *h);
    missing.dedup_by_key(|(_, h)| *h);
    let started = Instant::now();
    let dir = ledger.dir();
    let embedded = crate::index::par::chunks(&missing, 1, |part| {
        part.iter()
            .map_while(|(rel, hash)| (started.elapsed() < budget).then(|| embed_item(dir, encoder, rel, *hash)))
            .flatten()
            .collect()
    });
    let left = missing.len() - embedded.len();
    if embedded.is_empty() {
        return Ok((vectors, found, left));
    }
    vectors.update(ledger.dir(), &index.content_hashes().into_iter().flatten().collect::<Vec<_>>(), embedded)?;
    let found = vectors.find_all(hashes);
    Ok((vectors, found, left))
}

/// The vector of the item file `rel`, when it still has the content whose
/// hash the index recorded.
fn embed_item(dir: &Path, encoder: &dyn Encoder, rel: &str, hash: [u8; 16]) -> Option<([u8; 16], Quantized)> {
    let path = dir.join(rel);
    let bytes = std::fs::read(&path).ok()?;
    if blake3::hash(&bytes).as_bytes()[..16] != hash {
        return None;
    }
    let item = parse(&path, &bytes).ok()?;
    Some((hash, Quantized::new(&encoder.embed(&item_text(&item)))))
}

#[cfg(test)]
mod tests;
