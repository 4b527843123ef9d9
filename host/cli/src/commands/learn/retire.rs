//! `agentops learn retire`: take an item out of retrieval; git keeps its history.

use std::process::ExitCode;

use agentops_ledger::Timestamp;

use super::{item_json, open};
use crate::cli::Global;
use crate::error::Result;
use crate::project;

/// Retire an item: it stays in the ledger and in git history but is no longer retrieved
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The item's id, or a unique prefix
    pub id: String,
}

pub fn cmd_retire(g: &Global, args: &Args) -> Result<ExitCode> {
    let root = project::root(g.project.as_deref())?;
    let item = open(&root)?.retire(&args.id, Timestamp::now())?;
    if g.json {
        println!("{}", item_json(&item));
    } else if !g.quiet {
        println!("retired {}: {}", item.id, item.title);
    }
    Ok(ExitCode::SUCCESS)
}
