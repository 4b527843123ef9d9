//! `agentops harvest`: the patterns and rules of other projects' ledgers,
//! gathered into the user-global ledger.

use std::path::PathBuf;
use std::process::ExitCode;

use agentops_ledger::{HarvestSkip, Ledger, LedgerError, Timestamp, global_root};
use serde_json::json;

use crate::cli::Global;
use crate::error::{CliError, Result};

/// Copy the active patterns and rules of other projects' ledgers into the user-global ledger
///
/// The global ledger is `~/.agents/` (`$AGENTOPS_GLOBAL/.agents/` when set), created when missing;
/// `lookup` and `inject` read it beside each project's, weighted by `global_weight`. Items keep their
/// ids and gain `harvested_from`; those already there or near-duplicates of its items are skipped.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Project folders whose ledgers to harvest
    #[arg(required = true, value_name = "PROJECT")]
    pub sources: Vec<PathBuf>,
    /// Show what would be copied and write nothing
    #[arg(long)]
    pub dry_run: bool,
}

pub fn cmd_harvest(g: &Global, args: &Args) -> Result<ExitCode> {
    let root = global_root()
        .ok_or_else(|| CliError::usage("no home folder to hold the global ledger").hint("set AGENTOPS_GLOBAL"))?;
    let global = match args.dry_run {
        false => Ledger::open_or_init(&root)?,
        true => Ledger::open(&root).map_err(|e| match e {
            LedgerError::NoLedger { .. } => CliError::usage(format!("{} has no global ledger yet", root.display()))
                .hint("run without --dry-run to create it"),
            other => other.into(),
        })?,
    };
    let report = global.harvest(&args.sources, args.dry_run, Timestamp::now())?;
    for error in &report.errors {
        eprintln!("warning: skipped {error}");
    }
    if g.json {
        let copied: Vec<_> =
            report.copied.iter().map(|(from, item)| json!({"from": from, "id": item.id, "kind": item.kind})).collect();
        let skipped: Vec<_> = report
            .skipped
            .iter()
            .map(|(from, item, why)| json!({"from": from, "id": item.id, "why": reason(why)}))
            .collect();
        println!("{}", json!({"global": global.dir(), "dry_run": args.dry_run, "copied": copied, "skipped": skipped}));
    } else if !g.quiet {
        let verb = if args.dry_run { "would copy" } else { "copied" };
        for (from, item) in &report.copied {
            println!("{verb} {} ({}) from {}: {}", item.id, item.kind.name(), from.display(), item.title);
        }
        for (_, item, why) in &report.skipped {
            println!("skipped {}: {}", item.id, reason(why));
        }
        println!("{} {verb}, {} skipped, into {}", report.copied.len(), report.skipped.len(), global.dir().display());
    }
    Ok(ExitCode::SUCCESS)
}

fn reason(skip: &HarvestSkip) -> String {
    match skip {
        HarvestSkip::Present => "already in the global ledger".into(),
        HarvestSkip::NearDuplicate { similarity } => format!("near-duplicate of a global item ({similarity:.2})"),
    }
}
