//! Printing skill outcomes for people and as JSON.

use agentops_runtime::{Finding, Outcome, Run, Severity, Verdict};
use serde_json::{Value, json};

pub fn verdict_str(v: Verdict) -> &'static str {
    match v {
        Verdict::Pass => "pass",
        Verdict::Warn => "warn",
        Verdict::Fail => "fail",
    }
}

fn severity_str(s: Severity) -> &'static str {
    match s {
        Severity::Info => "info",
        Severity::Minor => "minor",
        Severity::Significant => "significant",
        Severity::Critical => "critical",
    }
}

/// A finished run as one JSON object.
pub fn run_json(skill: &str, run: &Run) -> Value {
    let o = &run.outcome;
    json!({
        "skill": skill,
        "verdict": verdict_str(o.verdict),
        "message": o.message,
        "findings": o.findings.iter().map(finding_json).collect::<Vec<_>>(),
        "learnings": o.learnings.iter().map(|l| json!({
            "title": l.title, "body": l.body, "category": l.category, "tags": l.tags, "confidence": l.confidence,
        })).collect::<Vec<_>>(),
        "context": o.context,
        "data": o.data.as_deref().map(|d| serde_json::from_str::<Value>(d).unwrap_or_else(|_| Value::String(d.to_string()))),
        "elapsed_us": run.elapsed.as_micros() as u64,
    })
}

fn finding_json(f: &Finding) -> Value {
    json!({
        "rule": f.rule, "severity": severity_str(f.severity), "message": f.message,
        "path": f.path, "line": f.line, "fix": f.fix,
    })
}

/// A finished run as text: the verdict line, then one block per finding.
pub fn run_text(skill: &str, outcome: &Outcome) -> String {
    let mut out = format!("{skill}: {}", verdict_str(outcome.verdict).to_uppercase());
    if let Some(message) = &outcome.message {
        out.push_str(&format!(" — {message}"));
    }
    out.push('\n');
    for f in &outcome.findings {
        let location = match (&f.path, f.line) {
            (Some(p), Some(l)) => format!(" at {p}:{l}"),
            (Some(p), None) => format!(" at {p}"),
            _ => String::new(),
        };
        out.push_str(&format!("  {} {}{}: {}\n", severity_str(f.severity), f.rule, location, f.message));
        if let Some(fix) = &f.fix {
            out.push_str(&format!("    fix: {fix}\n"));
        }
    }
    if let Some(context) = &outcome.context {
        out.push_str(&format!("  context: {context}\n"));
    }
    out
}
