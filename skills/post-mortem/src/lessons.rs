//! Recurring findings as proposed learnings: one per rule that fired often
//! enough, naming where it fired and the fix given.

use agentops_skill_sdk::{Finding, LearningDraft};

/// Most places listed in one learning.
const MAX_PLACES: usize = 10;

/// A draft for every rule with at least `after` findings, in order of first appearance.
pub fn recurring(findings: &[Finding], after: usize) -> Vec<LearningDraft> {
    let mut rules: Vec<&str> = Vec::new();
    for f in findings {
        if !rules.contains(&f.rule.as_str()) {
            rules.push(&f.rule);
        }
    }
    rules
        .into_iter()
        .filter_map(|rule| {
            let hits: Vec<&Finding> = findings.iter().filter(|f| f.rule == rule).collect();
            (hits.len() >= after.max(1)).then(|| draft(rule, &hits))
        })
        .collect()
}

fn draft(rule: &str, hits: &[&Finding]) -> LearningDraft {
    let places: Vec<String> = hits
        .iter()
        .filter_map(|f| match (&f.path, f.line) {
            (Some(p), Some(l)) => Some(format!("`{p}:{l}`")),
            (Some(p), None) => Some(format!("`{p}`")),
            _ => None,
        })
        .take(MAX_PLACES)
        .collect();
    let example = &hits[0].message;
    let mut body = format!("The check `{rule}` fired {} times in one piece of work, e.g.: {example}\n\n", hits.len());
    if !places.is_empty() {
        body.push_str(&format!("Where: {}.\n\n", places.join(", ")));
    }
    match hits.iter().find_map(|f| f.fix.as_deref()) {
        Some(fix) => body
            .push_str(&format!("Next time: {fix} Check for `{rule}` before asking for review, because it recurs.\n")),
        None => body.push_str(&format!("Next time: check for `{rule}` before asking for review, because it recurs.\n")),
    }
    let tag = rule.split('/').next().unwrap_or(rule).to_string();
    LearningDraft {
        title: format!("Recurring `{rule}`: {}", shorten(example)),
        body,
        category: "review".into(),
        tags: vec![tag, "post-mortem".into()],
        confidence: 0.6,
    }
}

fn shorten(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    if line.chars().count() <= 80 {
        line.to_string()
    } else {
        format!("{}…", line.chars().take(79).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use agentops_skill_sdk::Severity;

    #[test]
    fn rules_that_recur_become_one_learning_each() {
        let f = |rule: &str, line: u32| {
            Finding::new(rule, Severity::Minor, "debug print left in").at("src/a.rs", line).fix("Remove it.")
        };
        let findings = [f("vibe/debug", 3), f("vibe/todo", 4), f("vibe/debug", 9)];
        let drafts = recurring(&findings, 2);
        assert_eq!(drafts.len(), 1);
        assert_eq!(drafts[0].title, "Recurring `vibe/debug`: debug print left in");
        assert!(
            drafts[0].body.contains("fired 2 times") && drafts[0].body.contains("`src/a.rs:9`"),
            "{}",
            drafts[0].body
        );
        assert!(drafts[0].body.contains("Next time: Remove it."));
        assert_eq!(drafts[0].tags, ["vibe", "post-mortem"]);
        assert_eq!(recurring(&findings, 1).len(), 2);
        assert!(recurring(&[], 2).is_empty());
    }
}
