//! `agentops lookup`: the ledger's items ranked for a query.

use std::process::ExitCode;

use agentops_ledger::{Ledger, Query, Timestamp};
use serde_json::json;

use crate::cli::Global;
use crate::commands::ledger::watch::start_if_configured;
use crate::error::Result;
use crate::project;

/// Find the ledger items that best match a query, best first
///
/// Ranks active items by BM25 over title, tags and body, weighted by recency,
/// utility and tier; near-duplicates are collapsed.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Words to look for
    #[arg(required = true)]
    pub query: Vec<String>,
    /// How many items to show at most
    #[arg(long, default_value_t = 5)]
    pub limit: usize,
}

pub fn cmd_lookup(g: &Global, args: &Args) -> Result<ExitCode> {
    let root = project::root(g.project.as_deref())?;
    let ledger = Ledger::open(&root)?.with_configured_model();
    start_if_configured(&ledger);
    let text = args.query.join(" ");
    let (hits, errors) = ledger.lookup(&Query { text: &text, paths: &[] }, args.limit, Timestamp::now())?;
    if g.json {
        let items: Vec<_> = hits
            .iter()
            .map(|h| {
                json!({
                    "id": h.item.id,
                    "title": h.item.title,
                    "kind": h.item.kind,
                    "tier": h.item.tier,
                    "score": h.rank.score,
                    "relevance": h.rank.relevance,
                    "decay": h.rank.decay,
                    "global": h.global,
                })
            })
            .collect();
        let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
        println!("{}", json!({ "query": text, "items": items, "errors": errors }));
    } else if !g.quiet {
        if hits.is_empty() {
            println!("no active item matches `{text}`");
        }
        for hit in &hits {
            let origin = if hit.global { "  (global)" } else { "" };
            println!("{:.3}  {}  {}{origin}", hit.rank.score, hit.item.id, hit.item.title);
        }
    }
    for error in &errors {
        eprintln!("warning: skipped {error}");
    }
    Ok(ExitCode::SUCCESS)
}
