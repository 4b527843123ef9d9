//! `agentops ledger log`: the history of one item, from git.

use std::process::ExitCode;

use agentops_ledger::Ledger;
use serde_json::json;

use crate::cli::Global;
use crate::error::Result;
use crate::project;

/// Show the commits that changed an item, newest first
///
/// Retired and superseded items keep their history; changes not committed yet are not listed.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The item's id, or a unique prefix
    pub id: String,
}

pub fn cmd_log(g: &Global, args: &Args) -> Result<ExitCode> {
    let root = project::root(g.project.as_deref())?;
    let revisions = Ledger::open(&root)?.history(&args.id)?;
    if g.json {
        let list: Vec<_> = revisions
            .iter()
            .map(|r| json!({"commit": r.commit, "author": r.author, "time": r.time.to_string(), "summary": r.summary}))
            .collect();
        println!("{}", json!({ "revisions": list }));
    } else if !g.quiet {
        if revisions.is_empty() {
            println!("no commit has changed {} yet", args.id);
        }
        for r in &revisions {
            println!("{}  {}  {}  {}", &r.commit[..12.min(r.commit.len())], r.time, r.author, r.summary);
        }
    }
    Ok(ExitCode::SUCCESS)
}
