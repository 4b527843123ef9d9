//! `host/flywheel`: the flywheel over a window (`--arg window=7d`, the
//! default): PASS when compounding or dormant, WARN when not compounding.

use agentops_ledger::{Timestamp, Verdict as Flywheel, Window};
use agentops_manifest::Capability;
use agentops_runtime::{Outcome, Request, SkillError, Verdict};

use super::{Context, ledger_error, report};
use crate::commands::flywheel::{flywheel_json, verdict_line};

pub fn run(context: &Context<'_>, request: &Request) -> Result<Outcome, SkillError> {
    let ledger = context.ledger(Capability::LedgerRead)?;
    let window = request.args.iter().find(|(k, _)| k == "window").map_or("7d", |(_, v)| v.as_str());
    let window: Window = window.parse().map_err(|e| SkillError::InvalidInput(format!("`window`: {e}")))?;
    let measured = ledger.flywheel(window, Timestamp::now()).map_err(ledger_error)?;
    let verdict = if measured.verdict == Flywheel::NotCompounding { Verdict::Warn } else { Verdict::Pass };
    Ok(report(verdict, verdict_line(&measured), None, &flywheel_json(&measured)))
}
