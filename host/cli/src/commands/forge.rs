//! `agentops forge`: learnings and citations from agent transcripts.

use std::path::PathBuf;
use std::process::ExitCode;

use agentops_ledger::{DropReason, ForgeReport, ForgeRequest, Ledger, Proposal, Timestamp, TranscriptFormat};
use serde_json::{Value, json};

use crate::cli::Global;
use crate::commands::learn::word;
use crate::error::Result;
use crate::project;

/// Capture learnings from Claude Code and Codex transcripts
///
/// Reads each transcript from where the last run stopped and proposes
/// learnings from explicit lessons ("root cause", "the fix was", "next
/// time", ...), from a failed command or edit followed by its fix, and from
/// user corrections. Each is scored like `learn add`; those below bronze or
/// repeating the ledger are dropped. Ids of ledger items the assistant cites
/// are recorded as `applied`, once per session.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Transcripts: Claude Code session JSONL (a hook's transcript_path) or Codex rollout JSONL
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The transcripts' format (default: told from their records)
    #[arg(long, value_parser = ["claude-code", "codex", "opencode"])]
    pub from: Option<String>,
    /// Show what would be captured and cited, and write nothing
    #[arg(long)]
    pub dry_run: bool,
}

pub fn cmd_forge(g: &Global, args: &Args) -> Result<ExitCode> {
    let root = project::root(g.project.as_deref())?;
    let ledger = Ledger::open(&root)?;
    let format: Option<TranscriptFormat> = args.from.as_deref().map(|f| f.parse().expect("clap checked the format"));
    let request = ForgeRequest { transcripts: &args.files, format, dry_run: args.dry_run };
    let report = ledger.forge(&request, Timestamp::now())?;
    if g.json {
        println!("{}", report_json(&report));
    } else if !g.quiet {
        print!("{}", report_text(&report));
    }
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    Ok(ExitCode::SUCCESS)
}

/// The report as one JSON object.
pub(crate) fn report_json(report: &ForgeReport) -> Value {
    let transcripts: Vec<Value> = report
        .transcripts
        .iter()
        .map(|t| {
            json!({
                "path": t.path, "format": t.format.map(|f| f.name()), "session": t.session,
                "resumed_after": t.resumed_after, "lines": t.lines,
            })
        })
        .collect();
    let captured: Vec<Value> = report.captured().map(|p| proposal_json(p, Value::Null)).collect();
    let dropped: Vec<Value> = report.dropped().map(|(p, reason)| proposal_json(p, reason_json(reason))).collect();
    let cited: Vec<Value> = report
        .cited
        .iter()
        .map(|c| json!({"id": c.id, "session": c.session, "transcript": c.transcript, "line": c.line}))
        .collect();
    let warnings: Vec<String> = report.warnings.iter().map(ToString::to_string).collect();
    json!({
        "dry_run": report.dry_run, "transcripts": transcripts, "captured": captured, "dropped": dropped,
        "cited": cited, "warnings": warnings,
    })
}

fn proposal_json(p: &Proposal, reason: Value) -> Value {
    let item = &p.item;
    json!({
        "id": item.id, "rule": p.rule.name(), "title": item.title, "tier": item.tier, "quality": item.quality,
        "scores": item.scores, "tags": item.tags, "paths": item.paths, "source": item.source,
        "body": item.body.trim(), "reason": reason,
    })
}

fn reason_json(reason: &DropReason) -> Value {
    match reason {
        DropReason::DuplicatesItem { similarity } => json!({"kind": "duplicates-item", "similarity": similarity}),
        DropReason::DuplicatesProposal { id, jaccard } => {
            json!({"kind": "duplicates-proposal", "id": id, "jaccard": jaccard})
        }
        DropReason::BelowThreshold { bronze } => json!({"kind": "below-threshold", "bronze": bronze}),
        DropReason::AlreadyRecorded => json!({"kind": "already-recorded"}),
    }
}

/// The report for people: one line per transcript, proposal and citation,
/// then a summary.
pub(crate) fn report_text(report: &ForgeReport) -> String {
    let (capture, cite) = if report.dry_run { ("would capture", "would cite") } else { ("captured", "cited") };
    let mut out = String::new();
    for t in &report.transcripts {
        let format = t.format.map_or("empty", |f| f.name());
        let session = t.session.as_deref().unwrap_or("-");
        let read = if t.lines > t.resumed_after {
            format!("lines {}..{}", t.resumed_after + 1, t.lines)
        } else {
            format!("nothing new after line {}", t.lines)
        };
        out.push_str(&format!("read {} ({format}, session {session}): {read}\n", t.path.display()));
    }
    for p in report.captured() {
        let tier = p.item.tier.map_or_else(|| "-".into(), word);
        let quality = p.item.quality.unwrap_or_default();
        out.push_str(&format!(
            "{capture} {} ({tier}, quality {quality:.2}) [{}] {}\n",
            p.item.id,
            p.rule.name(),
            p.item.title
        ));
    }
    for (p, reason) in report.dropped() {
        out.push_str(&format!("dropped [{}] {}: {}\n", p.rule.name(), p.item.title, reason.explain(&p.item)));
    }
    for c in &report.cited {
        out.push_str(&format!("{cite} {} as applied (session {}, line {})\n", c.id, c.session, c.line));
    }
    let captured = report.captured().count();
    out.push_str(&format!(
        "{capture} {captured}, dropped {}, {cite} {}{}\n",
        report.proposed.len() - captured,
        report.cited.len(),
        if report.dry_run { "; nothing written (dry run)" } else { "" }
    ));
    out
}
