//! `agentops cite`: record what happened to an item an agent was given.

use std::process::ExitCode;

use agentops_ledger::{How, Ledger, LedgerError, Timestamp};

use crate::cli::Global;
use crate::commands::learn::item_json;
use crate::error::Result;
use crate::project;

/// Record a citation of a ledger item: retrieved, applied, helpful or harmful
///
/// Appends to .agents/log/citations.jsonl and updates the item's counts and
/// utility (applied also sets last_applied). An id the project's ledger does
/// not have is looked up in the user-global ledger.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The item's id, or enough of its start to be unique
    pub id: String,
    /// What happened
    #[arg(long, value_parser = ["retrieved", "applied", "helpful", "harmful"])]
    pub how: String,
    /// The agent session that cites it
    #[arg(long)]
    pub session: Option<String>,
}

pub fn cmd_cite(g: &Global, args: &Args) -> Result<ExitCode> {
    let root = project::root(g.project.as_deref())?;
    let ledger = Ledger::open(&root)?;
    let how: How = args.how.parse().expect("clap checked the citation kind");
    let now = Timestamp::now();
    let item = match ledger.cite(&args.id, how, args.session.as_deref(), now) {
        Err(not_found @ LedgerError::NotFound { .. }) => match ledger.global().0 {
            Some(global) => global.cite(&args.id, how, args.session.as_deref(), now)?,
            None => return Err(not_found.into()),
        },
        result => result?,
    };
    if g.json {
        println!("{}", item_json(&item));
    } else if !g.quiet {
        let c = item.citations;
        println!(
            "cited {} as {how}: retrieved {}, applied {}, helpful {}, harmful {}; utility {:.3}",
            item.id, c.retrieved, c.applied, c.helpful, c.harmful, item.utility
        );
    }
    Ok(ExitCode::SUCCESS)
}
