//! `next`: the weakest goal, and a proposal for the next piece of work on it
//! (the deterministic core of the `evolve` flow).
//!
//! The weakest goal is, from the recorded history alone (no gate runs):
//! 1. a regressed goal (its latest result fails, an earlier one passed):
//!    `goals check` fails until it is fixed;
//! 2. a failing goal that never passed;
//! 3. a goal never measured under its current gate;
//! 4. a passing goal: the flakiest first (most pass/fail flips over its last
//!    [`FLAKY_RUNS`] results), then the slowest (median duration).
//!
//! Within 1 to 3 the heavier goal comes first; every remaining tie goes to
//! the goal written first in `GOALS.md`.

use std::cmp::Reverse;

use crate::error::{FileError, LedgerError};
use crate::rank::Query;
use crate::retrieve::Hit;
use crate::store::Ledger;
use crate::time::Timestamp;

use super::gate::Status;
use super::history::{History, Recorded};
use super::value::format_duration;
use super::{GOALS_FILE, Goal};

/// How many recent results flakiness and speed are judged on.
const FLAKY_RUNS: usize = 20;
/// How many related ledger items a proposal carries.
const RELATED: usize = 5;
/// Lines of the failure output added to the lookup query: the error
/// message is often what a learning was written about.
const QUERY_TAIL_LINES: usize = 5;
/// How every step ends: the ratchet confirms the work.
const VERIFY: &str = "then run `agentops goals check`";

/// Why a goal is the one to work on.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// Its latest result fails; `passed` is its latest earlier pass.
    Regressed { passed: Recorded },
    /// Its latest result fails, and it never passed.
    Failing,
    /// Its latest result ran out of time, and it never passed.
    TimedOut,
    /// No result under its current gate.
    Unmeasured,
    /// It passes, but flipped between pass and fail `flips` times in its
    /// last `runs` results.
    Flaky { flips: usize, runs: usize },
    /// It passes steadily; its gate's median duration.
    Slow { median_ms: u64 },
}

impl Reason {
    pub fn name(&self) -> &'static str {
        match self {
            Reason::Regressed { .. } => "regressed",
            Reason::Failing => "failing",
            Reason::TimedOut => "timed-out",
            Reason::Unmeasured => "unmeasured",
            Reason::Flaky { .. } => "flaky",
            Reason::Slow { .. } => "slow",
        }
    }
}

/// A goal's standing in the history.
#[derive(Debug, Clone, PartialEq)]
pub struct Standing {
    pub reason: Reason,
    /// Its latest result under its current gate.
    pub last: Option<Recorded>,
}

/// The proposal for the weakest goal.
#[derive(Debug, Clone)]
pub struct Next {
    pub goal: Goal,
    pub standing: Standing,
    /// Ledger items matching the goal's words, failure output and paths.
    pub related: Vec<Hit>,
    /// What to do, in one paragraph for the agent.
    pub step: String,
    /// Log lines and item files that could not be read.
    pub errors: Vec<FileError>,
}

impl Ledger {
    /// The weakest of `goals` by the recorded history, with related ledger
    /// items and a suggested step; `None` when `goals` is empty.
    pub fn next_goal(&self, goals: &[Goal], now: Timestamp) -> Result<Option<Next>, LedgerError> {
        let history = self.goal_history()?;
        let Some((goal, standing)) = weakest(goals, &history) else {
            return Ok(None);
        };
        let text = query_text(goal, &standing);
        let (related, item_errors) = self.lookup(&Query { text: &text, paths: &goal.paths }, RELATED, now)?;
        let step = step(goal, &standing);
        let mut errors = history.errors;
        errors.extend(item_errors);
        Ok(Some(Next { goal: goal.clone(), standing, related, step, errors }))
    }
}

/// The weakest goal and its standing (see the module docs for the order).
pub fn weakest<'a>(goals: &'a [Goal], history: &History) -> Option<(&'a Goal, Standing)> {
    goals
        .iter()
        .enumerate()
        .map(|(order, goal)| {
            let standing = standing(goal, history);
            let key = match &standing.reason {
                Reason::Regressed { .. } => (0, Reverse(goal.weight), Reverse(0), Reverse(0), order),
                Reason::Failing | Reason::TimedOut => (1, Reverse(goal.weight), Reverse(0), Reverse(0), order),
                Reason::Unmeasured => (2, Reverse(goal.weight), Reverse(0), Reverse(0), order),
                Reason::Flaky { flips, .. } => (3, Reverse(0), Reverse(*flips), Reverse(median(goal, history)), order),
                Reason::Slow { median_ms } => (3, Reverse(0), Reverse(0), Reverse(*median_ms), order),
            };
            (key, goal, standing)
        })
        .min_by(|a, b| a.0.cmp(&b.0))
        .map(|(_, goal, standing)| (goal, standing))
}

fn standing(goal: &Goal, history: &History) -> Standing {
    let recent: Vec<Recorded> = history.results(goal).rev().take(FLAKY_RUNS).collect();
    let Some(last) = recent.first().cloned() else {
        return Standing { reason: Reason::Unmeasured, last: None };
    };
    let reason = match last.result.status {
        Status::Pass => {
            let flips = recent.windows(2).filter(|w| passed(&w[0]) != passed(&w[1])).count();
            if flips > 0 {
                Reason::Flaky { flips, runs: recent.len() }
            } else {
                Reason::Slow { median_ms: median(goal, history) }
            }
        }
        status => match history.last_pass(goal) {
            Some(passed) => Reason::Regressed { passed },
            None if status == Status::Timeout => Reason::TimedOut,
            None => Reason::Failing,
        },
    };
    Standing { reason, last: Some(last) }
}

fn passed(r: &Recorded) -> bool {
    r.result.status == Status::Pass
}

/// The median duration of the goal's last [`FLAKY_RUNS`] results.
fn median(goal: &Goal, history: &History) -> u64 {
    let mut durations: Vec<u64> = history.results(goal).rev().take(FLAKY_RUNS).map(|r| r.result.duration_ms).collect();
    durations.sort_unstable();
    durations.get(durations.len() / 2).copied().unwrap_or(0)
}

/// The goal's title and description, and the end of its failure output.
fn query_text(goal: &Goal, standing: &Standing) -> String {
    let mut text = format!("{}\n{}", goal.title, goal.description);
    if let Some(last) = standing.last.as_ref().filter(|l| !passed(l)) {
        let lines: Vec<&str> = last.result.tail.lines().filter(|l| !l.trim().is_empty()).collect();
        for line in &lines[lines.len().saturating_sub(QUERY_TAIL_LINES)..] {
            text.push('\n');
            text.push_str(line);
        }
    }
    text
}

/// The suggested next step.
fn step(goal: &Goal, standing: &Standing) -> String {
    let (id, gate) = (&goal.id, &goal.gate);
    let quoted: Vec<String> = goal.paths.iter().map(|p| format!("'{p}'")).collect();
    let scope = if quoted.is_empty() { String::new() } else { format!(" -- {}", quoted.join(" ")) };
    match &standing.reason {
        Reason::Regressed { passed } => {
            let since = match passed.short_commit() {
                Some(short) => {
                    format!(
                        " on commit {short}; find the change that broke it (`git log --oneline {short}..HEAD{scope}`)"
                    )
                }
                None => String::new(),
            };
            format!(
                "Regression: `{id}` passed at {}{since}. Run `{gate}`, fix the cause, {VERIFY}, which fails until this goal passes again.",
                passed.ts
            )
        }
        Reason::Failing => format!(
            "Make `{id}` pass: run `{gate}`, read the failure, fix the cause, {VERIFY}. Once it passes, the ratchet keeps it passing."
        ),
        Reason::TimedOut => format!(
            "`{gate}` ran past its {} timeout: find what hangs or is slow, or raise `timeout` in {GOALS_FILE} if the work is legitimately long; {VERIFY}.",
            format_duration(goal.timeout)
        ),
        Reason::Unmeasured => {
            format!("`{id}` has no result yet: run `agentops goals measure --goal {id}` for a baseline.")
        }
        Reason::Flaky { flips, runs } => format!(
            "`{gate}` changed between pass and fail {flips} times in its last {runs} runs: find the nondeterminism (timing, ordering, shared state) and make it give the same answer every time; {VERIFY}."
        ),
        Reason::Slow { median_ms } => format!(
            "Every goal passes steadily. `{gate}` is the slowest gate (median {}): make it faster without weakening what it checks; {VERIFY}.",
            format_duration(std::time::Duration::from_millis(*median_ms))
        ),
    }
}
