//! `measure`: run the gates and append one fitness snapshot to
//! `.agents/log/goals.jsonl`.
//!
//! Gates run one after another, never in parallel: gates such as
//! `cargo test` contend for the same build locks, cores and files, so
//! running them together would make them slower, flakier and their
//! durations (which `next` ranks by) meaningless.

use crate::error::LedgerError;
use crate::jsonl::append_jsonl;
use crate::provenance::provenance;
use crate::store::Ledger;
use crate::time::Timestamp;

use super::gate::{self, Status};
use super::{GOALS_LOG, Goal};

/// One line of the log: the goals measured at one moment.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Snapshot {
    /// When the measurement started.
    #[serde(with = "timestamp")]
    pub ts: Timestamp,
    /// `HEAD`'s commit when the project is a git repository with one.
    pub commit: Option<String>,
    /// See [`fitness`].
    pub fitness: f64,
    /// In the order of `GOALS.md`.
    pub goals: Vec<GoalResult>,
}

/// One gate's result.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct GoalResult {
    pub id: String,
    /// The command as run: a result counts for a goal only while its gate is
    /// unchanged, so rewriting a gate starts its history afresh.
    pub gate: String,
    pub weight: u32,
    pub status: Status,
    /// The exit code; `null` when killed by a signal or on timeout.
    pub exit: Option<i32>,
    pub duration_ms: u64,
    /// The end of stdout and stderr; recorded only when the gate did not pass.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub tail: String,
}

/// The weighted share of passing gates among `results`, in [0, 1] and
/// rounded to four decimals (log lines stay short); 0 for no results.
pub fn fitness(results: &[GoalResult]) -> f64 {
    let total: u32 = results.iter().map(|r| r.weight).sum();
    let passing: u32 = results.iter().filter(|r| r.status == Status::Pass).map(|r| r.weight).sum();
    if total == 0 { 0.0 } else { (f64::from(passing) / f64::from(total) * 10_000.0).round() / 10_000.0 }
}

impl Ledger {
    /// Runs the gates of `goals` in order, calling `on_result` after each
    /// (for progress), and appends the snapshot to the log.
    pub fn measure_goals(
        &self,
        goals: &[Goal],
        now: Timestamp,
        on_result: &mut dyn FnMut(&GoalResult),
    ) -> Result<Snapshot, LedgerError> {
        let mut results = Vec::with_capacity(goals.len());
        for goal in goals {
            let run = gate::run(self.root(), &goal.gate, goal.timeout)?;
            let result = GoalResult {
                id: goal.id.clone(),
                gate: goal.gate.clone(),
                weight: goal.weight,
                status: run.status,
                exit: run.exit,
                duration_ms: u64::try_from(run.duration.as_millis()).unwrap_or(u64::MAX),
                tail: if run.status == Status::Pass { String::new() } else { run.tail },
            };
            on_result(&result);
            results.push(result);
        }
        let snapshot =
            Snapshot { ts: now, commit: provenance(self.root())?.commit, fitness: fitness(&results), goals: results };
        let line = serde_json::to_value(&snapshot).expect("a snapshot serializes");
        append_jsonl(&self.dir().join(GOALS_LOG), &line)?;
        Ok(snapshot)
    }
}

/// Timestamps as the ledger writes them everywhere: RFC 3339 strings.
mod timestamp {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    use crate::time::Timestamp;

    pub fn serialize<S: Serializer>(ts: &Timestamp, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(ts)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Timestamp, D::Error> {
        let text = String::deserialize(d)?;
        Timestamp::parse(&text).ok_or_else(|| D::Error::custom(format!("`{text}` is not an RFC 3339 timestamp")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(weight: u32, status: Status) -> GoalResult {
        GoalResult {
            id: "g".into(),
            gate: "true".into(),
            weight,
            status,
            exit: None,
            duration_ms: 0,
            tail: String::new(),
        }
    }

    #[test]
    fn fitness_is_the_weighted_share_of_passing_gates() {
        assert_eq!(fitness(&[]), 0.0);
        let results = [result(3, Status::Pass), result(1, Status::Fail), result(1, Status::Timeout)];
        assert_eq!(fitness(&results), 0.6);
        assert_eq!(fitness(&[result(2, Status::Pass), result(1, Status::Fail)]), 0.6667);
    }

    #[test]
    fn snapshots_round_trip_through_json() {
        let snapshot = Snapshot {
            ts: Timestamp::parse("2026-11-25T09:30:00Z").unwrap(),
            commit: None,
            fitness: 1.0,
            goals: vec![result(2, Status::Pass)],
        };
        let line = serde_json::to_string(&snapshot).unwrap();
        assert!(line.starts_with(r#"{"ts":"2026-11-25T09:30:00Z","commit":null,"fitness":1.0,"goals":[{"id":"g""#));
        assert!(!line.contains("tail"));
        assert_eq!(serde_json::from_str::<Snapshot>(&line).unwrap(), snapshot);
    }
}
