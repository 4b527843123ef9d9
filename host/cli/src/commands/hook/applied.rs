//! After a tool call: `applied` citations for the items injected into this
//! session whose path scope covers a file the call edited ([`touched`]),
//! once per session and item.
//!
//! This runs after every tool call, so it stops as early as it can: a tool
//! that edits nothing, a payload without a session, or a project without
//! `.agents/` costs no ledger access at all; otherwise the ledger reads the
//! session's own state file and, unless an injected item's scope matches,
//! nothing else.
//!
//! [`touched`]: super::touched

use std::path::Path;

use agentops_ledger::{LEDGER_DIR, Ledger, Timestamp};

use super::payload::Payload;
use super::touched::touched_paths;
use crate::error::Result;

/// The ids cited `applied` for this tool call.
pub fn cite_touched(root: &Path, payload: &Payload) -> Result<Vec<String>> {
    let Some(session) = payload.session_id.as_deref() else { return Ok(Vec::new()) };
    let paths = touched_paths(root, payload);
    if paths.is_empty() || !root.join(LEDGER_DIR).is_dir() {
        return Ok(Vec::new());
    }
    Ok(Ledger::open(root)?.apply_touched(session, &paths, Timestamp::now())?)
}
