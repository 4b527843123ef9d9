//! `agentops learn supersede`: mark one item replaced by another.

use std::process::ExitCode;

use agentops_ledger::Timestamp;
use serde_json::json;

use super::{item_json, open};
use crate::cli::Global;
use crate::error::Result;
use crate::project;

/// Mark OLD as superseded by NEW; both files record the link
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The item replaced
    pub old: String,
    /// The item that replaces it
    pub new: String,
}

pub fn cmd_supersede(g: &Global, args: &Args) -> Result<ExitCode> {
    let root = project::root(g.project.as_deref())?;
    let (old, new) = open(&root)?.supersede(&args.old, &args.new, Timestamp::now())?;
    if g.json {
        println!("{}", json!({ "old": item_json(&old), "new": item_json(&new) }));
    } else if !g.quiet {
        println!("{} is superseded by {}", old.id, new.id);
    }
    Ok(ExitCode::SUCCESS)
}
