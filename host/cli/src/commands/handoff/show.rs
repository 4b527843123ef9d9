//! `agentops handoff show`: one handoff in full.

use std::process::ExitCode;

use agentops_ledger::{Ledger, is_open};
use serde_json::json;

use super::{handoff_json, state};
use crate::cli::Global;
use crate::error::Result;
use crate::project;

/// Show a handoff: by id, or the newest one no session has consumed
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The handoff's id or a unique prefix (default: the newest open handoff)
    pub id: Option<String>,
}

pub fn cmd_show(g: &Global, args: &Args) -> Result<ExitCode> {
    let root = project::root(g.project.as_deref())?;
    let ledger = Ledger::open(&root)?;
    let handoff = match &args.id {
        Some(id) => Some(ledger.handoff(id)?),
        None => {
            let loaded = ledger.handoffs();
            for error in &loaded.errors {
                eprintln!("warning: skipped {error}");
            }
            loaded.items.into_iter().find(is_open)
        }
    };
    if g.json {
        println!("{}", json!({ "handoff": handoff.as_ref().map(handoff_json) }));
    } else if !g.quiet {
        match &handoff {
            None => println!("no open handoff"),
            Some(item) => {
                println!("{}  {}  {}", item.id, state(item), item.title);
                let from = item.source.session.as_deref().map(|s| format!(" by session {s}")).unwrap_or_default();
                println!("written {}{from}", item.created);
                println!("\n{}", item.body.trim());
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
