//! `agentops promote`: move learnings to patterns and patterns to rules when
//! the evidence supports it.

use std::process::ExitCode;

use agentops_ledger::{Candidate, Evidence, Ledger, Promoted, Timestamp};
use serde_json::{Value, json};

use crate::cli::Global;
use crate::error::Result;
use crate::project;

/// Promote learnings to patterns and patterns to rules that the evidence supports
///
/// Evidence: applied citations from distinct sessions, utility, age and no harmful
/// verdict, with the thresholds of [ledger.promotion] in agentops.toml. Patterns and
/// rules are compiled into every runtime's always-loaded instructions. With -v, also
/// lists the items applied at least once that miss a threshold, and why.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Show the proposals and their evidence; write nothing
    #[arg(long)]
    pub dry_run: bool,
}

pub fn cmd_promote(g: &Global, args: &Args) -> Result<ExitCode> {
    let root = project::root(g.project.as_deref())?;
    let ledger = Ledger::open(&root)?;
    let now = Timestamp::now();
    let plan = ledger.promotion_plan(now)?;
    let mut done: Vec<Option<Promoted>> = Vec::with_capacity(plan.proposals.len());
    for proposal in &plan.proposals {
        done.push(if args.dry_run { None } else { Some(ledger.promote(proposal, now)?) });
    }
    if g.json {
        let proposals: Vec<Value> = plan
            .proposals
            .iter()
            .zip(&done)
            .map(|(c, p)| {
                let mut value = candidate_json(c);
                value["promoted_to"] = json!(p.as_ref().map(|p| &p.to.id));
                value
            })
            .collect();
        let held: Vec<Value> = plan.held.iter().map(candidate_json).collect();
        let errors: Vec<String> = plan.errors.iter().map(ToString::to_string).collect();
        println!("{}", json!({ "dry_run": args.dry_run, "proposals": proposals, "held": held, "errors": errors }));
    } else if !g.quiet {
        if plan.proposals.is_empty() {
            println!("nothing to promote");
        }
        for (c, p) in plan.proposals.iter().zip(&done) {
            match p {
                Some(p) => println!("promoted {} → {} ({}): {}", c.item.id, p.to.id, c.to.name(), c.item.title),
                None => println!("would promote {} to a {}: {}", c.item.id, c.to.name(), c.item.title),
            }
            println!("  {}", evidence_line(&c.evidence));
        }
        if g.verbose {
            for c in &plan.held {
                println!("held {} (for {}): {}", c.item.id, c.to.name(), c.unmet.join("; "));
            }
        }
    }
    for error in &plan.errors {
        eprintln!("warning: skipped {error}");
    }
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn candidate_json(c: &Candidate) -> Value {
    let e = &c.evidence;
    json!({
        "id": c.item.id,
        "kind": c.item.kind,
        "to": c.to,
        "title": c.item.title,
        "evidence": {
            "lineage": e.lineage,
            "sessions": e.sessions,
            "applied": e.applied,
            "harmful": e.harmful,
            "utility": e.utility,
            "age_days": e.age_days,
        },
        "unmet": c.unmet,
    })
}

fn evidence_line(e: &Evidence) -> String {
    let from = if e.lineage.len() > 1 { format!(" (with {})", e.lineage[1..].join(", ")) } else { String::new() };
    format!(
        "applied in {} sessions ({}; {} citations){from}, utility {:.3}, first captured {:.1} days ago, no harmful verdict",
        e.sessions.len(),
        e.sessions.join(", "),
        e.applied,
        e.utility,
        e.age_days
    )
}
