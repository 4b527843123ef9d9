//! `agentops inject`: the ledger items that fit a token budget, for an agent's
//! context at session start (or after resume, clear and compact).

use std::process::ExitCode;

use agentops_ledger::{InjectRequest, Ledger, Query, Timestamp, render_markdown};
use serde_json::json;

use crate::cli::Global;
use crate::commands::ledger::watch::start_if_configured;
use crate::error::Result;
use crate::project;

/// Print the best ledger items that fit a token budget, each with its id to cite
///
/// Tokens are estimated as ceil(chars / 4). With --session, items already
/// injected into that session are left out. Each injected item is logged as a
/// `retrieved` citation.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Words describing the task (default: rank by recency, utility and tier alone)
    #[arg(long)]
    pub query: Option<String>,
    /// Files being worked on; items whose paths cover them rank higher
    #[arg(long, num_args = 1..)]
    pub paths: Vec<String>,
    /// The token budget of the whole output
    #[arg(long, default_value_t = agentops_ledger::SESSION_TOKENS)]
    pub max_tokens: usize,
    /// The agent session id; nothing is injected twice into one session
    #[arg(long)]
    pub session: Option<String>,
    /// Output format (--json is the same as --format json)
    #[arg(long, default_value = "markdown", value_parser = ["markdown", "json"])]
    pub format: String,
}

pub fn cmd_inject(g: &Global, args: &Args) -> Result<ExitCode> {
    let root = project::root(g.project.as_deref())?;
    let mut ledger = Ledger::open(&root)?;
    start_if_configured(&ledger);
    if args.query.as_deref().is_some_and(|q| !q.trim().is_empty()) {
        ledger = ledger.with_configured_model();
    }
    let request = InjectRequest {
        query: Query { text: args.query.as_deref().unwrap_or_default(), paths: &args.paths },
        max_tokens: args.max_tokens,
        session: args.session.as_deref(),
    };
    let injection = ledger.inject(&request, Timestamp::now())?;
    if g.json || args.format == "json" {
        let items: Vec<_> = injection
            .hits
            .iter()
            .map(|h| json!({"id": h.item.id, "title": h.item.title, "score": h.rank.score, "body": h.item.body.trim()}))
            .collect();
        println!(
            "{}",
            json!({
                "session": args.session,
                "tokens": injection.tokens,
                "max_tokens": args.max_tokens,
                "already_injected": injection.already_injected,
                "items": items,
            })
        );
    } else {
        print!("{}", render_markdown(&injection.hits));
    }
    if injection.hits.is_empty() && !g.quiet {
        match &args.session {
            Some(s) if injection.already_injected > 0 => eprintln!(
                "nothing new to inject: session {s} already has the {} item(s) that fit",
                injection.already_injected
            ),
            _ => eprintln!("nothing to inject: no active item fits {} tokens", args.max_tokens),
        }
    }
    for error in &injection.errors {
        eprintln!("warning: skipped {error}");
    }
    Ok(ExitCode::SUCCESS)
}
