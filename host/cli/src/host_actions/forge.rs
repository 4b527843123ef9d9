//! `host/forge`: forge the project's own transcripts on this machine, the
//! newest first, at most `max` (`--arg max=N`, default 20). Forge keeps a
//! cursor per transcript, so what was read before is not read again.

use agentops_ledger::{ForgeRequest, Timestamp, project_transcripts};
use agentops_manifest::Capability;
use agentops_runtime::{Outcome, Request, SkillError, Verdict};

use super::{Context, bounded, ledger_error, report};
use crate::commands::forge::{report_json, report_text};

pub fn run(context: &Context<'_>, request: &Request) -> Result<Outcome, SkillError> {
    let ledger = context.ledger(Capability::LedgerWrite)?;
    let max = bounded(request, "max", 20, 1000)?;
    let found = project_transcripts(context.root, max);
    if found.is_empty() {
        return Ok(report(
            Verdict::Pass,
            "no transcripts of this project on this machine".into(),
            None,
            &serde_json::json!({"transcripts": []}),
        ));
    }
    let forged = ledger
        .forge(&ForgeRequest { transcripts: &found, format: None, dry_run: false }, Timestamp::now())
        .map_err(ledger_error)?;
    let message = format!(
        "{} transcripts read, {} learnings captured, {} citations recorded",
        forged.transcripts.len(),
        forged.captured().count(),
        forged.cited.len()
    );
    Ok(report(Verdict::Pass, message, Some(report_text(&forged)), &report_json(&forged)))
}
