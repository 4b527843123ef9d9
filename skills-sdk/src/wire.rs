//! Findings as JSON, for skills that hand findings to each other through a
//! request's input (a flow passing a review's findings to `post-mortem`).
//!
//! The form is the one `agentops run --json` prints:
//! `{"rule", "severity", "message", "path", "line", "fix"}` with the
//! severity in lowercase.

use serde_json::{Value, json};

use crate::{Finding, Severity};

/// The severity's lowercase name.
pub fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Info => "info",
        Severity::Minor => "minor",
        Severity::Significant => "significant",
        Severity::Critical => "critical",
    }
}

/// One finding as a JSON object.
pub fn finding_to_json(f: &Finding) -> Value {
    json!({
        "rule": f.rule, "severity": severity_name(f.severity), "message": f.message,
        "path": f.path, "line": f.line, "fix": f.fix,
    })
}

/// A finding read back from its JSON object; the error names what is missing.
pub fn finding_from_json(value: &Value) -> Result<Finding, String> {
    let text = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_string);
    let severity = match value.get("severity").and_then(Value::as_str) {
        Some("info") => Severity::Info,
        Some("minor") => Severity::Minor,
        Some("significant") => Severity::Significant,
        Some("critical") => Severity::Critical,
        other => return Err(format!("`severity` must be info, minor, significant or critical, not {other:?}")),
    };
    Ok(Finding {
        rule: text("rule").ok_or("a finding needs a `rule`")?,
        severity,
        message: text("message").ok_or("a finding needs a `message`")?,
        path: text("path"),
        line: value.get("line").and_then(Value::as_u64).and_then(|l| u32::try_from(l).ok()),
        fix: text("fix"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_round_trip_and_bad_ones_are_explained() {
        let f = Finding::new("vibe/secret", Severity::Critical, "AWS key").at("src/a.rs", 3).fix("rotate it");
        let back = finding_from_json(&finding_to_json(&f)).unwrap();
        assert_eq!((back.rule, back.severity, back.path, back.line), (f.rule, f.severity, f.path, f.line));
        assert!(finding_from_json(&json!({"rule": "x", "message": "m"})).unwrap_err().contains("severity"));
        assert!(finding_from_json(&json!({"severity": "minor", "message": "m"})).unwrap_err().contains("rule"));
    }
}
