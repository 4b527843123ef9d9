//! `agentops flywheel status`: the metrics of the window and the trend.

use std::process::ExitCode;

use agentops_ledger::Trend;

use super::{WindowArg, flywheel_json, measure, verdict_line};
use crate::cli::Global;
use crate::error::Result;

/// Show σ (share of active items retrieved), ρ (share of retrieved items applied),
/// δ (share of active items that fell below the live threshold), the verdict and the trend
///
/// The knowledge compounds when σ·ρ > δ; the trend compares σ·ρ − δ with the previous
/// window of the same length. Definitions in docs/ledger.md, "Flywheel".
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub window: WindowArg,
}

pub fn cmd_status(g: &Global, args: &Args) -> Result<ExitCode> {
    let f = measure(g, args.window.window)?;
    if g.json {
        println!("{}", flywheel_json(&f));
    } else if !g.quiet {
        let m = &f.current;
        println!("window {}: {} .. {} ({} citations)", f.window, m.start, m.end, m.events);
        println!("σ retrieval {:.3}  ({} of {} active items retrieved)", m.sigma, m.retrieved, m.active);
        println!("ρ usage     {:.3}  ({} of {} retrieved items applied)", m.rho, m.applied, m.retrieved);
        println!(
            "δ decay     {:.3}  ({} of {} active items fell below the live threshold)",
            m.delta, m.faded, m.active
        );
        println!("{}", verdict_line(&f));
        let previous = f.previous.margin();
        match f.trend {
            Trend::Unknown => println!("trend: unknown (a window with too few citations to compare)"),
            trend => {
                println!("trend: {} (σ·ρ − δ {:.3}, previous {} {:.3})", trend.name(), m.margin(), f.window, previous)
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
