//! `agentops goals`: run the gates of GOALS.md, keep the ratchet, pick the
//! next goal (format and semantics in docs/goals.md).

pub mod check;
pub mod measure;
pub mod next;

use std::path::PathBuf;
use std::process::ExitCode;

use agentops_ledger::Ledger;
use agentops_ledger::goals::{GOALS_FILE, GOALS_LOG, Goal, GoalResult, Snapshot, Status};
use serde_json::{Value, json};

use crate::cli::Global;
use crate::error::Result;
use crate::project;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Run the gates of GOALS.md, record a fitness snapshot and print it
    Measure(measure::Args),
    /// Measure, then exit 1 if a goal that passed before fails now
    Check(check::Args),
    /// Propose the next piece of work: the weakest goal, its last failure and related ledger items
    Next(next::Args),
}

pub fn dispatch(g: &Global, command: &Command) -> Result<ExitCode> {
    match command {
        Command::Measure(args) => measure::cmd_measure(g, args),
        Command::Check(args) => check::cmd_check(g, args),
        Command::Next(args) => next::cmd_next(g, args),
    }
}

/// The project's ledger, its goals, and the path of GOALS.md (for errors).
fn open(g: &Global) -> Result<(Ledger, Vec<Goal>, PathBuf)> {
    let root = project::root(g.project.as_deref())?;
    let ledger = Ledger::open(&root)?;
    let goals = ledger.goals()?;
    Ok((ledger, goals, root.join(GOALS_FILE)))
}

/// Prints the header of the results table now and returns the printer of
/// its rows, called as each gate finishes; prints nothing with `--json` or
/// `--quiet`.
fn table(g: &Global, goals: &[Goal]) -> impl FnMut(&GoalResult) + use<> {
    let show = !g.json && !g.quiet;
    let width = goals.iter().map(|goal| goal.id.len()).max().unwrap_or(0).max("goal".len());
    if show {
        println!("{:width$}  {:10} {:>8}  weight", "goal", "status", "time");
    }
    move |r| {
        if show {
            let time = format!("{:.1}s", r.duration_ms as f64 / 1000.0);
            println!("{:width$}  {:10} {time:>8}  {}", r.id, status(r), r.weight);
        }
    }
}

/// `pass`, `fail(CODE)`, `fail(signal)` or `timeout`.
fn status(r: &GoalResult) -> String {
    match (r.status, r.exit) {
        (Status::Fail, Some(code)) => format!("fail({code})"),
        (Status::Fail, None) => "fail(signal)".into(),
        (status, _) => status.name().into(),
    }
}

/// The fitness and where the snapshot went.
fn fitness_line(s: &Snapshot) -> String {
    let total: u32 = s.goals.iter().map(|r| r.weight).sum();
    let passing: u32 = s.goals.iter().filter(|r| r.status == Status::Pass).map(|r| r.weight).sum();
    format!("fitness {:.3} ({passing} of {total} weight passing); recorded in .agents/{GOALS_LOG}", s.fitness)
}

/// A snapshot as JSON, as it is logged.
fn snapshot_json(s: &Snapshot) -> Value {
    serde_json::to_value(s).expect("a snapshot serializes")
}

/// Warnings for log lines and files that could not be read.
fn warn(errors: &[impl std::fmt::Display]) {
    for error in errors {
        eprintln!("warning: skipped {error}");
    }
}

/// A result with the time of its snapshot, for `check` and `next`.
fn recorded_json(r: &agentops_ledger::goals::Recorded) -> Value {
    json!({ "ts": r.ts.to_string(), "commit": r.commit, "result": r.result })
}
