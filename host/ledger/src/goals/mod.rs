//! Goals with a ratchet: `GOALS.md` at the project root lists what the
//! project should achieve, each goal with a shell command (its gate) that
//! passes when the goal is met.
//!
//! - [`parse`] reads the file (format in docs/goals.md);
//! - [`Ledger::measure_goals`] runs the gates and appends a fitness snapshot
//!   to `.agents/log/goals.jsonl`;
//! - [`Ledger::check_goals`] measures and fails when a goal that passed
//!   before fails now, so progress only moves forward;
//! - [`Ledger::next_goal`] picks the weakest goal and proposes the next piece
//!   of work, with the related ledger items.
//!
//! `GOALS.md` lives beside the README rather than under `.agents/` because
//! people write it and read it like any other project document; the
//! measurements are ledger data and live in the ledger's log.

mod gate;
mod history;
mod measure;
mod next;
mod parse;
mod ratchet;
mod value;

use std::path::Path;
use std::time::Duration;

pub use gate::Status;
pub use history::{History, Recorded};
pub use measure::{GoalResult, Snapshot, fitness};
pub use next::{Next, Reason, Standing, weakest};
pub use parse::parse;
pub use ratchet::{Change, Check, Comparison, compare};
pub use value::format_duration;

use crate::error::{FileError, LedgerError};
use crate::store::Ledger;

/// The goals file, relative to the project root.
pub const GOALS_FILE: &str = "GOALS.md";
/// The snapshot log, relative to `.agents/`.
pub const GOALS_LOG: &str = "log/goals.jsonl";
/// How long a gate may run when its goal sets no `timeout`.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(300);

/// One goal of `GOALS.md`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Goal {
    /// Stable id: the `id` field, else the slug of the title.
    pub id: String,
    /// The heading's text.
    pub title: String,
    /// 1-based line of the heading.
    pub line: usize,
    /// The shell command run by `sh -c` in the project root; exit 0 passes.
    pub gate: String,
    /// Share of the fitness, 1 to 100.
    pub weight: u32,
    pub timeout: Duration,
    /// Project-relative files or globs the goal is about (scope for lookup).
    pub paths: Vec<String>,
    /// The markdown below the field list, trimmed.
    pub description: String,
}

impl Ledger {
    /// The goals of the project's `GOALS.md`.
    pub fn goals(&self) -> Result<Vec<Goal>, LedgerError> {
        let path = self.root().join(GOALS_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(FileError::new(
                    &path,
                    None,
                    "no goals file",
                    "write one `## Title` section per goal with `- gate: COMMAND` under it (docs/goals.md)",
                )
                .into());
            }
            Err(e) => return Err(LedgerError::io(&path, e)),
        };
        Ok(parse(&path, &text)?)
    }
}

/// The goals whose ids are in `ids`, in file order; all of them when `ids`
/// is empty. An unknown id is an error naming the known ones.
pub fn select(path: &Path, goals: &[Goal], ids: &[String]) -> Result<Vec<Goal>, FileError> {
    if let Some(unknown) = ids.iter().find(|id| !goals.iter().any(|g| &g.id == *id)) {
        let known: Vec<&str> = goals.iter().map(|g| g.id.as_str()).collect();
        return Err(FileError::new(
            path,
            None,
            format!("no goal with id `{unknown}`"),
            format!("the ids are: {}", known.join(", ")),
        ));
    }
    Ok(goals.iter().filter(|g| ids.is_empty() || ids.contains(&g.id)).cloned().collect())
}
