//! Recency decay: an item's retrieval weight halves every `half_life_days`
//! since it was last applied, or else last updated.
//!
//! ```text
//! decay = 0.5 ^ (max(0, now − (last_applied or updated)) / half_life)
//! ```
//!
//! Computed at read time from the timestamps in the file; a read never
//! rewrites an item to record its decay, and file mtimes play no part.

use crate::index::DocMeta;
use crate::time::Timestamp;

const SECS_PER_DAY: f64 = 86_400.0;

/// The decayed weight in (0, 1] of an item at `now`.
pub fn decay(meta: &DocMeta, half_life_days: f64, now: Timestamp) -> f64 {
    decay_since(meta.last_applied.unwrap_or(meta.updated), half_life_days, now)
}

/// The decayed weight at `now` of an item last applied (or updated) at `since`.
pub(crate) fn decay_since(since: Timestamp, half_life_days: f64, now: Timestamp) -> f64 {
    let age_days = (now.unix() - since.unix()).max(0) as f64 / SECS_PER_DAY;
    0.5f64.powf(age_days / half_life_days)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::item::{Kind, Status};

    fn meta(updated: i64, last_applied: Option<i64>) -> DocMeta {
        DocMeta {
            id: "L-1".into(),
            kind: Kind::Learning,
            status: Status::Active,
            tier: None,
            utility: 0.5,
            updated: Timestamp::from_unix(updated),
            last_applied: last_applied.map(Timestamp::from_unix),
            paths: Vec::new(),
        }
    }

    #[test]
    fn halves_every_half_life_from_last_applied_else_updated() {
        let day = 86_400;
        let now = Timestamp::from_unix(1000 * day);
        assert_eq!(decay(&meta(1000 * day, None), 90.0, now), 1.0);
        assert_eq!(decay(&meta(910 * day, None), 90.0, now), 0.5);
        assert_eq!(decay(&meta(820 * day, None), 90.0, now), 0.25);
        // Applied 45 days ago: 2^-0.5, whatever the older update.
        assert!((decay(&meta(0, Some(955 * day)), 90.0, now) - 0.5f64.sqrt()).abs() < 1e-12);
        // A timestamp in the future does not boost.
        assert_eq!(decay(&meta(2000 * day, None), 90.0, now), 1.0);
    }
}
