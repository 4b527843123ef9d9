//! `agentops flywheel check`: a gate on the flywheel's verdict.

use std::process::ExitCode;

use agentops_ledger::Verdict;

use super::{WindowArg, flywheel_json, measure, verdict_line};
use crate::cli::Global;
use crate::error::Result;

/// Exit 1 when the knowledge is not compounding (σ·ρ <= δ) over the window
///
/// A window with fewer citations than [ledger.flywheel] min_events is dormant: too
/// quiet to judge, so the check passes and says so on standard error.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub window: WindowArg,
}

pub fn cmd_check(g: &Global, args: &Args) -> Result<ExitCode> {
    let f = measure(g, args.window.window)?;
    let line = verdict_line(&f);
    if f.verdict == Verdict::Dormant {
        // Never silent, even with --quiet or --json: a pass that judged nothing says so.
        eprintln!("{line}");
    }
    if g.json {
        println!("{}", flywheel_json(&f));
    } else if !g.quiet && f.verdict != Verdict::Dormant {
        println!("{line}");
    }
    Ok(ExitCode::from(if f.verdict == Verdict::NotCompounding { 1 } else { 0 }))
}
