//! No input, however malformed, makes pre-mortem panic: a panic would end the
//! review with a trap instead of a verdict.

use agentops_skill_sdk::Hit;
use pre_mortem::{Config, Host, parse_plan, review};
use proptest::prelude::*;

/// A ledger with one rule, whatever the query.
struct OneRule;

impl Host for OneRule {
    fn lookup(&self, query: &str, _limit: u32) -> Result<Vec<Hit>, String> {
        let hit = Hit {
            id: "R-1".into(),
            kind: "rule".into(),
            title: query.chars().rev().collect(),
            body: String::new(),
            paths: Vec::new(),
            score: 1.0,
            tier: "gold".into(),
        };
        Ok(vec![hit])
    }

    fn warn(&self, _message: &str) {}
}

/// Lines built from markdown's sharp edges and the words the checks look for.
fn markdownish() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        Just("# Plan".to_string()),
        Just("## Goal".to_string()),
        Just("## Risks and mitigations".to_string()),
        Just("### 1. Step".to_string()),
        Just("**Rollback:**".to_string()),
        Just("Steps:".to_string()),
        Just("1. Add it and then ship it, test it; deploy".to_string()),
        Just("- risk → mitigation".to_string()),
        Just("  - nested".to_string()),
        Just("| Risk | Mitigation |".to_string()),
        Just("| --- | --- |".to_string()),
        Just("| a | |".to_string()),
        Just("```".to_string()),
        Just("> quote somehow etc.".to_string()),
        Just("<div>".to_string()),
        Just("[^1]: note".to_string()),
        Just("- [ ] task".to_string()),
        Just(String::new()),
        any::<String>(),
    ];
    prop::collection::vec(line, 0..40).prop_map(|lines| lines.join("\n"))
}

proptest! {
    #[test]
    fn arbitrary_text_parses_without_panic(text in any::<String>()) {
        let _ = parse_plan(&text);
    }

    #[test]
    fn markdown_shaped_text_is_reviewed_without_panic(text in markdownish()) {
        let outcome = review(&text, &Config::default(), &OneRule, "plan.md");
        prop_assert!(outcome.findings.iter().all(|f| f.line.is_none_or(|line| line as usize <= text.lines().count() + 1)));
    }
}
