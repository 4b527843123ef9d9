//! `agentops goals measure`: run the gates and record a fitness snapshot.

use std::process::ExitCode;

use agentops_ledger::Timestamp;
use agentops_ledger::goals::{GOALS_LOG, select};
use serde_json::json;

use super::{fitness_line, open, snapshot_json, table};
use crate::cli::Global;
use crate::error::Result;

/// Run the gates of GOALS.md one after another, record a fitness snapshot in .agents/log/goals.jsonl, print it
///
/// Fitness is the weighted share of passing gates. Exits 0 whatever the gates say: `goals check` is the
/// gate. See docs/goals.md.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Measure only this goal (repeatable; default: every goal)
    #[arg(long = "goal", value_name = "ID")]
    pub goals: Vec<String>,
}

pub fn cmd_measure(g: &Global, args: &Args) -> Result<ExitCode> {
    let (ledger, goals, path) = open(g)?;
    let goals = select(&path, &goals, &args.goals)?;
    let snapshot = ledger.measure_goals(&goals, Timestamp::now(), &mut table(g, &goals))?;
    if g.json {
        println!("{}", json!({ "log": format!(".agents/{GOALS_LOG}"), "snapshot": snapshot_json(&snapshot) }));
    } else if !g.quiet {
        println!("{}", fitness_line(&snapshot));
    }
    Ok(ExitCode::SUCCESS)
}
