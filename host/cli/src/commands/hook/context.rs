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
use crate::commands::ledger::watch::start_if_configured;
use crate::error::Result;

/// The markdown to inject into `session`: the open handoff it has not had
/// yet, then the ranked items; `None` when there is nothing new.
pub fn session_context(root: &Path, session: Option<&str>) -> Result<Option<String>> {
    if !root.join(LEDGER_DIR).is_dir() {
        return Ok(None);
    }
    let ledger = Ledger::open(root)?;
    start_if_configured(&ledger);
    let now = Timestamp::now();
    let handoff = match session {
        Some(session) => ledger.handoff_for_session(session, now)?.map(|h| handoff_block(&h)),
        None => None,
    };
    let request = InjectRequest { query: Query::default(), max_tokens: SESSION_TOKENS, session };
    let items = inject(&ledger, &request, usize::MAX, now)?;
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
    let ledger = Ledger::open(root)?.with_configured_model();
    start_if_configured(&ledger);
    inject(&ledger, &request, config.prompt_limit, Timestamp::now())
}

/// The markdown block of what `request` injects, `None` when nothing new fits.
fn inject(ledger: &Ledger, request: &InjectRequest<'_>, max_items: usize, now: Timestamp) -> Result<Option<String>> {
    let injection = ledger.inject_at_most(request, max_items, now)?;
    let block = render_markdown(&injection.hits);
    Ok((!block.is_empty()).then_some(block))
}
