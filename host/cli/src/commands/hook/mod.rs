//! `agentops hook EVENT --runtime RT`: the one bridge every runtime's hook
//! config calls (DESIGN.md section 8; the contract is in docs/hooks.md).
//!
//! A call reads the payload, normalizes it ([`payload`]), does the event's
//! work under a deadline, answers in the runtime's format ([`answer`]) and
//! logs one line ([`log`]). The work:
//!
//! - session start: the ledger's ranked items ([`context`]);
//! - user prompt: a small ledger lookup for the prompt, when `[hooks]`
//!   turns it on ([`config`], [`context`]);
//! - before a tool: the bound gates and advisers ([`skills`], [`gate`],
//!   [`advice`]);
//! - after a tool: `applied` citations for the injected items whose scope
//!   the call edited ([`applied`], [`touched`]), and the bound advisers;
//! - session start also delivers the newest open handoff, once per session;
//! - stop and session end: forge the transcript into the ledger and, when
//!   `[hooks] handoff` is on, keep the last message as a handoff ([`stop`]);
//! - before compaction: nothing (compaction keeps the session id, so the
//!   next session start injects only what is new).
//!
//! Whatever goes wrong — a bad payload, a skill that traps, the deadline —
//! the agent gets an answer that lets it carry on, unless a gate's binding
//! says `fail = "closed"`: a hook must never wedge the session it serves.

mod advice;
mod answer;
mod applied;
mod config;
mod context;
mod event;
mod gate;
mod log;
mod payload;
mod skills;
mod stop;
mod touched;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use agentops_ledger::Timestamp;
use agentops_manifest::EventName;
use serde_json::{Value, json};

use self::answer::{Decision, render, takes_context};
use self::event::{AgentRuntime, Event};
use self::payload::Payload;
use self::skills::SkillRun;
use crate::cli::Global;
use crate::error::Result;
use crate::project;

/// Answer an agent runtime's hook call: inject the ledger, gate and advise tool calls, cite applied items
///
/// Reads the runtime's JSON payload on standard input and answers in its
/// format. Bad payloads, skill errors and the deadline answer so that the
/// agent carries on (fail-open) unless a gate binding says `fail = "closed"`.
/// Configuration: the `[hooks]` table of .agents/agentops.toml (prompt_lookup,
/// prompt_limit, prompt_tokens).
/// Environment: AGENTOPS_HOOKS=off makes every hook a no-op;
/// AGENTOPS_HOOK_TIMEOUT_MS sets the deadline of the whole call (default 5000).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The event, as the runtime spells it (PreToolUse, preToolUse) or normalized (pre-tool-use)
    pub event: String,
    /// The runtime calling the hook
    #[arg(long, value_enum)]
    pub runtime: AgentRuntime,
}

/// The deadline of a whole call unless AGENTOPS_HOOK_TIMEOUT_MS says otherwise.
const DEFAULT_DEADLINE: Duration = Duration::from_secs(5);
/// How much of an unusable payload the error log keeps.
const MAX_LOGGED_PAYLOAD: usize = 4096;

/// What the event's work came to.
#[derive(Debug, Default)]
struct Handled {
    decision: Decision,
    /// The bound skills that ran.
    runs: Vec<SkillRun>,
    /// Items cited `applied` after a tool call.
    applied: Vec<String>,
    /// What forging the transcript did at stop.
    forged: Option<Value>,
    /// The handoff the session left at stop.
    handoff: Option<String>,
}

pub fn cmd_hook(g: &Global, args: &Args) -> Result<ExitCode> {
    if std::env::var("AGENTOPS_HOOKS").is_ok_and(|v| v.eq_ignore_ascii_case("off")) {
        // Still read the payload: a runtime writing to a hook that quit early gets a broken pipe.
        let _ = std::io::copy(&mut std::io::stdin(), &mut std::io::sink());
        return Ok(ExitCode::SUCCESS);
    }
    let started = Instant::now();
    let root = project::root(g.project.as_deref())?;
    let mut text = String::new();
    let read = std::io::stdin().read_to_string(&mut text).map_err(|e| format!("standard input: {e}"));
    let event = Event::parse(&args.event, args.runtime);
    let parsed = read.and_then(|_| {
        let event = event.ok_or_else(|| format!("`{}` is no {} event", args.event, args.runtime.as_str()))?;
        Ok((event, Payload::parse(&text, args.runtime, event).map_err(|e| e.to_string())?))
    });
    let mut record = json!({
        "ts": Timestamp::now().to_string(),
        "event": event.map_or(args.event.as_str(), |e| e.kebab()),
        "runtime": args.runtime.as_str(),
    });
    let decision = match parsed {
        Ok((event, payload)) => {
            let decision = dispatch(&root, args.runtime, event, &payload, &mut record);
            Some((event, decision))
        }
        Err(error) => {
            let cut = text.char_indices().nth(MAX_LOGGED_PAYLOAD).map_or(text.len(), |(i, _)| i);
            let mut rejected = record.clone();
            rejected["error"] = json!(error);
            rejected["payload"] = json!(&text[..cut]);
            warn(log::record_error(&root, &rejected));
            record["error"] = json!(error);
            event.map(|e| (e, Decision::default()))
        }
    };
    record["duration_us"] = json!(u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX));
    warn(log::record_run(&root, &record));
    let Some((event, decision)) = decision else { return Ok(ExitCode::SUCCESS) };
    let answer = render(args.runtime, event, &decision);
    print!("{}", answer.stdout);
    eprint!("{}", answer.stderr);
    Ok(ExitCode::from(answer.code))
}

/// Does the event's work under the deadline and notes it in `record`.
fn dispatch(root: &Path, runtime: AgentRuntime, event: Event, payload: &Payload, record: &mut Value) -> Decision {
    record["session"] = json!(payload.session_id);
    if matches!(event.kind, EventName::Stop | EventName::SessionEnd) {
        record["transcript_path"] = json!(payload.transcript_path);
    }
    let (done, wait) = mpsc::channel();
    let (root, owned) = (PathBuf::from(root), payload.clone());
    std::thread::spawn(move || {
        // After the deadline nobody listens any more; the late answer is dropped.
        let _ = done.send(handle(&root, runtime, event, &owned));
    });
    let handled = match wait.recv_timeout(deadline()) {
        Ok(Ok(handled)) => handled,
        Ok(Err(error)) => {
            record["error"] = json!(error.message);
            Handled::default()
        }
        Err(_) => {
            record["error"] = json!(format!("deadline of {} ms passed; answered fail-open", deadline().as_millis()));
            Handled::default()
        }
    };
    record["skills"] = handled.runs.iter().map(|r| json!(r.skill)).collect();
    record["verdicts"] = handled
        .runs
        .iter()
        .map(|r| json!({"skill": r.skill, "mode": r.mode_name(), "verdict": r.verdict_name()}))
        .collect();
    if !handled.applied.is_empty() {
        record["applied"] = json!(handled.applied);
    }
    if let Some(forged) = handled.forged {
        record["forged"] = forged;
    }
    if let Some(handoff) = handled.handoff {
        record["handoff"] = json!(handoff);
    }
    record["decision"] = json!(handled.decision.name());
    handled.decision
}

/// The event's work: no WASM unless a skill is bound to this very call.
fn handle(root: &Path, runtime: AgentRuntime, event: Event, payload: &Payload) -> Result<Handled> {
    let session = payload.session_id.as_deref();
    match event.kind {
        EventName::PreToolUse => {
            let runs = skills::run_bound(root, runtime, event, payload)?;
            let decision = Decision { permission: gate::permission(&runs), context: advice::advice(&runs) };
            Ok(Handled { decision, runs, ..Handled::default() })
        }
        EventName::PostToolUse => {
            let applied = applied::cite_touched(root, payload)?;
            let runs = skills::run_bound(root, runtime, event, payload)?;
            Ok(Handled { decision: Decision::context(advice::advice(&runs)), runs, applied, ..Handled::default() })
        }
        EventName::SessionStart => {
            let context = context::session_context(root, session)?;
            Ok(Handled { decision: Decision::context(context), ..Handled::default() })
        }
        EventName::Stop | EventName::SessionEnd => {
            let (forged, handoff) = stop::stop(root, payload)?;
            Ok(Handled { forged, handoff, ..Handled::default() })
        }
        EventName::UserPrompt if takes_context(runtime, event) => {
            let context = context::prompt_context(root, session, payload.prompt.as_deref())?;
            Ok(Handled { decision: Decision::context(context), ..Handled::default() })
        }
        _ => Ok(Handled::default()),
    }
}

/// AGENTOPS_HOOK_TIMEOUT_MS, or the default.
fn deadline() -> Duration {
    std::env::var("AGENTOPS_HOOK_TIMEOUT_MS")
        .ok()
        .and_then(|ms| ms.trim().parse().ok())
        .map_or(DEFAULT_DEADLINE, Duration::from_millis)
}

/// A log that cannot be written is worth a word, never a failed hook.
fn warn(written: std::result::Result<(), agentops_ledger::LedgerError>) {
    if let Err(e) = written {
        eprintln!("warning: {e}");
    }
}
