//! `agentops init`: create the `.agents/` ledger of a project.

use std::process::ExitCode;

use agentops_ledger::{InitAction, Ledger};
use serde_json::json;

use crate::cli::Global;
use crate::error::Result;
use crate::project;

/// Create the .agents/ ledger: agentops.toml, the item folders, and git settings for the logs
///
/// Running it again completes what is missing and changes nothing else.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn cmd_init(g: &Global, _args: &Args) -> Result<ExitCode> {
    let root = project::root(g.project.as_deref())?;
    let report = Ledger::init(&root)?;
    let action = |a: &InitAction| match a {
        InitAction::Created => "created",
        InitAction::Updated => "updated",
        InitAction::Unchanged => "unchanged",
    };
    if g.json {
        let entries: Vec<_> =
            report.entries.iter().map(|(path, a)| json!({"path": path, "action": action(a)})).collect();
        println!("{}", json!({ "entries": entries }));
    } else if !g.quiet {
        for (path, a) in report.entries.iter().filter(|(_, a)| g.verbose || *a != InitAction::Unchanged) {
            println!("{:9} {}", action(a), path.display());
        }
        if report.unchanged() {
            println!("the ledger in {} is complete; nothing changed", root.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}
