//! `host/goals-next`: the weakest goal of GOALS.md and the next piece of
//! work on it, as context for the agent (what `agentops goals next` prints).

use agentops_ledger::Timestamp;
use agentops_manifest::Capability;
use agentops_runtime::{Outcome, SkillError, Verdict};

use super::{Context, ledger_error, report};
use crate::commands::goals::next::{next_json, next_text};

pub fn next(context: &Context<'_>) -> Result<Outcome, SkillError> {
    let ledger = context.ledger(Capability::LedgerRead)?;
    let goals = ledger.goals().map_err(|e| SkillError::InvalidInput(e.to_string()))?;
    let next = ledger.next_goal(&goals, Timestamp::now()).map_err(ledger_error)?;
    let Some(next) = next else {
        return Err(SkillError::InvalidInput("GOALS.md has no goals".into()));
    };
    let message = format!("next: {} ({})", next.goal.title, next.goal.id);
    Ok(report(Verdict::Pass, message, Some(next_text(&next)), &next_json(&next)))
}
