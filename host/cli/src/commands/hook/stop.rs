//! Stop and session end: forge the session's transcript into the ledger,
//! and, when `[hooks] handoff` is on, keep the assistant's last message as
//! the session's handoff for the next one.
//!
//! Claude Code sends `transcript_path` with every Stop (after each turn) and
//! at SessionEnd; Codex with its Stop. Forge keeps a cursor per transcript,
//! so a call reads only the lines added since the last one, and records each
//! lesson and citation once. A project without `.agents/`, or a payload
//! without a transcript that exists, has nothing to forge.

use std::path::{Path, PathBuf};

use agentops_ledger::{ForgeRequest, LEDGER_DIR, Ledger, Timestamp};
use serde_json::{Value, json};

use super::config::HooksConfig;
use super::payload::Payload;
use crate::error::Result;

/// What stopping did: the forge report for the run log (`None` when there
/// was no transcript to forge) and the id of the handoff the session left.
pub fn stop(root: &Path, payload: &Payload) -> Result<(Option<Value>, Option<String>)> {
    let nothing_sent = payload.transcript_path.is_none() && payload.last_message.is_none();
    if nothing_sent || !root.join(LEDGER_DIR).is_dir() {
        return Ok((None, None));
    }
    let ledger = Ledger::open(root)?;
    let now = Timestamp::now();
    Ok((forge_transcript(&ledger, payload, now)?, leave_handoff(&ledger, root, payload, now)?))
}

/// The id of the session's handoff, when `[hooks] handoff` is on and the
/// runtime sent the assistant's last message.
fn leave_handoff(ledger: &Ledger, root: &Path, payload: &Payload, now: Timestamp) -> Result<Option<String>> {
    let (Some(session), Some(text)) = (payload.session_id.as_deref(), payload.last_message.as_deref()) else {
        return Ok(None);
    };
    if text.trim().is_empty() || !HooksConfig::load(root)?.handoff {
        return Ok(None);
    }
    Ok(Some(ledger.session_handoff(session, text, now)?.id))
}

/// What forging the transcript did; `None` when there was nothing to forge.
fn forge_transcript(ledger: &Ledger, payload: &Payload, now: Timestamp) -> Result<Option<Value>> {
    let Some(transcript) = payload.transcript_path.as_deref().map(PathBuf::from) else { return Ok(None) };
    if !transcript.is_file() {
        return Ok(None);
    }
    let transcripts = [transcript];
    let report = ledger.forge(&ForgeRequest { transcripts: &transcripts, format: None, dry_run: false }, now)?;
    let captured: Vec<&str> = report.captured().map(|p| p.item.id.as_str()).collect();
    let cited: Vec<&str> = report.cited.iter().map(|c| c.id.as_str()).collect();
    Ok(Some(json!({"captured": captured, "cited": cited, "warnings": report.warnings.len()})))
}
