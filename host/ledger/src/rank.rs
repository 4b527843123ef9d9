//! Ranking: lexical relevance times the item's standing.
//!
//! ```text
//! score = relevance · decay · (0.5 + utility) · tier · scope
//! ```
//!
//! - relevance: the item's BM25F score divided by the best score of the
//!   query, in (0, 1]; items sharing no term with the query are not ranked.
//!   Without query words every active item has relevance 1 (inject at
//!   session start ranks by standing alone);
//! - decay: see [`crate::decay`];
//! - utility: the moving average of citation outcomes, so 0.5 + utility is
//!   1 for the neutral prior and ranges over [0.5, 1.5];
//! - tier: gold 1.2, silver 1.1, bronze 1.0, discard or unscored 0.9;
//! - scope: 1.5 when one of the item's `paths` globs matches one of the
//!   paths the caller works on, else 1.
//!
//! Only active items are ranked, and never handoffs. Ties go to the smaller id, so the order is
//! deterministic.

use std::collections::HashMap;

use crate::decay::decay;
use crate::filter::path_matches;
use crate::index::{DocMeta, Index};
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
pub fn rank(index: &Index, query: &Query<'_>, half_life_days: f64, now: Timestamp) -> Vec<Ranked> {
    let has_words = !crate::index::tokens(query.text).is_empty();
    let bm25 = if has_words { index.scores(query.text) } else { Vec::new() };
    let best = bm25.iter().copied().fold(0.0, f64::max);
    if has_words && best <= 0.0 {
        return Vec::new();
    }
    // Many items share globs: match each distinct glob once.
    let mut scope: HashMap<&str, bool> = HashMap::new();
    let mut ranked: Vec<Ranked> = index
        .metas()
        .enumerate()
        // Handoffs reach a session through `take_handoff`, once, not by rank.
        .filter(|(_, meta)| meta.status == Status::Active && meta.kind != Kind::Handoff)
        .filter_map(|(pos, meta)| {
            let relevance = if has_words { bm25[pos] / best } else { 1.0 };
            (relevance > 0.0).then(|| {
                let in_scope = meta.paths.iter().any(|glob| {
                    *scope.entry(glob.as_str()).or_insert_with(|| query.paths.iter().any(|p| path_matches(glob, p)))
                });
                let decay = decay(meta, half_life_days, now);
                let score = relevance
                    * decay
                    * (0.5 + meta.utility)
                    * tier_factor(meta.tier)
                    * if in_scope { SCOPE_BOOST } else { 1.0 };
                Ranked { pos, score, relevance, decay, in_scope }
            })
        })
        .collect();
    let metas: Vec<&DocMeta> = index.metas().collect();
    ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| metas[a.pos].id.cmp(&metas[b.pos].id)));
    ranked
}

#[cfg(test)]
mod tests;
