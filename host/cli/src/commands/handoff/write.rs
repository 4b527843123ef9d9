//! `agentops handoff write`: leave the open work for the next session.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use agentops_ledger::{HandoffDraft, Ledger, Timestamp};

use super::handoff_json;
use crate::cli::Global;
use crate::error::{CliError, Result};
use crate::input::read_text;
use crate::project;

/// Record the open work for the next session: what is done, what is next, what to watch
///
/// The body is markdown, read from --file or standard input. The next session takes
/// the newest open handoff at its start.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// One-line title (default: the first heading of the body)
    #[arg(long)]
    pub title: Option<String>,
    /// Read the body from a markdown file, or - for standard input (the default)
    #[arg(long, value_name = "FILE", default_value = "-")]
    pub file: PathBuf,
    /// The session leaving the work
    #[arg(long)]
    pub session: Option<String>,
}

pub fn cmd_write(g: &Global, args: &Args) -> Result<ExitCode> {
    let root = project::root(g.project.as_deref())?;
    let ledger = Ledger::open(&root)?;
    if args.file == Path::new("-") && std::io::stdin().is_terminal() {
        return Err(CliError::usage("the handoff's body is read from standard input, which is a terminal")
            .hint("pipe the markdown in, or pass --file FILE"));
    }
    let draft = HandoffDraft { title: args.title.clone(), body: read_text(&args.file)?, session: args.session.clone() };
    let item = ledger.write_handoff(&draft, Timestamp::now())?;
    if g.json {
        println!("{}", handoff_json(&item));
    } else if !g.quiet {
        println!("wrote handoff {}: {}", item.id, item.title);
    }
    Ok(ExitCode::SUCCESS)
}
