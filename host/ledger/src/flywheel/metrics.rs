//! σ, ρ and δ of one window, from the items and the citation log.
//!
//! The window is the half-open interval (start, end]. Definitions (also in
//! docs/ledger.md, "Flywheel"):
//!
//! - an item is *active at t* when `created` ≤ t and it had not left the
//!   active status by t: its status is `active`, or it is superseded or
//!   retired with `updated` > t (retire and supersede set `updated` to the
//!   moment of the change). Handoffs are messages, not knowledge, and never
//!   count;
//! - A = the items active at `end`;
//! - a citation counts for the item of A whose lineage holds its id, so the
//!   lines of a learning count for the pattern it was promoted to;
//! - σ = |R| / |A|, R = items of A with a `retrieved` citation in the window;
//! - ρ = |P| / |R|, P = items of R with an `applied` citation in the window;
//! - δ = |D| / |A|, D = items of A whose decayed weight fell below
//!   `live_threshold` during the window: w(start) ≥ live > w(end);
//! - w(t) is [`crate::decay`] counted from the item's anchor at t: its last
//!   application at or before t (the log's `applied` lines of its lineage,
//!   or the file's `last_applied`), else `updated` when it is ≤ t, else
//!   `created`;
//! - a ratio with an empty denominator is 0.

use std::collections::HashMap;

use crate::citation_log::Citation;
use crate::citations::How;
use crate::decay::decay;
use crate::index::DocMeta;
use crate::item::{Item, Kind, Status};
use crate::lineage::Lineages;
use crate::time::Timestamp;

/// The flywheel's figures over one window.
#[derive(Debug, Clone, PartialEq)]
pub struct Metrics {
    pub start: Timestamp,
    pub end: Timestamp,
    /// Citation lines (of any kind, any item) in the window.
    pub events: usize,
    /// |A|, |R|, |P|, |D| of the definitions above.
    pub active: usize,
    pub retrieved: usize,
    pub applied: usize,
    pub faded: usize,
    pub sigma: f64,
    pub rho: f64,
    pub delta: f64,
}

impl Metrics {
    /// σ·ρ − δ: positive when the knowledge compounds.
    pub fn margin(&self) -> f64 {
        self.sigma * self.rho - self.delta
    }
}

/// The decay settings of `[ledger]`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Decay {
    pub half_life_days: f64,
    pub live_threshold: f64,
}

/// Whether `item` counts as active at `t` (see the module docs).
pub(crate) fn active_at(item: &Item, t: Timestamp) -> bool {
    item.kind != Kind::Handoff && item.created <= t && (item.status == Status::Active || item.updated > t)
}

/// The metrics of the window (start, end].
pub(crate) fn measure(
    items: &[Item],
    citations: &[Citation],
    start: Timestamp,
    end: Timestamp,
    decay: Decay,
) -> Metrics {
    let lineages = Lineages::new(items);
    let active: Vec<&Item> = items.iter().filter(|i| active_at(i, end)).collect();
    // An item's own id first, so an ancestor still active keeps its lines.
    let mut owner: HashMap<&str, usize> = active.iter().enumerate().map(|(k, i)| (i.id.as_str(), k)).collect();
    let lineage_ids: Vec<Vec<String>> = active.iter().map(|i| lineages.of(i).ids).collect();
    for (k, ids) in lineage_ids.iter().enumerate() {
        for id in ids {
            owner.entry(id.as_str()).or_insert(k);
        }
    }
    let in_window = |t: Timestamp| start < t && t <= end;
    let n = active.len();
    let (mut retrieved, mut applied) = (vec![false; n], vec![false; n]);
    let (mut applied_by_start, mut applied_by_end): (Vec<Option<Timestamp>>, Vec<Option<Timestamp>>) =
        (vec![None; n], vec![None; n]);
    let mut events = 0;
    for c in citations {
        events += usize::from(in_window(c.ts));
        let Some(&k) = owner.get(c.id.as_str()) else { continue };
        match c.how {
            How::Retrieved if in_window(c.ts) => retrieved[k] = true,
            How::Applied => {
                applied[k] |= in_window(c.ts);
                for (latest, t) in [(&mut applied_by_start[k], start), (&mut applied_by_end[k], end)] {
                    if c.ts <= t {
                        *latest = (*latest).max(Some(c.ts));
                    }
                }
            }
            _ => {}
        }
    }
    let faded = (0..n)
        .filter(|&k| {
            let w_start = weight(active[k], applied_by_start[k], start, decay.half_life_days);
            let w_end = weight(active[k], applied_by_end[k], end, decay.half_life_days);
            w_start >= decay.live_threshold && w_end < decay.live_threshold
        })
        .count();
    let retrieved_count = retrieved.iter().filter(|r| **r).count();
    let applied_count = (0..n).filter(|&k| retrieved[k] && applied[k]).count();
    Metrics {
        start,
        end,
        events,
        active: n,
        retrieved: retrieved_count,
        applied: applied_count,
        faded,
        sigma: ratio(retrieved_count, n),
        rho: ratio(applied_count, retrieved_count),
        delta: ratio(faded, n),
    }
}

/// The decayed weight of `item` at `t`, given its last logged application
/// at or before `t`.
fn weight(item: &Item, logged: Option<Timestamp>, t: Timestamp, half_life_days: f64) -> f64 {
    let applied = logged.max(item.last_applied.filter(|a| *a <= t));
    let anchor = applied.unwrap_or(if item.updated <= t { item.updated } else { item.created });
    let meta = DocMeta {
        id: item.id.clone(),
        kind: item.kind,
        status: item.status,
        tier: item.tier,
        utility: item.utility,
        updated: anchor,
        last_applied: None,
        paths: Vec::new(),
    };
    decay(&meta, half_life_days, t)
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 { 0.0 } else { part as f64 / whole as f64 }
}
