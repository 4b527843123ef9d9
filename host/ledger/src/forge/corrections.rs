//! User corrections: the user stopping the agent and saying what to do
//! instead ("no, use pnpm", "don't touch the lockfile", "that's wrong, the
//! config lives in `.ci/`", "instead use `rg`").
//!
//! Only the start of a user message counts as a correction (a "no" in the
//! middle of a sentence is rarely one), except for an explicit "instead use"
//! or "use ... instead" sentence. What is kept is the corrected instruction:
//! the message's first paragraph after the rejecting words, or the
//! "instead" sentence.

use super::text::{capitalize, find_phrase, paragraphs, plain, title};
use crate::scoring::split_sentences;

/// Words that reject what the agent did; the instruction follows them.
const REJECTIONS: [&str; 9] = [
    "that's not right",
    "that is not right",
    "that's wrong",
    "that is wrong",
    "that's incorrect",
    "wrong",
    "nope",
    "no",
    "actually",
];

/// Words that start an instruction that is a correction by itself.
const PROHIBITIONS: [&str; 5] = ["don't", "do not", "never", "stop", "instead"];

/// Replies starting with "no" that are no correction.
const NOT_CORRECTIONS: [&str; 7] = ["problem", "worries", "thanks", "thank", "need", "rush", "idea"];

/// A corrected instruction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Correction {
    pub title: String,
    /// The instruction as the user wrote it (markdown).
    pub instruction: String,
}

/// The correction a user message makes, if it makes one.
pub(crate) fn correction(text: &str) -> Option<Correction> {
    let first = paragraphs(text).into_iter().next()?;
    let instruction = after_rejection(&first)
        .or_else(|| starts_with_any(&first, &PROHIBITIONS).then(|| first.clone()))
        .or_else(|| instead_sentence(&first))?;
    (instruction.split_whitespace().count() >= 3).then(|| {
        let line = plain(&instruction);
        let sentence = split_sentences(&line).first().copied().unwrap_or_default().to_string();
        Correction { title: title(&sentence, &sentence), instruction: capitalize(&instruction) }
    })
}

/// What follows rejecting words at the start of `paragraph` ("no, use X"
/// gives "use X"), when something does.
fn after_rejection(paragraph: &str) -> Option<String> {
    let (start, end) = find_phrase(paragraph, &REJECTIONS).filter(|(start, _)| *start == 0)?;
    let rest = paragraph[end..].trim_start_matches(|c: char| c.is_whitespace() || ",.!:;—–-".contains(c));
    // "no" must be a whole word followed by a separator: "nothing", "now" are not rejections.
    let separated = paragraph[start..].chars().nth(end - start).is_none_or(|c| !c.is_alphanumeric());
    let first_word = rest.split_whitespace().next().unwrap_or_default().to_ascii_lowercase();
    let polite = NOT_CORRECTIONS.iter().any(|w| first_word.trim_end_matches([',', '.', '!']) == *w);
    (separated && !rest.is_empty() && !polite).then(|| rest.to_string())
}

fn starts_with_any(text: &str, phrases: &[&str]) -> bool {
    find_phrase(text, phrases).is_some_and(|(start, _)| start == 0)
}

/// The sentence that says "instead use ..." or "use ... instead".
fn instead_sentence(paragraph: &str) -> Option<String> {
    let line = plain(paragraph);
    split_sentences(&line)
        .into_iter()
        .find(|s| {
            let lower = s.to_ascii_lowercase();
            lower.contains("instead use") || (lower.starts_with("use ") && lower.contains(" instead"))
        })
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn instruction(text: &str) -> Option<String> {
        correction(text).map(|c| c.instruction)
    }

    #[test]
    fn rejections_keep_what_follows() {
        assert_eq!(
            instruction("No, use `pnpm install` here; npm rewrites the lockfile.").unwrap(),
            "Use `pnpm install` here; npm rewrites the lockfile."
        );
        assert_eq!(
            instruction("that's wrong — the config lives in `.ci/agent.toml`").unwrap(),
            "The config lives in `.ci/agent.toml`"
        );
        let c = correction("Nope. Don't run the migrations against prod. Use the staging DB.").unwrap();
        assert_eq!(c.title, "Don't run the migrations against prod");
    }

    #[test]
    fn prohibitions_and_instead_sentences_are_corrections() {
        assert_eq!(
            instruction("Don't edit generated files under gen/.").unwrap(),
            "Don't edit generated files under gen/."
        );
        assert_eq!(
            instruction("Thanks. Please instead use `rg` for searching.").unwrap(),
            "Please instead use `rg` for searching."
        );
        assert_eq!(
            instruction("Looks good. Use `just test` instead of cargo.").unwrap(),
            "Use `just test` instead of cargo."
        );
    }

    #[test]
    fn polite_or_unrelated_messages_are_not() {
        for text in [
            "no problem, thanks",
            "No.",
            "nothing to add here today",
            "Now run the tests please",
            "no worries at all",
            "Add a test for the parser",
            "I know you said no to that",
        ] {
            assert_eq!(correction(text), None, "{text}");
        }
    }
}
