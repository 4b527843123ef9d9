//! Ranking: lexical relevance times the item's standing.
//!
//! ```text
//! score = relevance · decay · (0.5 + utility) · tier · scope
//! ```
//!
//! - relevance: the item's BM25F score divided by the best score of the
//!   query, in (0, 1]; items sharing no term with the query are not ranked.
//!   With an encoder, blended with the similarity of meaning
//!   ([`crate::semantic`]), and items close enough in meaning are ranked
//!   without a shared term. Without query words every active item has
//!   relevance 1 (inject at session start ranks by standing alone);
//! - decay: see [`crate::decay`];
//! - utility: the moving average of citation outcomes, so 0.5 + utility is
//!   1 for the neutral prior and ranges over [0.5, 1.5];
//! - tier: gold 1.2, silver 1.1, bronze 1.0, discard or unscored 0.9;
//! - scope: 1.5 when one of the item's `paths` globs matches one of the
//!   paths the caller works on, else 1.
//!
//! Only active items are ranked, and never handoffs. Ties go to the smaller id, so the order is
//! deterministic.

use std::cell::{Cell, RefCell};
use std::cmp::Ordering;
use std::collections::HashMap;

use crate::decay::decay_since;
use crate::filter::path_matches;
use crate::index::Index;
use crate::index::row_kind_code as kind_code;
use crate::item::{Kind, Status, Tier};
use crate::time::Timestamp;

/// What to retrieve for.
#[derive(Debug, Clone, Copy, Default)]
pub struct Query<'a> {
    /// Words to match; empty ranks by standing alone.
    pub text: &'a str,
    /// Project-relative files being worked on, for path scope.
    pub paths: &'a [String],
}

/// One ranked item, with the factors of its score.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    /// Position in the index.
    pub pos: usize,
    pub score: f64,
    pub relevance: f64,
    pub decay: f64,
    pub in_scope: bool,
}

/// Boost of an item whose paths cover a file being worked on.
pub const SCOPE_BOOST: f64 = 1.5;

/// The tier factor of the formula.
pub fn tier_factor(tier: Option<Tier>) -> f64 {
    match tier {
        Some(Tier::Gold) => 1.2,
        Some(Tier::Silver) => 1.1,
        Some(Tier::Bronze) => 1.0,
        Some(Tier::Discard) | None => 0.9,
    }
}

/// The active items of `index` relevant to `query`, best first.
#[cfg(test)]
pub fn rank(index: &Index, query: &Query<'_>, half_life_days: f64, now: Timestamp) -> Vec<Ranked> {
    let ranking = Ranking::new(index, query, half_life_days, now);
    ranking.iter(index).collect()
}

/// The active items of an index relevant to a query, sorted only as far as
/// they are read: a session-start inject reads about a hundred of up to
/// 100k ranked items, and a full sort of them (many ties, broken by
/// comparing ids) would cost more than the rest of the ranking. The order is
/// [`compare`]'s, a total order, so the prefix read is exactly that of a
/// full sort. An item is kept as its score and position only (a 100k-item
/// ranking is then 1.6 MB of fresh memory, not 4 MB); the other factors are
/// computed again, identically, for the items read.
#[derive(Debug)]
pub(crate) struct Ranking {
    items: RefCell<Vec<(f64, u32)>>,
    /// `items[..sorted]` are the best, in order.
    sorted: Cell<usize>,
    /// The BM25F scores and the best of them (empty without query words).
    bm25: Vec<f64>,
    best: f64,
    /// The meaning's share of relevance, by position (empty without an
    /// encoder), already weighted and scaled to [0, weight].
    meaning: Vec<f64>,
    /// The words' weight: 1 without an encoder.
    words: f64,
    paths: Vec<String>,
    half_life_days: f64,
    now: Timestamp,
}

impl Ranking {
    /// Scores the active items of `index` relevant to `query`.
    pub fn new(index: &Index, query: &Query<'_>, half_life_days: f64, now: Timestamp) -> Self {
        Ranking::blended(index, query, word_scores(index, query), None, half_life_days, now)
    }

    /// [`new`](Self::new), given the query's BM25F scores by position
    /// ([`word_scores`]) and with its similarity of meaning to each
    /// position's item blended in: `(similarities, weight, floor)`.
    pub fn blended(
        index: &Index,
        query: &Query<'_>,
        bm25: Vec<f64>,
        meaning: Option<(&[f32], f64, f64)>,
        half_life_days: f64,
        now: Timestamp,
    ) -> Self {
        let has_words = !bm25.is_empty();
        let best = bm25.iter().copied().fold(0.0, f64::max);
        let (meaning, words) = match meaning.filter(|_| has_words) {
            Some((sims, weight, floor)) => (scale_meaning(sims, weight, floor), 1.0 - weight),
            None => (Vec::new(), 1.0),
        };
        let mut ranking = Ranking {
            items: RefCell::default(),
            sorted: Cell::new(0),
            bm25,
            best,
            meaning,
            words,
            paths: query.paths.to_vec(),
            half_life_days,
            now,
        };
        if has_words && best <= 0.0 && ranking.meaning.iter().all(|m| *m <= 0.0) {
            return ranking;
        }
        if !query.paths.is_empty() {
            index.load_paths();
        }
        // Many items share globs: match each distinct glob once.
        let mut scope: HashMap<String, bool> = HashMap::new();
        let mut items = Vec::new();
        for pos in index.positions() {
            if let Some(r) = ranking.factors(index, pos, &mut scope) {
                items.push((r.score, pos as u32));
            }
        }
        ranking.items = RefCell::new(items);
        ranking
    }

    /// The score of the item at `pos` and its factors; `None` when it is
    /// not ranked.
    fn factors(&self, index: &Index, pos: usize, scope: &mut HashMap<String, bool>) -> Option<Ranked> {
        let lexical = if self.best > 0.0 { self.bm25[pos] / self.best } else { 0.0 };
        let relevance = match (self.bm25.is_empty(), self.meaning.get(pos)) {
            (true, _) => 1.0,
            (false, None) => lexical,
            (false, Some(meaning)) => self.words * lexical + meaning,
        };
        // Not `<= 0.0`: a NaN relevance is left out too.
        if relevance.partial_cmp(&0.0) != Some(Ordering::Greater) {
            return None;
        }
        // Decoded only now: most of a large ledger's items are not relevant.
        let row = index.row(pos);
        // Handoffs reach a session through `take_handoff`, once, not by rank.
        if row.status != Status::Active || row.kind == Kind::Handoff {
            return None;
        }
        let in_scope = !self.paths.is_empty()
            && index.any_path(pos, |glob| match scope.get(glob) {
                Some(hit) => *hit,
                None => *scope.entry(glob.to_string()).or_insert(self.paths.iter().any(|p| path_matches(glob, p))),
            });
        let decay = decay_since(row.since(), self.half_life_days, self.now);
        let score =
            relevance * decay * (0.5 + row.utility) * tier_factor(row.tier) * if in_scope { SCOPE_BOOST } else { 1.0 };
        Some(Ranked { pos, score, relevance, decay, in_scope })
    }

    /// The `i`-th best item; sorts the next block first when needed: 256
    /// (more than inject walks with its 64 misfits after the last fit), then
    /// doubling. Selecting a block costs a pass over all items.
    pub fn get(&self, index: &Index, i: usize) -> Option<Ranked> {
        let mut items = self.items.borrow_mut();
        if i >= items.len() {
            return None;
        }
        let sorted = self.sorted.get();
        if i >= sorted {
            let want = (i + 1).max(sorted * 2).max(256).min(items.len());
            let rest = &mut items[sorted..];
            let k = want - sorted;
            let order = |a: &(f64, u32), b: &(f64, u32)| compare(index, a, b);
            if k < rest.len() {
                rest.select_nth_unstable_by(k - 1, order);
            }
            rest[..k].sort_unstable_by(order);
            self.sorted.set(want);
        }
        let (score, pos) = items[i];
        drop(items);
        let ranked = self.factors(index, pos as usize, &mut HashMap::new());
        debug_assert_eq!(ranked.as_ref().map(|r| r.score.to_bits()), Some(score.to_bits()));
        ranked
    }

    /// The items, best first.
    pub fn iter<'a>(&'a self, index: &'a Index) -> impl Iterator<Item = Ranked> + 'a {
        (0..).map_while(move |i| self.get(index, i))
    }
}

/// The BM25F score of each position's item for `query`; empty when the
/// query has no words.
pub(crate) fn word_scores(index: &Index, query: &Query<'_>) -> Vec<f64> {
    if crate::index::tokens(query.text).is_empty() { Vec::new() } else { index.scores(query.text) }
}

/// Each similarity above `floor` as its share of `weight`, scaled so that
/// the most similar item gets all of it; 0 for the others.
fn scale_meaning(sims: &[f32], weight: f64, floor: f64) -> Vec<f64> {
    let best = sims.iter().map(|s| f64::from(*s)).fold(floor, f64::max);
    if best <= floor {
        return vec![0.0; sims.len()];
    }
    sims.iter().map(|s| weight * ((f64::from(*s) - floor) / (best - floor)).max(0.0)).collect()
}

/// The ranking order of (score, position): better score first, then the
/// smaller id, then the kind folders' order (two kinds may hold the same
/// id).
pub(crate) fn compare(index: &Index, a: &(f64, u32), b: &(f64, u32)) -> Ordering {
    let (a, b) = ((a.0, a.1 as usize), (b.0, b.1 as usize));
    b.0.total_cmp(&a.0)
        .then_with(|| index.id(a.1).cmp(index.id(b.1)))
        .then_with(|| kind_code(index.row(a.1).kind).cmp(&kind_code(index.row(b.1).kind)))
        .then(a.1.cmp(&b.1))
}

#[cfg(test)]
mod tests;
