//! Rules as the text of a managed markdown section (CLAUDE.md, AGENTS.md), both
//! ways. Each rule is a heading the agent reads, preceded by an HTML comment
//! carrying what markdown cannot show (id, globs, always-apply, description) as
//! JSON, so the importer reads back exactly what was written.

use std::path::Path;

use serde_json::{Value, json};

use crate::error::FileError;
use crate::model::Rule;

const MARKER: &str = "<!-- agentops:rule ";

/// The section text for `rules`, sorted by id.
pub(crate) fn render(rules: &[Rule]) -> String {
    let mut sorted: Vec<&Rule> = rules.iter().collect();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));
    let mut out = String::new();
    for rule in sorted {
        let mut meta = json!({"id": rule.id, "alwaysApply": rule.always_apply});
        if !rule.globs.is_empty() {
            meta["globs"] = json!(rule.globs);
        }
        if let Some(d) = &rule.description {
            meta["description"] = json!(d);
        }
        // `>` only occurs inside JSON strings; escaping it keeps `-->` out of the comment.
        let meta = meta.to_string().replace('>', "\\u003e");
        out.push_str(&format!("{MARKER}{meta} -->\n## {}\n\n", rule.title));
        if !rule.globs.is_empty() {
            let globs: Vec<String> = rule.globs.iter().map(|g| format!("`{g}`")).collect();
            out.push_str(&format!("_Applies to {}._\n\n", globs.join(", ")));
        }
        out.push_str(&rule.body);
        if !rule.body.is_empty() && !rule.body.ends_with('\n') {
            out.push('\n');
        }
        out.push('\n');
    }
    out
}

/// Reads rules back from a section written by [`render`]; `path` and
/// `first_line` (the line after the begin marker) locate errors.
pub(crate) fn parse(path: &Path, section: &str, first_line: usize) -> Result<Vec<Rule>, FileError> {
    let mut rules = Vec::new();
    let mut current: Option<(Rule, usize)> = None;
    let mut body = String::new();
    for (i, line) in section.split_inclusive('\n').enumerate() {
        let line_no = first_line + i;
        if let Some(meta) = line.trim_end().strip_prefix(MARKER).and_then(|m| m.strip_suffix(" -->")) {
            finish(path, current.take(), &mut body, &mut rules)?;
            current = Some((rule_meta(path, line_no, meta)?, line_no));
        } else if current.is_some() {
            body.push_str(line);
        } else if !line.trim().is_empty() {
            return Err(FileError::new(path, Some(line_no), "text in the agentops section outside any rule"));
        }
    }
    finish(path, current, &mut body, &mut rules)?;
    Ok(rules)
}

fn rule_meta(path: &Path, line: usize, meta: &str) -> Result<Rule, FileError> {
    let bad = |what: &str| FileError::new(path, Some(line), format!("rule marker: {what}"));
    let v: Value = serde_json::from_str(meta).map_err(|e| bad(&e.to_string()))?;
    let id = v["id"].as_str().ok_or_else(|| bad("no `id`"))?.to_string();
    let always_apply = v["alwaysApply"].as_bool().ok_or_else(|| bad("no `alwaysApply`"))?;
    let globs = match &v["globs"] {
        Value::Null => Vec::new(),
        Value::Array(items) => items
            .iter()
            .map(|g| g.as_str().map(String::from).ok_or_else(|| bad("a glob is not a string")))
            .collect::<Result<_, _>>()?,
        _ => return Err(bad("`globs` is not a list")),
    };
    let description = v["description"].as_str().map(String::from);
    Ok(Rule { id, title: String::new(), description, body: String::new(), globs, always_apply })
}

/// Splits the text after a marker into title, the applies-to line and body.
fn finish(
    path: &Path,
    current: Option<(Rule, usize)>,
    text: &mut String,
    rules: &mut Vec<Rule>,
) -> Result<(), FileError> {
    let Some((mut rule, line)) = current else { return Ok(()) };
    let chunk = std::mem::take(text);
    let Some((title, rest)) = chunk.strip_prefix("## ").and_then(|c| c.split_once("\n\n")) else {
        return Err(FileError::new(path, Some(line + 1), "expected `## title` and a blank line after the rule marker"));
    };
    rule.title = title.to_string();
    let rest = if rule.globs.is_empty() { rest } else { rest.split_once("._\n\n").map_or(rest, |(_, r)| r) };
    rule.body = rest.strip_suffix('\n').unwrap_or(rest).to_string();
    rules.push(rule);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_rules() {
        let rules = vec![
            Rule {
                id: "a".into(),
                title: "Always".into(),
                body: "Do it.\n".into(),
                always_apply: true,
                ..Default::default()
            },
            Rule {
                id: "b".into(),
                title: "Scoped".into(),
                description: Some("when --> editing \"rust\"".into()),
                body: "Line 1\n\nLine 2\n".into(),
                globs: vec!["src/**/*.rs".into(), "tests/*".into()],
                always_apply: false,
            },
            Rule { id: "c".into(), title: "Empty".into(), ..Default::default() },
        ];
        let text = render(&rules);
        assert!(!text.contains("--> editing"), "{text}");
        assert_eq!(parse(Path::new("CLAUDE.md"), &text, 2).unwrap(), rules);
    }

    #[test]
    fn stray_text_names_its_line() {
        let err = parse(Path::new("CLAUDE.md"), "\nhello\n", 5).unwrap_err();
        assert_eq!(err.line, Some(6));
    }
}
