//! Vague wording: words that leave the reader guessing what, which or how
//! much ("somehow", "etc.", "should work", "TBD", "as needed", "various").
//! Prose only: code blocks and inline code are not read.

use super::{Check, Note};
use crate::config::Config;
use crate::plan::Plan;

/// Where `phrase` (lower case) stands alone in `text` (lower case): no
/// letter or digit on either side.
fn phrase_at(text: &str, phrase: &str) -> bool {
    text.match_indices(phrase).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + phrase.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

pub fn check(plan: &Plan, config: &Config) -> Vec<Note> {
    let phrases: Vec<String> = config.vague_phrases.iter().map(|phrase| phrase.to_lowercase()).collect();
    let mut notes = Vec::new();
    for (line, text) in &plan.prose {
        let lower = text.to_lowercase();
        let found: Vec<&str> = phrases.iter().filter(|phrase| phrase_at(&lower, phrase)).map(String::as_str).collect();
        if !found.is_empty() {
            let quoted: Vec<String> = found.iter().map(|phrase| format!("\"{phrase}\"")).collect();
            notes.push(Note::at(Check::VagueWording, *line, format!("vague wording: {}", quoted.join(", "))));
        }
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::notes_on;

    #[test]
    fn vague_phrases_are_found_per_line() {
        let text = "## Steps\n\n1. Somehow speed up the export\n2. Update docs, config etc.\n3. It *should* work; details TBD\n";
        assert_eq!(
            notes_on(text, check),
            [
                (Some(3), "vague wording: \"somehow\"".to_string()),
                (Some(4), "vague wording: \"etc\"".to_string()),
                (Some(5), "vague wording: \"should work\", \"tbd\"".to_string()),
            ]
        );
    }

    #[test]
    fn words_that_merely_contain_a_phrase_and_code_are_not_vague() {
        let text = "Variousness and stuffing.\n\n```\nsomehow etc\n```\n\nRun `make etc`.\n";
        assert_eq!(notes_on(text, check), []);
    }
}
