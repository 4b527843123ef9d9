//! Citations: who retrieved, applied, or judged which item.
//!
//! Every citation is one line of `.agents/log/citations.jsonl`,
//! `{"ts","id","how","session"}`, appended under the log's lock. `cite` also
//! updates the item: its count for `how`, `last_applied` for `applied`, and
//! `utility`, the exponential moving average of outcomes
//!
//! ```text
//! utility ← (1 − α) · utility + α · outcome,   α = 0.3
//! ```
//!
//! with outcome 1 for `applied` and `helpful`, 0 for `harmful`; `retrieved`
//! is no outcome and leaves utility alone. The item's read-modify-write holds
//! the item's advisory lock ([`crate::lock`]), so concurrent citations lose no
//! update. Citation bookkeeping does not move `updated`: decay counts from
//! the last application, not from the last retrieval.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::error::LedgerError;
use crate::item::Item;
use crate::jsonl::append_jsonl_lines;
use crate::store::{Ledger, WriteMode};
use crate::time::Timestamp;

/// The citation log, relative to `.agents/`.
pub const CITATIONS_LOG: &str = "log/citations.jsonl";
/// Weight of the newest outcome in `utility`.
pub const UTILITY_ALPHA: f64 = 0.3;

/// What happened to an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum How {
    /// Injected or looked up.
    Retrieved,
    /// Used by a session.
    Applied,
    Helpful,
    Harmful,
}

impl How {
    pub const ALL: [How; 4] = [How::Retrieved, How::Applied, How::Helpful, How::Harmful];

    pub fn name(self) -> &'static str {
        match self {
            How::Retrieved => "retrieved",
            How::Applied => "applied",
            How::Helpful => "helpful",
            How::Harmful => "harmful",
        }
    }

    /// The outcome fed to `utility`, if this citation is one.
    fn outcome(self) -> Option<f64> {
        match self {
            How::Retrieved => None,
            How::Applied | How::Helpful => Some(1.0),
            How::Harmful => Some(0.0),
        }
    }
}

impl fmt::Display for How {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for How {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        How::ALL.into_iter().find(|h| h.name() == s).ok_or_else(|| format!("unknown citation `{s}`"))
    }
}

impl Ledger {
    /// Records a citation of item `id` (or unique id prefix) and updates the
    /// item under its lock; returns the item as written.
    pub fn cite(&self, id: &str, how: How, session: Option<&str>, now: Timestamp) -> Result<Item, LedgerError> {
        let id = self.show(id)?.id;
        let item = {
            let _lock = self.lock(&id)?;
            let mut item = self.show(&id)?;
            apply(&mut item, how, now);
            self.write(&item, WriteMode::Replace)?;
            item
        };
        self.log_citation(&item.id, how, session, now)?;
        Ok(item)
    }

    /// Appends one line to the citation log, without touching the item.
    pub(crate) fn log_citation(
        &self,
        id: &str,
        how: How,
        session: Option<&str>,
        now: Timestamp,
    ) -> Result<(), LedgerError> {
        self.log_citations(&[id], how, session, now)
    }

    /// Appends a line per id to the citation log, in one append.
    pub(crate) fn log_citations(
        &self,
        ids: &[&str],
        how: How,
        session: Option<&str>,
        now: Timestamp,
    ) -> Result<(), LedgerError> {
        if ids.is_empty() {
            return Ok(());
        }
        let ts = now.to_string();
        let lines: Vec<_> = ids.iter().map(|id| json!({"ts": ts, "id": id, "how": how, "session": session})).collect();
        append_jsonl_lines(&self.dir().join(CITATIONS_LOG), &lines)
    }
}

/// The item's side of a citation.
fn apply(item: &mut Item, how: How, now: Timestamp) {
    let c = &mut item.citations;
    match how {
        How::Retrieved => c.retrieved += 1,
        How::Applied => c.applied += 1,
        How::Helpful => c.helpful += 1,
        How::Harmful => c.harmful += 1,
    }
    if how == How::Applied {
        item.last_applied = Some(now);
    }
    if let Some(outcome) = how.outcome() {
        let next = (1.0 - UTILITY_ALPHA) * item.utility + UTILITY_ALPHA * outcome;
        item.utility = (next * 1000.0).round() / 1000.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontmatter::parse;

    #[test]
    fn counts_and_moves_utility_by_hand() {
        let text = "---\nid: L-1\nkind: learning\ntitle: t\ncreated: 2026-01-01T00:00:00Z\n---\n";
        let mut item = parse(std::path::Path::new("L-1.md"), text.as_bytes()).unwrap();
        let now = Timestamp::from_unix(1_800_000_000);
        apply(&mut item, How::Retrieved, now);
        assert_eq!((item.citations.retrieved, item.utility, item.last_applied), (1, 0.5, None));
        // 0.7 · 0.5 + 0.3 · 1 = 0.65
        apply(&mut item, How::Applied, now);
        assert_eq!((item.citations.applied, item.utility, item.last_applied), (1, 0.65, Some(now)));
        // 0.7 · 0.65 = 0.455
        apply(&mut item, How::Harmful, now);
        assert_eq!((item.citations.harmful, item.utility), (1, 0.455));
        // 0.7 · 0.455 + 0.3 = 0.6185 → 0.619 (three decimals, as in the file)
        apply(&mut item, How::Helpful, now);
        assert_eq!((item.citations.helpful, item.utility), (1, 0.619));
        assert_eq!(item.updated, item.created);
        assert_eq!("helpful".parse::<How>(), Ok(How::Helpful));
        assert!("great".parse::<How>().is_err());
    }
}
