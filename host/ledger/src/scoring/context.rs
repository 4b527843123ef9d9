//! Context: does the item say why, and where it comes from?
//!
//! context = 0.4 · [gives a reason] + 0.3 · [cites a source] + 0.3 · [quotes an error]
//!
//! - a reason: one of [`REASONS`] (`because`, `so that`, `otherwise`, ...);
//! - a source: a link, a URL, or an issue reference like `#123`;
//! - an error: one of [`ERRORS`] (`error`, `panicked`, `exit code`, ...) in the
//!   prose or in a code block.

use super::text::Analysis;

/// Phrases that introduce a reason. Matched on lowercase prose, at word starts.
const REASONS: [&str; 13] = [
    "because",
    "so that",
    "otherwise",
    "since ",
    "due to",
    "in order to",
    "to avoid",
    "to prevent",
    "which caused",
    "root cause",
    "the reason",
    "the fix was",
    "this breaks",
];

/// Words that mark a quoted failure. Matched on lowercase text, at word starts.
const ERRORS: [&str; 10] = [
    "error",
    "panicked",
    "exception",
    "failed",
    "failure",
    "traceback",
    "exit code",
    "exit status",
    "segfault",
    "warning:",
];

/// Which kinds of context a text gives; also evidence for confidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContextSignals {
    pub reason: bool,
    pub source: bool,
    pub error: bool,
}

impl ContextSignals {
    /// Finds the signals in an analyzed text.
    pub fn of(text: &Analysis) -> Self {
        let prose = text.prose().to_lowercase();
        let code = text.code.to_lowercase();
        let issue_ref = prose.split(|c: char| c.is_whitespace() || c == '(' || c == ',').any(|word| {
            let number = word.strip_prefix('#').unwrap_or_default().trim_end_matches(['.', ')', ':', ';']);
            !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit())
        });
        ContextSignals {
            reason: REASONS.iter().any(|r| contains_word(&prose, r)),
            source: text.links > 0 || prose.contains("http://") || prose.contains("https://") || issue_ref,
            error: ERRORS.iter().any(|e| contains_word(&prose, e) || contains_word(&code, e)),
        }
    }

    /// The context score of these signals.
    pub fn score(self) -> f64 {
        let weight = |present: bool, w: f64| if present { w } else { 0.0 };
        weight(self.reason, 0.4) + weight(self.source, 0.3) + weight(self.error, 0.3)
    }
}

/// Whether `needle` occurs in `haystack` at the start of a word.
fn contains_word(haystack: &str, needle: &str) -> bool {
    haystack.match_indices(needle).any(|(i, _)| !haystack[..i].chars().next_back().is_some_and(char::is_alphanumeric))
}

#[cfg(test)]
mod tests {
    use super::super::text::analyze;
    use super::*;

    fn score(text: &str) -> f64 {
        ContextSignals::of(&analyze(text)).score()
    }

    #[test]
    fn bare_instructions_score_zero() {
        assert_eq!(score("Use nextest. Run it in CI."), 0.0);
        // `terror` does not contain the word `error`.
        assert_eq!(score("A terror of a build."), 0.0);
    }

    #[test]
    fn reason_source_and_error_add_up() {
        assert_eq!(score("Pin git2 because 0.20 needs OpenSSL."), 0.4);
        assert_eq!(score("See [the docs](https://docs.rs/git2)."), 0.3);
        assert_eq!(score("Fixed in #123."), 0.3);
        assert_eq!(score("```\nerror[E0502]: cannot borrow\n```\n"), 0.3);
        let all = "The test failed with `exit code 101` because of a race; see https://x.y/issues/1.";
        assert!((score(all) - 1.0).abs() < 1e-9);
    }
}
