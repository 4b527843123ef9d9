//! `agentops ledger embed`: the vectors of every item, computed ahead of the
//! queries that would otherwise compute them (docs/ledger.md, "Ranking by
//! meaning").

use std::process::ExitCode;
use std::time::{Duration, Instant};

use agentops_ledger::Ledger;
use serde_json::json;

use crate::cli::Global;
use crate::error::{CliError, Result};
use crate::project;

/// Compute the vectors of the items that have none, for ranking by meaning
///
/// Needs `model` under `[ledger]` in agentops.toml. A query embeds what it
/// can in 2 s and ranks the rest by words alone; this embeds them all (about
/// 30 ms per item, on all cores).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Stop after this many seconds, leaving the rest for later
    #[arg(long, value_name = "SECONDS")]
    pub budget: Option<u64>,
}

pub fn cmd_embed(g: &Global, args: &Args) -> Result<ExitCode> {
    let root = project::root(g.project.as_deref())?;
    let ledger = Ledger::open(&root)?.with_configured_model();
    if ledger.config().model.as_deref().is_none_or(str::is_empty) {
        return Err(CliError::usage("no model to embed with: [ledger] names none").hint(
            "set `model` under [ledger] in .agents/agentops.toml to a folder holding model.safetensors and vocab.txt",
        ));
    }
    let started = Instant::now();
    let budget = args.budget.map_or(Duration::MAX, Duration::from_secs);
    let (embedded, left) = ledger.embed_items(budget)?;
    let secs = started.elapsed().as_secs_f64();
    if g.json {
        println!("{}", json!({"embedded": embedded, "left": left, "seconds": secs}));
    } else if !g.quiet {
        println!("embedded {embedded} items in {secs:.1} s; {left} left without a vector");
    }
    Ok(ExitCode::SUCCESS)
}
