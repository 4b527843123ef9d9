//! Session start: the ledger items an agent should begin with, as the
//! additional context the runtime adds to the session.
//!
//! The ledger's own session state keeps a resumed, cleared or compacted
//! session from receiving the same item twice, so every `source` is treated
//! alike. A project without `.agents/` has nothing to inject and writes nothing.

use std::path::Path;

use agentops_ledger::{InjectRequest, LEDGER_DIR, Ledger, Query, Timestamp, render_markdown};

use crate::error::Result;

/// The token budget of the injected block, as `agentops inject`'s default.
const MAX_TOKENS: usize = 1500;

/// The markdown block to inject into `session`, or `None` when nothing new fits.
pub fn session_context(root: &Path, session: Option<&str>) -> Result<Option<String>> {
    if !root.join(LEDGER_DIR).is_dir() {
        return Ok(None);
    }
    let ledger = Ledger::open(root)?;
    let request = InjectRequest { query: Query { text: "", paths: &[] }, max_tokens: MAX_TOKENS, session };
    let injection = ledger.inject(&request, Timestamp::now())?;
    let block = render_markdown(&injection.hits);
    Ok((!block.is_empty()).then_some(block))
}
