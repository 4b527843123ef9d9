//! Likely secrets in added lines: known credential formats first, then
//! secret-named assignments, then random-looking strings. One finding per
//! line, naming the kind and never repeating the secret in full.

mod assignment;
mod entropy;
mod known;

use super::{Check, Findings, reviewed_lines};
use crate::config::Config;
use crate::diff::FileDiff;

pub use entropy::Threshold;

/// A likely secret in a line.
#[derive(Debug, PartialEq)]
pub struct Leak {
    pub what: &'static str,
    /// The start of what matched, enough to find it.
    pub preview: Option<String>,
}

impl Leak {
    /// A leak shown by its first characters (a prefix or a key name).
    fn shown(what: &'static str, text: &str) -> Self {
        let head: String = text.chars().take(4).collect();
        let preview = if head.len() < text.len() { format!("{head}…") } else { head };
        Leak { what, preview: Some(preview) }
    }

    fn hidden(what: &'static str) -> Self {
        Leak { what, preview: None }
    }
}

/// Example and dummy values, and long runs of one character (`xxxx…`).
fn looks_fake(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let example = ["example", "dummy", "sample", "fake"].iter().any(|word| lower.contains(word));
    let bytes = text.as_bytes();
    let run = bytes.windows(8).any(|w| w.iter().all(|&b| b == w[0]));
    example || run
}

/// The first likely secret in `line`. Generated files are only checked for
/// known formats: their hashes and checksums look random by design.
pub fn find(line: &str, threshold: Threshold, generated: bool) -> Option<Leak> {
    known::find(line)
        .or_else(|| if generated { None } else { assignment::find(line).or_else(|| entropy::find(line, threshold)) })
}

pub fn check(file: &FileDiff, config: &Config, generated: bool, findings: &mut Findings) {
    if !findings.enabled(Check::Secret) {
        return;
    }
    let threshold = config.entropy_threshold();
    for (line, text) in reviewed_lines(file) {
        if let Some(leak) = find(text, threshold, generated) {
            let shown = leak.preview.map(|p| format!(" (`{p}`)")).unwrap_or_default();
            findings.at(Check::Secret, file.path(), line, format!("likely {}{shown}", leak.what));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEFAULT: Threshold = Threshold { min_length: 20, ratio: 0.85 };

    #[test]
    fn known_formats_win_and_generated_files_skip_the_guesses() {
        let key = format!("AKIA{}", "Q7ZP".repeat(4));
        let line = format!(r#"password = "{key}""#);
        assert_eq!(find(&line, DEFAULT, false).unwrap().what, "an AWS access key id");
        assert_eq!(find(&line, DEFAULT, true).unwrap().what, "an AWS access key id");
        let checksum = r#"checksum = "9f2c4e8a1b7d3f6e0a5c9b2d4e7f1a3c9f2c4e8a1b7d3f6e""#;
        assert!(find(checksum, DEFAULT, false).is_some());
        assert!(find(checksum, DEFAULT, true).is_none());
    }

    #[test]
    fn previews_are_short() {
        assert_eq!(Leak::shown("x", "abcdefgh").preview.as_deref(), Some("abcd…"));
        assert_eq!(Leak::shown("x", "ab").preview.as_deref(), Some("ab"));
    }

    #[test]
    fn fakes_are_recognised() {
        assert!(looks_fake("AKIAIOSFODNN7EXAMPLE") && looks_fake("ghp_xxxxxxxxxxxx") && !looks_fake("Q7ZPQ7ZP"));
    }
}
