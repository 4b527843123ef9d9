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

/// The id of the session's handoff, when `[hooks] handoff` is on and the
/// runtime sent the assistant's last message.
pub fn leave_handoff(root: &Path, payload: &Payload) -> Result<Option<String>> {
    let (Some(session), Some(text)) = (payload.session_id.as_deref(), payload.last_message.as_deref()) else {
        return Ok(None);
    };
    if text.trim().is_empty() || !root.join(LEDGER_DIR).is_dir() || !HooksConfig::load(root)?.handoff {
        return Ok(None);
    }
    Ok(Some(Ledger::open(root)?.session_handoff(session, text, Timestamp::now())?.id))
}

/// What forging the transcript did, for the run log; `None` when there was nothing to forge.
pub fn forge_transcript(root: &Path, payload: &Payload) -> Result<Option<Value>> {
    let Some(transcript) = payload.transcript_path.as_deref().map(PathBuf::from) else { return Ok(None) };
    if !root.join(LEDGER_DIR).is_dir() || !transcript.is_file() {
        return Ok(None);
    }
    let ledger = Ledger::open(root)?;
    let transcripts = [transcript];
    let report =
        ledger.forge(&ForgeRequest { transcripts: &transcripts, format: None, dry_run: false }, Timestamp::now())?;
    let captured: Vec<&str> = report.captured().map(|p| p.item.id.as_str()).collect();
    let cited: Vec<&str> = report.cited.iter().map(|c| c.id.as_str()).collect();
    Ok(Some(json!({"captured": captured, "cited": cited, "warnings": report.warnings.len()})))
}
