//! `agentops learn show`: one item in full.

use std::process::ExitCode;

use super::{item_json, item_line, open};
use crate::cli::Global;
use crate::error::Result;
use crate::project;

/// Show one item, by id or a unique id prefix
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The item's id, or enough of its start to be unique
    pub id: String,
}

pub fn cmd_show(g: &Global, args: &Args) -> Result<ExitCode> {
    let root = project::root(g.project.as_deref())?;
    let item = open(&root)?.show(&args.id)?;
    if g.json {
        println!("{}", item_json(&item));
    } else if !g.quiet {
        println!("{}", item_line(&item));
        println!("tags: {}  paths: {}", item.tags.join(", "), item.paths.join(", "));
        if let Some(s) = &item.scores {
            println!(
                "scores: specificity {:.2}, actionability {:.2}, novelty {:.2}, context {:.2}, confidence {:.2}",
                s.specificity, s.actionability, s.novelty, s.context, s.confidence
            );
        }
        println!("created {}  updated {}", item.created, item.updated);
        println!("\n{}", item.body.trim_end());
    }
    Ok(ExitCode::SUCCESS)
}
