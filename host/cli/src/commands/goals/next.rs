//! `agentops goals next`: the weakest goal and the next piece of work on it.

use std::process::ExitCode;

use agentops_ledger::Timestamp;
use agentops_ledger::goals::{Next, Reason, format_duration};
use serde_json::{Value, json};

use super::{open, recorded_json, status, warn};
use crate::cli::Global;
use crate::error::Result;

/// Propose the next piece of work: the weakest goal, its last failure, related ledger items and a step
///
/// Regressed goals first, then failing ones (heavier first), then unmeasured ones, then the flakiest and
/// slowest of the passing ones; ties go to the goal written first. Runs no gate: it reads the snapshots
/// recorded by `goals measure` and `goals check`. See docs/goals.md.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn cmd_next(g: &Global, _args: &Args) -> Result<ExitCode> {
    let (ledger, goals, _) = open(g)?;
    let next = ledger.next_goal(&goals, Timestamp::now())?.expect("GOALS.md parses to at least one goal");
    warn(&next.errors);
    if g.json {
        println!("{}", next_json(&next));
    } else if !g.quiet {
        print!("{}", next_text(&next));
    }
    Ok(ExitCode::SUCCESS)
}

fn why(next: &Next) -> String {
    let last = next.standing.last.as_ref().map(|l| format!("latest result {} at {}", status(&l.result), l.ts));
    let last = last.unwrap_or_default();
    match &next.standing.reason {
        Reason::Regressed { passed } => {
            let commit = passed.short_commit().map(|c| format!(" on commit {c}")).unwrap_or_default();
            format!("regressed: passed at {}{commit}; {last}", passed.ts)
        }
        Reason::Failing => format!("failing: {last}; never passed"),
        Reason::TimedOut => format!("timed out: {last} (timeout {}); never passed", format_duration(next.goal.timeout)),
        Reason::Unmeasured => "unmeasured: no result under this gate yet".into(),
        Reason::Flaky { flips, runs } => {
            format!("flaky: {flips} flips between pass and fail in its last {runs} results")
        }
        Reason::Slow { median_ms } => {
            format!("slow: median {:.1}s; every goal passes steadily", *median_ms as f64 / 1000.0)
        }
    }
}

pub(crate) fn next_text(next: &Next) -> String {
    let goal = &next.goal;
    let mut out = format!("next: {} ({}, weight {})\n", goal.id, goal.title, goal.weight);
    out.push_str(&format!("why: {}\n", why(next)));
    out.push_str(&format!("gate: {}\n", goal.gate));
    if !goal.paths.is_empty() {
        out.push_str(&format!("paths: {}\n", goal.paths.join(", ")));
    }
    if let Some(last) = next.standing.last.as_ref().filter(|l| !l.result.tail.is_empty()) {
        out.push_str("last output:\n");
        for line in last.result.tail.lines() {
            out.push_str(&format!("  {line}\n"));
        }
    }
    if !next.related.is_empty() {
        out.push_str("related:\n");
        for hit in &next.related {
            out.push_str(&format!("  {}  {}\n", hit.item.id, hit.item.title));
        }
    }
    out.push_str(&format!("step: {}\n", next.step));
    out
}

pub(crate) fn next_json(next: &Next) -> Value {
    let goal = &next.goal;
    let reason = &next.standing.reason;
    let mut why = json!({ "name": reason.name() });
    match reason {
        Reason::Regressed { passed } => why["passed"] = recorded_json(passed),
        Reason::Flaky { flips, runs } => {
            why["flips"] = json!(flips);
            why["runs"] = json!(runs);
        }
        Reason::Slow { median_ms } => why["median_ms"] = json!(median_ms),
        Reason::Failing | Reason::TimedOut | Reason::Unmeasured => {}
    }
    json!({
        "goal": {
            "id": goal.id,
            "title": goal.title,
            "gate": goal.gate,
            "weight": goal.weight,
            "timeout_s": goal.timeout.as_secs(),
            "paths": goal.paths,
            "description": goal.description,
            "line": goal.line,
        },
        "reason": why,
        "last": next.standing.last.as_ref().map(recorded_json),
        "related": next.related.iter().map(|h| json!({
            "id": h.item.id, "title": h.item.title, "kind": h.item.kind, "score": h.rank.score,
        })).collect::<Vec<_>>(),
        "step": next.step,
        "errors": next.errors.iter().map(ToString::to_string).collect::<Vec<_>>(),
    })
}
