//! The steps: numbered, in order, and each small enough to do and check in
//! one go. A step is too large when it is long, chains actions with "then",
//! or does more than a few things.

use super::{Check, Note};
use crate::config::Config;
use crate::plan::{Item, Plan, word_count, words};
use crate::sections::SectionKind;

/// Verbs that start an action in a step ("add the index, backfill it").
const ACTION_VERBS: &[&str] = &[
    "add",
    "update",
    "remove",
    "delete",
    "create",
    "write",
    "implement",
    "refactor",
    "migrate",
    "deploy",
    "release",
    "rename",
    "move",
    "test",
    "fix",
    "build",
    "configure",
    "install",
    "replace",
    "change",
    "document",
    "run",
    "backfill",
    "merge",
    "split",
    "extract",
    "enable",
    "disable",
    "verify",
    "check",
    "review",
    "measure",
    "monitor",
    "announce",
    "notify",
    "ship",
    "revert",
    "drop",
    "introduce",
    "wire",
    "expose",
    "port",
    "upgrade",
    "bump",
    "publish",
    "tag",
    "commit",
    "push",
    "set",
    "switch",
    "clean",
    "convert",
    "generate",
    "validate",
    "investigate",
    "design",
    "draft",
    "define",
    "collect",
    "compute",
    "index",
    "parse",
    "send",
    "store",
    "load",
    "copy",
    "link",
    "register",
    "schedule",
    "train",
    "evaluate",
    "rewrite",
    "benchmark",
    "profile",
    "archive",
    "export",
    "import",
];

/// Where a step's text splits into separate actions.
const CLAUSE_BREAKS: &[&str] =
    &[", and then ", " and then ", ", then ", "; then ", " then ", "; ", ", and ", " and ", ", "];

/// The actions of a step: its clauses that begin with a verb.
fn actions(text: &str) -> usize {
    let mut clauses = vec![text.to_lowercase()];
    for separator in CLAUSE_BREAKS {
        clauses =
            clauses.iter().flat_map(|clause| clause.split(separator).map(str::to_string).collect::<Vec<_>>()).collect();
    }
    clauses
        .iter()
        .filter(|clause| words(clause).next().is_some_and(|word| ACTION_VERBS.contains(&word.as_str())))
        .count()
}

/// Why a step is too large, if it is.
fn too_large(step: &Item, config: &Config) -> Vec<String> {
    let mut reasons = Vec::new();
    let count = word_count(&step.text);
    if count > config.max_step_words {
        reasons.push(format!("{count} words (limit {})", config.max_step_words));
    }
    let lower = step.text.to_lowercase();
    if lower.contains("and then") || lower.contains(", then") || lower.contains("; then") {
        reasons.push("chains actions with \"then\"".to_string());
    }
    let actions = actions(&step.text);
    if actions > config.max_step_actions {
        reasons.push(format!("{actions} actions (limit {})", config.max_step_actions));
    }
    reasons
}

pub fn check(plan: &Plan, config: &Config) -> Vec<Note> {
    let mut notes = Vec::new();
    for section in plan.sections_of(SectionKind::Steps) {
        if section.items.is_empty() && !section.paragraphs.is_empty() {
            notes.push(Note::at(Check::UnorderedSteps, section.line, "the steps are prose, not a numbered list"));
        } else if let Some(first) = section.items.iter().find(|item| !item.ordered) {
            notes.push(Note::at(Check::UnorderedSteps, first.line, "the steps are not numbered"));
        }
        for step in section.units() {
            let reasons = too_large(step, config);
            if !reasons.is_empty() {
                notes.push(Note::at(Check::LargeStep, step.line, format!("step too large: {}", reasons.join(", "))));
            }
        }
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::notes_on;

    #[test]
    fn small_numbered_steps_pass() {
        let text = "## Steps\n\n1. Add the `users_email` index\n2. Backfill it in batches of 1000\n   - watch replica lag\n3. Switch reads to the index\n";
        assert_eq!(notes_on(text, check), []);
        let headed = "## Steps\n\n### 1. Add the index\n\nDetails.\n\n### Step 2: Backfill\n";
        assert_eq!(notes_on(headed, check), []);
    }

    #[test]
    fn bullets_and_prose_are_not_ordered() {
        assert_eq!(
            notes_on("## Steps\n\n- Add the index\n- Backfill\n", check),
            [(Some(3), "the steps are not numbered".to_string())]
        );
        assert_eq!(
            notes_on("## Steps\n\nWe add the index.\n", check),
            [(Some(1), "the steps are prose, not a numbered list".to_string())]
        );
    }

    #[test]
    fn large_steps_say_why() {
        let long = format!("1. Write {}", "the code ".repeat(25));
        let text = format!(
            "## Steps\n\n{long}\n2. Add the column and then backfill it\n3. Add the column, update the model, migrate the data and deploy\n"
        );
        assert_eq!(
            notes_on(&text, check),
            [
                (Some(3), "step too large: 51 words (limit 40)".to_string()),
                (Some(4), "step too large: chains actions with \"then\"".to_string()),
                (Some(5), "step too large: 4 actions (limit 2)".to_string()),
            ]
        );
    }

    #[test]
    fn actions_are_clauses_led_by_a_verb() {
        assert_eq!(actions("Add the column and backfill it"), 2);
        assert_eq!(actions("Add salt and pepper"), 1);
        assert_eq!(actions("Run tests, fix failures, then deploy"), 3);
    }
}
