//! `host/harvest`: gather the patterns and rules of the projects named by
//! `--arg from=DIR,DIR` into the user-global ledger (created when missing),
//! as `agentops harvest` does. Without `from` there is nothing to gather.

use std::path::PathBuf;

use agentops_ledger::{Ledger, Timestamp, global_root};
use agentops_manifest::Capability;
use agentops_runtime::{Outcome, Request, SkillError, Verdict};
use serde_json::json;

use super::{Context, ledger_error, report};

pub fn run(context: &Context<'_>, request: &Request) -> Result<Outcome, SkillError> {
    // The project's grant decides, though the items land in the global ledger.
    context.ledger(Capability::LedgerWrite)?;
    let from = request.args.iter().find(|(k, _)| k == "from").map(|(_, v)| v.as_str()).unwrap_or_default();
    let sources: Vec<PathBuf> =
        from.split(',').map(str::trim).filter(|s| !s.is_empty()).map(|s| context.root.join(s)).collect();
    if sources.is_empty() {
        return Ok(report(Verdict::Pass, "no projects to harvest (--arg from=DIR,DIR)".into(), None, &json!({})));
    }
    let root = global_root().ok_or_else(|| SkillError::Failed("no home folder holds a global ledger".into()))?;
    let global = Ledger::open_or_init(&root).map_err(ledger_error)?;
    let done = global.harvest(&sources, false, Timestamp::now()).map_err(ledger_error)?;
    let copied: Vec<&str> = done.copied.iter().map(|(_, item)| item.id.as_str()).collect();
    let message = format!(
        "{} copied into the global ledger, {} skipped, {} sources unreadable",
        copied.len(),
        done.skipped.len(),
        done.errors.len()
    );
    let verdict = if done.errors.is_empty() { Verdict::Pass } else { Verdict::Warn };
    Ok(report(verdict, message, None, &json!({"copied": copied})))
}
