//! `agentops handoff consume`: mark a handoff taken, once.

use std::process::ExitCode;

use agentops_ledger::{Consumed, Ledger, Timestamp};
use serde_json::json;

use super::{handoff_json, state};
use crate::cli::Global;
use crate::error::Result;
use crate::project;

/// Mark a handoff consumed, so no later session takes it again
///
/// A handoff is consumed once; consuming it again changes nothing and says when and by
/// whom it was.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The handoff's id or a unique prefix (default: the newest open handoff)
    pub id: Option<String>,
    /// The session taking the work
    #[arg(long)]
    pub session: Option<String>,
}

pub fn cmd_consume(g: &Global, args: &Args) -> Result<ExitCode> {
    let root = project::root(g.project.as_deref())?;
    let ledger = Ledger::open(&root)?;
    let outcome = ledger.consume_handoff(args.id.as_deref(), args.session.as_deref(), Timestamp::now())?;
    let (item, already) = match &outcome {
        None => (None, false),
        Some(Consumed::Now(item)) => (Some(item), false),
        Some(Consumed::Already(item)) => (Some(item), true),
    };
    if g.json {
        println!("{}", json!({ "already": already, "handoff": item.map(handoff_json) }));
    } else if !g.quiet {
        match item {
            None => println!("no open handoff"),
            Some(item) if already => println!("{} was already {}: {}", item.id, state(item), item.title),
            Some(item) => println!("{} {}: {}", item.id, state(item), item.title),
        }
    }
    Ok(ExitCode::SUCCESS)
}
