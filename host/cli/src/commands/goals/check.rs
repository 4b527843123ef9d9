//! `agentops goals check`: the ratchet.

use std::process::ExitCode;

use agentops_ledger::Timestamp;
use agentops_ledger::goals::{Change, Check, Comparison};
use serde_json::{Value, json};

use super::{fitness_line, open, recorded_json, snapshot_json, status, table, warn};
use crate::cli::Global;
use crate::error::Result;

/// Measure every goal, then exit 1 if a goal that passed before fails now
///
/// A goal's reference is every earlier snapshot in which its gate, unchanged, passed. Goals that never
/// passed may fail: they are reported, not errors. The snapshot is recorded like `goals measure`'s.
/// See docs/goals.md.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn cmd_check(g: &Global, _args: &Args) -> Result<ExitCode> {
    let (ledger, goals, _) = open(g)?;
    let check = ledger.check_goals(&goals, Timestamp::now(), &mut table(g, &goals))?;
    warn(&check.errors);
    let verdict = verdict_line(&check);
    if g.json {
        println!("{}", check_json(&check));
    } else if !g.quiet {
        println!("{}", fitness_line(&check.snapshot));
        if check.first {
            println!("no earlier snapshot: this is the first; later checks compare against it");
        }
        for c in check.goals.iter().filter(|c| c.change != Change::Held) {
            println!("{:9}  {}: {}", c.change.name(), c.id, explain(c));
        }
        println!("{verdict}");
    }
    if check.passed() {
        return Ok(ExitCode::SUCCESS);
    }
    if g.quiet {
        // A failing gate is never silent.
        eprintln!("{verdict}");
    }
    Ok(ExitCode::from(1))
}

fn explain(c: &Comparison) -> String {
    let before = c.passed_before.as_ref().map(|p| {
        let commit = p.short_commit().map(|c| format!(" on commit {c}")).unwrap_or_default();
        format!("passed at {}{commit}", p.ts)
    });
    match c.change {
        Change::Regressed => format!("{}, {} now", before.unwrap_or_default(), status(&c.now)),
        Change::Held => before.unwrap_or_default(),
        Change::Gained => "passes for the first time; from now on it must keep passing".into(),
        Change::Failing => format!("{} and never passed (reported, not a regression)", status(&c.now)),
    }
}

fn verdict_line(check: &Check) -> String {
    let regressed: Vec<&str> = check.regressed().map(|c| c.id.as_str()).collect();
    if regressed.is_empty() {
        let count = |change| check.goals.iter().filter(|c| c.change == change).count();
        format!(
            "check: pass: nothing regressed ({} held, {} gained, {} failing)",
            count(Change::Held),
            count(Change::Gained),
            count(Change::Failing)
        )
    } else {
        let goals = if regressed.len() == 1 { "goal" } else { "goals" };
        format!("check: FAIL: {} {goals} regressed: {}", regressed.len(), regressed.join(", "))
    }
}

fn check_json(check: &Check) -> Value {
    let goals: Vec<Value> = check
        .goals
        .iter()
        .map(|c| {
            json!({
                "id": c.id,
                "title": c.title,
                "change": c.change.name(),
                "result": c.now,
                "passed_before": c.passed_before.as_ref().map(recorded_json),
            })
        })
        .collect();
    json!({
        "passed": check.passed(),
        "first": check.first,
        "goals": goals,
        "snapshot": snapshot_json(&check.snapshot),
        "errors": check.errors.iter().map(ToString::to_string).collect::<Vec<_>>(),
    })
}
