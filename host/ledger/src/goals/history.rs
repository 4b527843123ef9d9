//! The recorded snapshots, read back from `.agents/log/goals.jsonl`.
//!
//! Snapshots are ordered by time, ties in file order: after git merges two
//! branches' logs (`merge=union`) the file order alone no longer says which
//! came last. A line that does not parse (a hand edit, a bad merge) is
//! reported with its line number and skipped; the rest still counts.

use crate::error::{FileError, LedgerError};
use crate::store::Ledger;
use crate::time::Timestamp;

use super::measure::{GoalResult, Snapshot};
use super::{GOALS_LOG, Goal};

/// Every readable snapshot, oldest first.
#[derive(Debug, Clone, Default)]
pub struct History {
    pub snapshots: Vec<Snapshot>,
    /// Lines that could not be read.
    pub errors: Vec<FileError>,
}

/// One past result of a goal, with the snapshot's time and commit.
#[derive(Debug, Clone, PartialEq)]
pub struct Recorded {
    pub ts: Timestamp,
    pub commit: Option<String>,
    pub result: GoalResult,
}

impl Recorded {
    /// The commit's first 12 characters, as people quote it.
    pub fn short_commit(&self) -> Option<String> {
        self.commit.as_ref().map(|c| c.chars().take(12).collect())
    }
}

impl Ledger {
    /// The snapshots of the log; none when there is no log yet.
    pub fn goal_history(&self) -> Result<History, LedgerError> {
        let path = self.dir().join(GOALS_LOG);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(History::default()),
            Err(e) => return Err(LedgerError::io(&path, e)),
        };
        let mut history = History::default();
        for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            match serde_json::from_str::<Snapshot>(line) {
                Ok(snapshot) => history.snapshots.push(snapshot),
                Err(e) => history.errors.push(FileError::new(
                    &path,
                    Some(n + 1),
                    format!("not a goals snapshot: {e}"),
                    "fix or delete the line; each line is one snapshot written by `agentops goals measure`",
                )),
            }
        }
        history.snapshots.sort_by_key(|s| s.ts);
        Ok(history)
    }
}

impl History {
    /// The results of `goal` under its current gate, oldest first.
    pub fn results<'a>(&'a self, goal: &'a Goal) -> impl DoubleEndedIterator<Item = Recorded> + 'a {
        self.snapshots.iter().flat_map(move |s| {
            s.goals.iter().filter(|r| r.id == goal.id && r.gate == goal.gate).map(|r| Recorded {
                ts: s.ts,
                commit: s.commit.clone(),
                result: r.clone(),
            })
        })
    }

    /// The latest result of `goal` that passed, if any did.
    pub fn last_pass(&self, goal: &Goal) -> Option<Recorded> {
        self.results(goal).rev().find(|r| r.result.status == super::Status::Pass)
    }
}
