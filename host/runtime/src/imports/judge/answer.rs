//! Reading a judge's answer: a JSON verdict, wherever the judge put it.
//!
//! Judges are often language-model CLIs, which wrap JSON in prose or code
//! fences, or in an envelope of their own (`claude -p --output-format json`
//! prints `{"result": "..."}`). Accepted, in this order: the whole output as
//! JSON; a `result` string holding JSON; the last ```json fenced block; the
//! last line that is a JSON object. The object needs `verdict` (pass, warn or
//! fail, any case); `confidence` (default 0.5, clamped to [0, 1]), `findings`
//! (objects with at least `message`) and `summary` are optional.

use serde_json::{Map, Value};

use crate::bindings::agentops::skill::types::{Finding, Severity, Verdict};

/// A judge's parsed answer.
#[derive(Debug, Clone)]
pub struct Answer {
    pub verdict: Verdict,
    pub confidence: f32,
    pub findings: Vec<Finding>,
    pub summary: String,
}

/// Most findings kept from one judge.
const MAX_FINDINGS: usize = 100;

/// Parses a judge's stdout; the error says what was wrong, for the abstention note.
pub fn parse(judge: &str, stdout: &str) -> Result<Answer, String> {
    let object = locate(stdout.trim()).ok_or_else(|| {
        let start: String = stdout.trim().chars().take(80).collect();
        format!("no JSON verdict in the answer (it began `{start}`)")
    })?;
    let verdict = match object.get("verdict").and_then(Value::as_str).map(str::to_ascii_lowercase).as_deref() {
        Some("pass") => Verdict::Pass,
        Some("warn") => Verdict::Warn,
        Some("fail") => Verdict::Fail,
        Some(other) => return Err(format!("unknown verdict `{other}`; expected pass, warn or fail")),
        None => return Err("the JSON answer has no `verdict`".into()),
    };
    let confidence = object.get("confidence").and_then(Value::as_f64).unwrap_or(0.5).clamp(0.0, 1.0) as f32;
    let findings = object
        .get("findings")
        .and_then(Value::as_array)
        .map(|list| list.iter().filter_map(|f| finding(judge, f)).take(MAX_FINDINGS).collect())
        .unwrap_or_default();
    let summary = object.get("summary").and_then(Value::as_str).unwrap_or_default().to_string();
    Ok(Answer { verdict, confidence, findings, summary })
}

/// The verdict object inside `text`, by the rules of the module docs.
fn locate(text: &str) -> Option<Map<String, Value>> {
    let as_object = |t: &str| match serde_json::from_str::<Value>(t.trim()) {
        Ok(Value::Object(map)) => Some(map),
        _ => None,
    };
    if let Some(map) = as_object(text) {
        if map.contains_key("verdict") {
            return Some(map);
        }
        if let Some(inner) = map.get("result").and_then(Value::as_str) {
            return locate(inner);
        }
        return Some(map);
    }
    let fenced = text.rsplit("```json").next().filter(|_| text.contains("```json"));
    if let Some(map) = fenced.and_then(|rest| rest.split("```").next()).and_then(as_object) {
        return Some(map);
    }
    text.lines().rev().find_map(|line| as_object(line).filter(|m| m.contains_key("verdict")))
}

fn finding(judge: &str, value: &Value) -> Option<Finding> {
    let text = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_string);
    let message = text("message")?;
    let severity = match text("severity").unwrap_or_default().to_ascii_lowercase().as_str() {
        "critical" => Severity::Critical,
        "significant" | "high" | "major" | "error" => Severity::Significant,
        "info" | "note" => Severity::Info,
        _ => Severity::Minor,
    };
    Some(Finding {
        rule: text("rule").map_or_else(|| format!("judge/{judge}"), |r| format!("judge/{judge}/{r}")),
        severity,
        message,
        path: text("path"),
        line: value.get("line").and_then(Value::as_u64).and_then(|l| u32::try_from(l).ok()),
        fix: text("fix"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_fenced_enveloped_and_trailing_answers_parse() {
        let plain = r#"{"verdict":"FAIL","confidence":0.9,"findings":[{"message":"unchecked unwrap","path":"src/a.rs","line":4,"severity":"high"}]}"#;
        let a = parse("j", plain).unwrap();
        assert_eq!((a.verdict, a.confidence), (Verdict::Fail, 0.9));
        assert_eq!(a.findings[0].rule, "judge/j");
        assert_eq!((a.findings[0].line, a.findings[0].severity), (Some(4), Severity::Significant));

        let fenced = "Looks fine.\n```json\n{\"verdict\": \"pass\"}\n```\nBye";
        assert_eq!(parse("j", fenced).unwrap().verdict, Verdict::Pass);
        let envelope =
            r#"{"type":"result","result":"Sure.\n```json\n{\"verdict\":\"warn\",\"summary\":\"tests thin\"}\n```"}"#;
        let a = parse("j", envelope).unwrap();
        assert_eq!((a.verdict, a.summary.as_str()), (Verdict::Warn, "tests thin"));
        let trailing = "thinking...\n{\"verdict\":\"pass\",\"confidence\":7}";
        assert_eq!(parse("j", trailing).unwrap().confidence, 1.0);
    }

    #[test]
    fn garbage_is_explained() {
        assert!(parse("j", "I think it is fine").unwrap_err().contains("no JSON verdict"));
        assert!(parse("j", r#"{"verdict":"maybe"}"#).unwrap_err().contains("unknown verdict `maybe`"));
        assert!(parse("j", r#"{"ok":true}"#).unwrap_err().contains("no `verdict`"));
        assert!(parse("j", "").unwrap_err().contains("no JSON verdict"));
    }
}
