//! Ledger items as additional context: the open handoff and the ranked
//! items a session starts with, and (when `[hooks] prompt_lookup` is on) the few that match a user
//! prompt.
//!
//! The ledger's own session state keeps a resumed, cleared or compacted
//! session, and every prompt of it, from receiving the same item twice, so
//! every session-start `source` is treated alike. A project without
//! `.agents/` has nothing to inject and writes nothing.

use std::path::Path;

use agentops_ledger::{InjectRequest, Item, LEDGER_DIR, Ledger, Query, SESSION_TOKENS, Timestamp, render_markdown};

use super::config::HooksConfig;
use crate::error::Result;

/// The markdown to inject into `session`: the open handoff it has not had
/// yet, then the ranked items; `None` when there is nothing new.
pub fn session_context(root: &Path, session: Option<&str>) -> Result<Option<String>> {
    let handoff = match session {
        Some(session) if root.join(LEDGER_DIR).is_dir() => {
            Ledger::open(root)?.handoff_for_session(session, Timestamp::now())?.map(|h| handoff_block(&h))
        }
        _ => None,
    };
    let request = InjectRequest { query: Query::default(), max_tokens: SESSION_TOKENS, session };
    let items = inject(root, &request, usize::MAX)?;
    let parts: Vec<String> = handoff.into_iter().chain(items).collect();
    Ok((!parts.is_empty()).then(|| parts.join("\n")))
}

/// A handoff as the first thing a session reads.
fn handoff_block(handoff: &Item) -> String {
    format!(
        "## Open work handed over by an earlier session ({})\n\n### {}\n\n{}\n",
        handoff.id,
        handoff.title,
        handoff.body.trim()
    )
}

/// The items matching `prompt` that `session` has not had yet, or `None`
/// when the lookup is off or finds nothing new. A prompt without a word to
/// look up is skipped: an empty query would rank the whole ledger.
pub fn prompt_context(root: &Path, session: Option<&str>, prompt: Option<&str>) -> Result<Option<String>> {
    let Some(prompt) = prompt.filter(|p| p.chars().any(char::is_alphanumeric)) else { return Ok(None) };
    if !root.join(LEDGER_DIR).is_dir() {
        return Ok(None);
    }
    let config = HooksConfig::load(root)?;
    if !config.prompt_lookup {
        return Ok(None);
    }
    let request =
        InjectRequest { query: Query { text: prompt, paths: &[] }, max_tokens: config.prompt_tokens, session };
    inject(root, &request, config.prompt_limit)
}

fn inject(root: &Path, request: &InjectRequest<'_>, max_items: usize) -> Result<Option<String>> {
    if !root.join(LEDGER_DIR).is_dir() {
        return Ok(None);
    }
    let injection = Ledger::open(root)?.inject_at_most(request, max_items, Timestamp::now())?;
    let block = render_markdown(&injection.hits);
    Ok((!block.is_empty()).then_some(block))
}
