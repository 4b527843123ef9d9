//! `host/promote`: apply the promotions the evidence supports, at most
//! `max` per run (`--arg max=N`, default 10), the rest left for the next run.

use agentops_ledger::Timestamp;
use agentops_manifest::Capability;
use agentops_runtime::{Outcome, Request, SkillError, Verdict};
use serde_json::{Value, json};

use super::{Context, bounded, ledger_error, report};
use crate::commands::promote::candidate_json;

pub fn run(context: &Context<'_>, request: &Request) -> Result<Outcome, SkillError> {
    let ledger = context.ledger(Capability::LedgerWrite)?;
    let max = bounded(request, "max", 10, 1000)?;
    let now = Timestamp::now();
    let plan = ledger.promotion_plan(now).map_err(ledger_error)?;
    let mut lines = Vec::new();
    let mut promoted: Vec<Value> = Vec::new();
    for candidate in plan.proposals.iter().take(max) {
        let done = ledger.promote(candidate, now).map_err(ledger_error)?;
        lines.push(format!("- {} → {} ({}): {}", done.from.id, done.to.id, candidate.to.name(), done.to.title));
        let mut value = candidate_json(candidate);
        value["promoted_to"] = json!(done.to.id);
        promoted.push(value);
    }
    let left = plan.proposals.len().saturating_sub(max);
    let message = match (promoted.len(), left) {
        (0, _) => "nothing to promote".to_string(),
        (n, 0) => format!("{n} promoted"),
        (n, left) => format!("{n} promoted, {left} left for the next run"),
    };
    let context = (!lines.is_empty()).then(|| lines.join("\n"));
    Ok(report(Verdict::Pass, message, context, &json!({"promoted": promoted, "left": left})))
}
