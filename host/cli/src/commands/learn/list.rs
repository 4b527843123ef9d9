//! `agentops learn list`: the ledger's items, filtered.

use std::process::ExitCode;

use agentops_ledger::{Filter, Kind, Status};
use serde_json::json;

use super::{item_json, item_line, open};
use crate::cli::Global;
use crate::error::Result;
use crate::project;

/// List ledger items (active learnings, patterns and rules by default)
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this kind
    #[arg(long, value_parser = ["learning", "pattern", "rule", "finding", "handoff"])]
    pub kind: Option<String>,
    /// Only this status, or all
    #[arg(long, default_value = "active", value_parser = ["active", "superseded", "retired", "all"])]
    pub status: String,
    /// Only items with this tag
    #[arg(long)]
    pub tag: Option<String>,
    /// Only items whose paths cover this file
    #[arg(long)]
    pub path: Option<String>,
}

pub fn cmd_list(g: &Global, args: &Args) -> Result<ExitCode> {
    let root = project::root(g.project.as_deref())?;
    let ledger = open(&root)?;
    let filter = Filter {
        kind: args.kind.as_deref().map(|k| serde_json::from_value::<Kind>(json!(k)).expect("clap checked the kind")),
        status: (args.status != "all")
            .then(|| serde_json::from_value::<Status>(json!(args.status)).expect("clap checked the status")),
        tag: args.tag.clone(),
        path: args.path.clone(),
    };
    let loaded = ledger.list(&filter);
    if g.json {
        let items: Vec<_> = loaded.items.iter().map(item_json).collect();
        let errors: Vec<String> = loaded.errors.iter().map(ToString::to_string).collect();
        println!("{}", json!({ "items": items, "errors": errors }));
    } else if !g.quiet {
        for item in &loaded.items {
            println!("{}", item_line(item));
        }
    }
    // A broken file is skipped and named; the rest of the ledger still works.
    for error in &loaded.errors {
        eprintln!("warning: skipped {error}");
    }
    Ok(ExitCode::SUCCESS)
}
