//! The knowledge flywheel: is the ledger used faster than it fades?
//!
//! Over a window ending now, σ (share of active items retrieved), ρ (share
//! of retrieved items applied) and δ (share of active items whose weight
//! fell below the live threshold) are measured ([`metrics`]); the knowledge
//! compounds when σ·ρ > δ. A window with fewer citation lines than
//! `[ledger.flywheel] min_events` is dormant: too quiet to judge either way.
//! The trend compares σ·ρ − δ with the previous window of the same length,
//! at three decimals.

mod metrics;
mod window;

pub use metrics::Metrics;
use metrics::{Decay, measure};
pub use window::Window;

use crate::error::{FileError, LedgerError};
use crate::store::Ledger;
use crate::time::Timestamp;

/// The judgement of a window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Compounding,
    NotCompounding,
    /// Fewer events than `min_events`.
    Dormant,
}

impl Verdict {
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Compounding => "compounding",
            Verdict::NotCompounding => "not compounding",
            Verdict::Dormant => "dormant",
        }
    }
}

/// How σ·ρ − δ moved since the previous window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trend {
    Rising,
    Steady,
    Falling,
    /// One of the two windows is dormant.
    Unknown,
}

impl Trend {
    pub fn name(self) -> &'static str {
        match self {
            Trend::Rising => "rising",
            Trend::Steady => "steady",
            Trend::Falling => "falling",
            Trend::Unknown => "unknown",
        }
    }
}

/// The flywheel's state over a window and the one before it.
#[derive(Debug)]
pub struct Flywheel {
    pub window: Window,
    pub current: Metrics,
    pub previous: Metrics,
    pub verdict: Verdict,
    pub trend: Trend,
    /// The events a window needs to be judged.
    pub min_events: u32,
    /// Item files and log lines that could not be read.
    pub errors: Vec<FileError>,
}

impl Ledger {
    /// Measures the window of length `window` ending at `now`, and the one before.
    pub fn flywheel(&self, window: Window, now: Timestamp) -> Result<Flywheel, LedgerError> {
        let loaded = self.load();
        let log = self.citations()?;
        let decay =
            Decay { half_life_days: self.config().half_life_days, live_threshold: self.config().live_threshold };
        let start = Timestamp::from_unix(now.unix() - window.secs());
        let before = Timestamp::from_unix(start.unix() - window.secs());
        let current = measure(&loaded.items, &log.citations, start, now, decay);
        let previous = measure(&loaded.items, &log.citations, before, start, decay);
        let min_events = self.config().flywheel.min_events;
        let (verdict, trend) = judge(&current, &previous, min_events);
        let mut errors = loaded.errors;
        errors.extend(log.errors);
        Ok(Flywheel { window, current, previous, verdict, trend, min_events, errors })
    }
}

/// The verdict on `current` and its trend against `previous`.
fn judge(current: &Metrics, previous: &Metrics, min_events: u32) -> (Verdict, Trend) {
    let judged = |m: &Metrics| m.events >= min_events as usize;
    let verdict = if !judged(current) {
        Verdict::Dormant
    } else if current.sigma * current.rho > current.delta {
        Verdict::Compounding
    } else {
        Verdict::NotCompounding
    };
    let trend = if !judged(current) || !judged(previous) {
        Trend::Unknown
    } else {
        let milli = |m: &Metrics| (m.margin() * 1000.0).round() as i64;
        match milli(current).cmp(&milli(previous)) {
            std::cmp::Ordering::Greater => Trend::Rising,
            std::cmp::Ordering::Equal => Trend::Steady,
            std::cmp::Ordering::Less => Trend::Falling,
        }
    };
    (verdict, trend)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metrics(events: usize, sigma: f64, rho: f64, delta: f64) -> Metrics {
        let t = Timestamp::from_unix(0);
        let (active, retrieved, applied, faded) = (0, 0, 0, 0);
        Metrics { start: t, end: t, events, active, retrieved, applied, faded, sigma, rho, delta }
    }

    #[test]
    fn verdict_needs_sigma_rho_above_delta_and_enough_events() {
        let judged = |m: &Metrics| judge(m, m, 10).0;
        assert_eq!(judged(&metrics(10, 0.5, 0.5, 0.2)), Verdict::Compounding);
        // Equal is not compounding: 0.5 · 0.4 = 0.2.
        assert_eq!(judged(&metrics(10, 0.5, 0.4, 0.2)), Verdict::NotCompounding);
        assert_eq!(judged(&metrics(9, 0.9, 0.9, 0.0)), Verdict::Dormant);
    }

    #[test]
    fn trend_compares_margins_at_three_decimals() {
        let now = metrics(10, 0.5, 0.5, 0.1); // margin 0.15
        let trend = |before: &Metrics| judge(&now, before, 10).1;
        assert_eq!(trend(&metrics(10, 0.5, 0.5, 0.2)), Trend::Rising); // 0.05
        assert_eq!(trend(&metrics(10, 0.5, 0.5, 0.1004)), Trend::Steady); // 0.1496 → 0.150
        assert_eq!(trend(&metrics(10, 0.5, 0.5, 0.0)), Trend::Falling); // 0.25
        assert_eq!(trend(&metrics(3, 0.5, 0.5, 0.0)), Trend::Unknown);
    }
}
