//! Telling a markdown plan from what is not one before reading it: nothing
//! at all, binary data, or a JSON document each get a clear invalid-input
//! error instead of a review full of "missing" findings.

use agentops_skill_sdk::{SkillError, invalid_input};

/// The share of control characters above which text is taken for binary.
const MAX_CONTROL_SHARE: f64 = 0.1;

/// The plan text of `input`, or why it is not a plan.
pub fn plan_text(input: Option<&str>, max_bytes: usize) -> Result<&str, SkillError> {
    let text =
        input.ok_or_else(|| invalid_input("pre-mortem reviews a plan: pass a markdown file with --input plan.md"))?;
    if text.len() > max_bytes {
        return Err(invalid_input(format!(
            "the plan has {} bytes; the limit is {max_bytes} (max_plan_bytes in [config])",
            text.len()
        )));
    }
    if text.trim().is_empty() {
        return Err(invalid_input(
            "the plan is empty: write its goal, steps, risks, rollback, test plan and acceptance criteria in markdown",
        ));
    }
    let control = text.chars().filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')).count();
    if text.contains('\0') || control as f64 > MAX_CONTROL_SHARE * text.chars().count() as f64 {
        return Err(invalid_input("the input is binary, not a markdown plan"));
    }
    let trimmed = text.trim_start();
    if trimmed.starts_with(['{', '[']) && serde_json::from_str::<serde_json::Value>(text).is_ok() {
        return Err(invalid_input("the input is JSON, not a markdown plan: pass the plan's markdown file"));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(input: Option<&str>) -> String {
        match plan_text(input, 1000) {
            Err(SkillError::InvalidInput(message)) => message,
            other => panic!("expected invalid input, got {other:?}"),
        }
    }

    #[test]
    fn what_is_not_a_plan_is_named() {
        assert!(error(None).contains("--input"));
        assert!(error(Some("")).contains("empty"));
        assert!(error(Some(" \n\t\n")).contains("empty"));
        assert!(error(Some("PK\u{3}\u{4}\0\0binary")).contains("binary"));
        assert!(error(Some("\u{1}\u{2}\u{3}\u{4}abc")).contains("binary"));
        assert!(error(Some(r#"{"goal": "x", "steps": []}"#)).contains("JSON"));
        assert!(error(Some("[1, 2]")).contains("JSON"));
        assert!(error(Some(&"x".repeat(1001))).contains("limit is 1000"));
    }

    #[test]
    fn markdown_and_plain_text_are_read() {
        for text in ["# Plan\n", "just a sentence", "[link](x) starts with a bracket", "{ not json"] {
            assert_eq!(plan_text(Some(text), 1000).unwrap(), text);
        }
    }
}
