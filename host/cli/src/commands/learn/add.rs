//! `agentops learn add`: capture one learning by hand.

use std::path::PathBuf;
use std::process::ExitCode;

use agentops_ledger::{Draft, Timestamp};

use super::{item_json, open};
use crate::cli::Global;
use crate::error::{CliError, Result};
use crate::input::read_text;
use crate::project;

/// Capture a learning: from flags, a markdown file, or standard input
///
/// The learning is scored on five axes and given a tier; one that scores below
/// bronze is refused unless --force.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// One-line title (default: the first heading of the body)
    #[arg(long)]
    pub title: Option<String>,
    /// The body, in markdown
    #[arg(long, conflicts_with = "file")]
    pub body: Option<String>,
    /// Read the body from a markdown file, or - for standard input
    #[arg(long, value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// A category, e.g. build, testing, security
    #[arg(long)]
    pub category: Option<String>,
    /// A tag, repeatable
    #[arg(long = "tag")]
    pub tags: Vec<String>,
    /// A glob of the files the learning is about, repeatable
    #[arg(long = "path")]
    pub paths: Vec<String>,
    /// How sure you are, from 0 to 1
    #[arg(long, value_parser = confidence)]
    pub confidence: Option<f64>,
    /// Keep it even when it scores below bronze
    #[arg(long)]
    pub force: bool,
}

fn confidence(s: &str) -> std::result::Result<f64, String> {
    let v: f64 = s.parse().map_err(|_| format!("`{s}` is not a number"))?;
    (0.0..=1.0).contains(&v).then_some(v).ok_or_else(|| format!("{v} is not between 0 and 1"))
}

pub fn cmd_add(g: &Global, args: &Args) -> Result<ExitCode> {
    let root = project::root(g.project.as_deref())?;
    let ledger = open(&root)?;
    let body = match (&args.body, &args.file) {
        (Some(body), _) => body.clone(),
        (None, Some(path)) => read_text(path)?,
        (None, None) => {
            return Err(CliError::usage("a learning needs a body")
                .hint("pass --body TEXT, --file FILE, or --file - to read standard input"));
        }
    };
    let draft = Draft {
        title: args.title.clone().unwrap_or_default(),
        body,
        category: args.category.clone(),
        tags: args.tags.clone(),
        paths: args.paths.clone(),
        confidence: args.confidence,
        session: None,
        transcript: None,
    };
    let item = ledger.add_learning(&draft, Timestamp::now(), args.force)?;
    if g.json {
        println!("{}", item_json(&item));
    } else if !g.quiet {
        let tier = item.tier.map_or_else(|| "-".into(), super::word);
        println!("added {} ({tier}, quality {:.2}): {}", item.id, item.quality.unwrap_or_default(), item.title);
    }
    Ok(ExitCode::SUCCESS)
}
