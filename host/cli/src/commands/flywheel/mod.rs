//! `agentops flywheel`: is the ledger used faster than it fades?

pub mod check;
pub mod status;

use std::process::ExitCode;

use agentops_ledger::{Flywheel, Ledger, Metrics, Timestamp, Verdict, Window};
use serde_json::{Value, json};

use crate::cli::Global;
use crate::error::Result;
use crate::project;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Show σ (retrieval), ρ (usage), δ (decay), the verdict and the trend
    Status(status::Args),
    /// Exit 1 when the knowledge is not compounding (σ·ρ <= δ)
    Check(check::Args),
}

pub fn dispatch(g: &Global, command: &Command) -> Result<ExitCode> {
    match command {
        Command::Status(args) => status::cmd_status(g, args),
        Command::Check(args) => check::cmd_check(g, args),
    }
}

/// The window flag both subcommands take.
#[derive(Debug, clap::Args)]
pub struct WindowArg {
    /// The window to measure, ending now: hours, days or weeks (24h, 7d, 30d, 2w)
    #[arg(long, default_value = "7d", value_parser = clap::value_parser!(Window))]
    pub window: Window,
}

/// Measures the project's flywheel now, warning about unreadable files.
fn measure(g: &Global, window: Window) -> Result<Flywheel> {
    let root = project::root(g.project.as_deref())?;
    let flywheel = Ledger::open(&root)?.flywheel(window, Timestamp::now())?;
    for error in &flywheel.errors {
        eprintln!("warning: skipped {error}");
    }
    Ok(flywheel)
}

/// The whole measurement as one JSON object.
pub(crate) fn flywheel_json(f: &Flywheel) -> Value {
    json!({
        "window": f.window.to_string(),
        "verdict": f.verdict.name(),
        "trend": f.trend.name(),
        "min_events": f.min_events,
        "current": metrics_json(&f.current),
        "previous": metrics_json(&f.previous),
    })
}

fn metrics_json(m: &Metrics) -> Value {
    json!({
        "start": m.start.to_string(),
        "end": m.end.to_string(),
        "events": m.events,
        "active": m.active,
        "retrieved": m.retrieved,
        "applied": m.applied,
        "faded": m.faded,
        "sigma": m.sigma,
        "rho": m.rho,
        "delta": m.delta,
    })
}

/// One line: the verdict and the comparison it rests on.
pub(crate) fn verdict_line(f: &Flywheel) -> String {
    let m = &f.current;
    match f.verdict {
        Verdict::Dormant => format!(
            "dormant: {} citations in the last {}, fewer than the {} needed to judge ([ledger.flywheel] min_events)",
            m.events, f.window, f.min_events
        ),
        verdict => {
            let op = if verdict == Verdict::Compounding { ">" } else { "<=" };
            format!(
                "{}: σ·ρ = {:.3} {op} δ = {:.3} over the last {}",
                verdict.name(),
                m.sigma * m.rho,
                m.delta,
                f.window
            )
        }
    }
}
