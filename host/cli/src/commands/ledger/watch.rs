//! `agentops ledger watch`: the watcher that spares reads of a large ledger
//! their per-file checks (docs/ledger.md, "The watcher"), and its start in
//! the background by reads when `[ledger] watch` wants one.

use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use agentops_ledger::{Ledger, watch};
use serde_json::json;

use crate::cli::Global;
use crate::error::Result;
use crate::project;

/// Watch the ledger's folders so that reads need not check every item file
///
/// Runs in the foreground until no read has asked for --idle, until asked to
/// stop, or until `.agents/` is removed; a second watcher of the same ledger
/// exits at once. With `watch = true` under `[ledger]` in agentops.toml (or
/// the default `"auto"` and 20k items or more), lookup, inject and the hooks
/// start one in the background when none runs.
/// Linux only.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Stop after this long without a read: 90s, 30m, 2h
    #[arg(long, default_value = "30m", value_parser = parse_idle)]
    pub idle: Duration,
    /// Print whether a watcher runs, and what it has seen, then exit
    #[arg(long, conflicts_with = "stop")]
    pub status: bool,
    /// Ask the running watcher to stop, then exit
    #[arg(long)]
    pub stop: bool,
}

pub fn cmd_watch(g: &Global, args: &Args) -> Result<ExitCode> {
    let root = project::root(g.project.as_deref())?;
    let ledger = Ledger::open(&root)?;
    if args.status {
        let status = watch::status(ledger.dir());
        if g.json {
            let fields = status.map(|s| json!({"changes": s.token.seq, "vouches": s.safe}));
            println!("{}", json!({"running": status.is_some(), "watcher": fields}));
        } else if !g.quiet {
            match status {
                None => println!("no watcher runs for {}", ledger.dir().display()),
                Some(s) if s.safe => println!("a watcher runs: {} changes seen; reads skip their checks", s.token.seq),
                Some(s) => println!(
                    "a watcher runs ({} changes seen) but does not vouch: an item file is a symlink or has \
                     other hard links, so reads check every file",
                    s.token.seq
                ),
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    if args.stop {
        let stopped = watch::stop(ledger.dir());
        if g.json {
            println!("{}", json!({ "stopped": stopped }));
        } else if !g.quiet {
            println!("{}", if stopped { "the watcher stops" } else { "no watcher was running" });
        }
        return Ok(ExitCode::SUCCESS);
    }
    serve(g, ledger.dir(), args.idle)
}

#[cfg(target_os = "linux")]
fn serve(g: &Global, dir: &Path, idle: Duration) -> Result<ExitCode> {
    let ready = || {
        if !g.quiet && !g.json {
            eprintln!("watching {} (stops after {}s without a read)", dir.display(), idle.as_secs());
        }
    };
    let ended = watch::serve(dir, idle, ready)?;
    let why = match ended {
        watch::Ended::AlreadyWatched => "already-watched",
        watch::Ended::Stopped => "stopped",
        watch::Ended::Idle => "idle",
        watch::Ended::LedgerGone => "ledger-gone",
    };
    if g.json {
        println!("{}", json!({ "ended": why }));
    } else if !g.quiet {
        eprintln!("the watcher ended: {why}");
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(not(target_os = "linux"))]
fn serve(_g: &Global, _dir: &Path, _idle: Duration) -> Result<ExitCode> {
    Err(crate::error::CliError::usage("the ledger watcher needs Linux (inotify)")
        .hint("reads work without it: they check every item file"))
}

/// Starts a watcher in the background when `[ledger] watch` wants one
/// (`true`, or `"auto"` and a ledger of 20k items or more) and none
/// answers. Its own process group keeps it out of the caller's signals (a
/// terminal's Ctrl-C, a runtime killing a slow hook); it stops by itself
/// after 30 idle minutes. Failing to start it costs only speed.
pub fn start_if_configured(ledger: &Ledger) {
    #[cfg(target_os = "linux")]
    if ledger.config().watch.wanted(|| ledger.indexed_items().unwrap_or(0)) && watch::status(ledger.dir()).is_none() {
        use std::os::unix::process::CommandExt;
        let Ok(exe) = std::env::current_exe() else { return };
        let _ = std::process::Command::new(exe)
            .args(["ledger", "watch", "--quiet", "--project"])
            .arg(ledger.root())
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .process_group(0)
            .spawn();
    }
    #[cfg(not(target_os = "linux"))]
    let _ = ledger;
}

/// `<n>s`, `<n>m` or `<n>h`, n a positive whole number.
fn parse_idle(text: &str) -> std::result::Result<Duration, String> {
    let bad = || format!("`{text}` is not a duration: write a positive number and s, m or h, e.g. 90s, 30m, 2h");
    let Some((at, _)) = text.char_indices().last() else { return Err(bad()) };
    let (count, unit) = text.split_at(at);
    let unit = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        _ => return Err(bad()),
    };
    match count.parse::<u64>() {
        Ok(n) if n > 0 => Ok(Duration::from_secs(n * unit)),
        _ => Err(bad()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idle_times_parse() {
        assert_eq!(parse_idle("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_idle("30m"), Ok(Duration::from_secs(1800)));
        assert_eq!(parse_idle("2h"), Ok(Duration::from_secs(7200)));
        for bad in ["", "0m", "5", "m", "1.5h", "-2h", "é"] {
            assert!(parse_idle(bad).is_err(), "{bad}");
        }
    }
}
