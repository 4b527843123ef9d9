//! Actionability: can the next agent act on the item without rethinking it?
//!
//! actionability = 0.5 · min(imperatives, 2) / 2
//!               + 0.25 · min(code blocks, 1)
//!               + 0.25 · min(numbered steps, 3) / 3
//!
//! An imperative is a sentence (of a paragraph, heading or list item) whose
//! first word is a verb of [`VERBS`] or `never`/`always`/`don't`/`do not`;
//! numbered steps are items of ordered lists.

use super::text::Analysis;

/// Verbs that start an instruction. Lowercase; matched against the first word.
const VERBS: [&str; 72] = [
    "add",
    "always",
    "avoid",
    "build",
    "bump",
    "call",
    "check",
    "clear",
    "configure",
    "copy",
    "create",
    "delete",
    "disable",
    "do",
    "don't",
    "download",
    "drop",
    "enable",
    "ensure",
    "escape",
    "export",
    "fix",
    "grep",
    "ignore",
    "increase",
    "install",
    "keep",
    "kill",
    "limit",
    "lock",
    "log",
    "make",
    "mark",
    "measure",
    "merge",
    "move",
    "never",
    "open",
    "pass",
    "pin",
    "prefer",
    "put",
    "quote",
    "raise",
    "read",
    "rebuild",
    "reduce",
    "remove",
    "rename",
    "replace",
    "rerun",
    "reset",
    "restart",
    "return",
    "run",
    "set",
    "skip",
    "sort",
    "split",
    "start",
    "stop",
    "switch",
    "test",
    "trim",
    "try",
    "update",
    "upgrade",
    "use",
    "validate",
    "verify",
    "wrap",
    "write",
];

/// The actionability of an analyzed text.
pub fn actionability(text: &Analysis) -> f64 {
    let imperatives = text.sentences().filter(|s| is_imperative(s)).count();
    0.5 * imperatives.min(2) as f64 / 2.0
        + 0.25 * text.code_blocks.min(1) as f64
        + 0.25 * text.ordered_items.min(3) as f64 / 3.0
}

fn is_imperative(sentence: &str) -> bool {
    let first = sentence
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .trim_matches(|c: char| !(c.is_alphanumeric() || c == '\''))
        .to_lowercase();
    VERBS.contains(&first.as_str())
}

#[cfg(test)]
mod tests {
    use super::super::text::analyze;
    use super::*;

    fn score(text: &str) -> f64 {
        actionability(&analyze(text))
    }

    #[test]
    fn observations_score_zero() {
        assert_eq!(score("The build was slow yesterday. Nobody knew why."), 0.0);
    }

    #[test]
    fn imperatives_code_and_steps_add_up() {
        assert_eq!(score("Use nextest for this crate."), 0.25);
        assert_eq!(score("Use nextest. **Never** run tests in release."), 0.5);
        assert_eq!(score("The fix:\n\n```sh\ncargo update -p git2\n```\n"), 0.25);
        assert_eq!(score("Steps:\n\n1. a\n2. b\n3. c\n4. d\n"), 0.25);
        let full = "Pin git2. Run the tests:\n\n1. build\n2. test\n3. lint\n\n```sh\ncargo test\n```\n";
        assert_eq!(score(full), 1.0);
    }

    #[test]
    fn list_items_are_sentences() {
        assert_eq!(score("- Avoid `unwrap` here\n- Prefer `?`\n"), 0.5);
    }
}
