//! `check`: the ratchet. A goal whose gate has passed in any earlier
//! snapshot, with the same gate command, must pass now.
//!
//! The reference is every earlier pass, not only the latest result: were it
//! the latest, a failing check (which records its snapshot too) would make
//! the next check pass, and the ratchet would slip by one run. Changing a
//! goal's gate (or its id) starts its history afresh, in a diff a reviewer
//! sees. A goal that never passed may fail: it is reported, not an error.

use crate::error::{FileError, LedgerError};
use crate::store::Ledger;
use crate::time::Timestamp;

use super::Goal;
use super::gate::Status;
use super::history::{History, Recorded};
use super::measure::{GoalResult, Snapshot};

/// How a goal fares against its history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Passed before, fails now: the check fails.
    Regressed,
    /// Passed before, passes now.
    Held,
    /// Passes for the first time: from now on it must keep passing.
    Gained,
    /// Fails and never passed.
    Failing,
}

impl Change {
    pub fn name(self) -> &'static str {
        match self {
            Change::Regressed => "regressed",
            Change::Held => "held",
            Change::Gained => "gained",
            Change::Failing => "failing",
        }
    }
}

/// One goal's result now beside its latest earlier pass.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub id: String,
    pub title: String,
    pub change: Change,
    pub now: GoalResult,
    /// The latest earlier pass under the same gate.
    pub passed_before: Option<Recorded>,
}

/// The outcome of `check`.
#[derive(Debug, Clone)]
pub struct Check {
    /// The snapshot measured and recorded by the check.
    pub snapshot: Snapshot,
    /// Whether the log held no snapshot before this one.
    pub first: bool,
    /// In the order of `GOALS.md`.
    pub goals: Vec<Comparison>,
    /// Log lines that could not be read.
    pub errors: Vec<FileError>,
}

impl Check {
    /// True when no goal regressed.
    pub fn passed(&self) -> bool {
        self.regressed().next().is_none()
    }

    pub fn regressed(&self) -> impl Iterator<Item = &Comparison> {
        self.goals.iter().filter(|c| c.change == Change::Regressed)
    }
}

/// Compares `snapshot` with `history` (which must not hold it yet), goal
/// by goal; goals of `goals` missing from the snapshot are left out.
pub fn compare(history: &History, goals: &[Goal], snapshot: &Snapshot) -> Vec<Comparison> {
    goals
        .iter()
        .filter_map(|goal| {
            let now = snapshot.goals.iter().find(|r| r.id == goal.id)?;
            let passed_before = history.last_pass(goal);
            let change = match (now.status == Status::Pass, passed_before.is_some()) {
                (false, true) => Change::Regressed,
                (true, true) => Change::Held,
                (true, false) => Change::Gained,
                (false, false) => Change::Failing,
            };
            Some(Comparison { id: goal.id.clone(), title: goal.title.clone(), change, now: now.clone(), passed_before })
        })
        .collect()
}

impl Ledger {
    /// Reads the history, measures `goals` (recording the snapshot) and
    /// compares; see [`Ledger::measure_goals`] for `on_result`.
    pub fn check_goals(
        &self,
        goals: &[Goal],
        now: Timestamp,
        on_result: &mut dyn FnMut(&GoalResult),
    ) -> Result<Check, LedgerError> {
        let history = self.goal_history()?;
        let snapshot = self.measure_goals(goals, now, on_result)?;
        let compared = compare(&history, goals, &snapshot);
        Ok(Check { first: history.snapshots.is_empty(), goals: compared, snapshot, errors: history.errors })
    }
}
