//! Specificity: does the item name the concrete things it is about?
//!
//! Four kinds of signal, each worth a quarter, full at two occurrences:
//!
//! specificity = Σ over {paths, identifiers, quantities, inline code} of
//! 0.25 · min(count, 2) / 2
//!
//! - paths: a word with a `/` between name characters (`src/main.rs`,
//!   `host/ledger/`) or a file name with an extension (`Cargo.toml`), plus
//!   each glob the item declares in `paths`; URLs are not paths (they count as
//!   sources for context);
//! - identifiers: `snake_case`, `CamelCase` or `camelCase`, `foo::bar`;
//! - quantities: a number with a unit (`250ms`, `2 GB`, `30 %`, `3x`);
//! - inline code spans, the usual way to quote a command or flag.

use super::text::Analysis;

const UNITS: [&str; 28] = [
    "ns", "us", "µs", "ms", "s", "sec", "secs", "seconds", "min", "mins", "minutes", "h", "hours", "days", "b",
    "bytes", "kb", "kib", "mb", "mib", "gb", "gib", "tb", "%", "x", "px", "rps", "qps",
];

/// The specificity of an analyzed text whose item declares `declared_paths`
/// path globs.
pub fn specificity(text: &Analysis, declared_paths: usize) -> f64 {
    let prose = text.prose();
    let words: Vec<&str> = prose.split_whitespace().map(trim_punctuation).filter(|w| !w.is_empty()).collect();
    let paths = declared_paths + words.iter().filter(|w| is_path(w)).count();
    let identifiers = words.iter().filter(|w| is_identifier(w)).count();
    let quantities = words.iter().enumerate().filter(|(i, w)| is_quantity(w, words.get(i + 1).copied())).count();
    let code = text.inline_code.len();
    [paths, identifiers, quantities, code].iter().map(|n| 0.25 * (*n).min(2) as f64 / 2.0).sum()
}

/// Strips quotes, brackets, backticks and trailing sentence punctuation.
fn trim_punctuation(word: &str) -> &str {
    word.trim_matches(['`', '"', '\'', '(', ')', '[', ']', '{', '}', '<', '>'])
        .trim_end_matches(['.', ',', ';', ':', '!', '?'])
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '*')
}

fn is_path(word: &str) -> bool {
    if word.contains("://") {
        return false;
    }
    let slash_between = word.char_indices().any(|(i, c)| {
        c == '/'
            && word[..i].chars().next_back().is_some_and(is_name_char)
            && word[i + 1..].chars().next().is_some_and(is_name_char)
    });
    let file_name = word.rsplit_once('.').is_some_and(|(stem, ext)| {
        stem.chars().count() >= 2
            && stem.chars().all(is_name_char)
            && (1..=5).contains(&ext.len())
            && ext.chars().all(|c| c.is_ascii_alphanumeric())
            && ext.chars().any(|c| c.is_ascii_alphabetic())
    });
    slash_between || file_name
}

fn is_identifier(word: &str) -> bool {
    if word.contains("::") {
        return word.split("::").all(|part| !part.is_empty());
    }
    if !word.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return false;
    }
    let snake = word.trim_matches('_').contains('_') && word.chars().any(char::is_alphabetic);
    let chars: Vec<char> = word.chars().collect();
    let camel = chars.first().is_some_and(|c| c.is_alphabetic())
        && chars.windows(2).any(|w| w[0].is_lowercase() && w[1].is_uppercase());
    snake || camel
}

fn is_quantity(word: &str, next: Option<&str>) -> bool {
    let digits = word.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(word.len());
    if digits == 0 || !word.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let is_unit = |u: &str| UNITS.contains(&u.to_lowercase().as_str());
    match &word[digits..] {
        "" => next.is_some_and(is_unit),
        suffix => is_unit(suffix),
    }
}

#[cfg(test)]
mod tests {
    use super::super::text::analyze;
    use super::*;

    fn score(text: &str) -> f64 {
        specificity(&analyze(text), 0)
    }

    #[test]
    fn vague_text_scores_zero() {
        assert_eq!(score("Be careful with the build, it can be slow sometimes."), 0.0);
    }

    #[test]
    fn each_kind_of_signal_adds_up_to_a_quarter() {
        assert_eq!(score("Edit src/main.rs and Cargo.toml."), 0.25);
        assert_eq!(score("Edit src/main.rs."), 0.125);
        assert_eq!(score("Call NamedTempFile::persist or use snake_case names."), 0.25);
        assert_eq!(score("It took 250ms, then 2 GB."), 0.25);
        assert_eq!(score("Run `cargo nextest run`."), 0.125);
        let all = "Run `cargo test -p agentops-ledger` in host/ledger/: ledger_tests took 90 s, `Ledger::load` 3ms; \
                   see tests/ledger.rs.";
        assert_eq!(score(all), 1.0);
    }

    #[test]
    fn declared_paths_count_as_paths() {
        assert_eq!(specificity(&analyze("nothing specific"), 3), 0.25);
    }

    #[test]
    fn recognizes_signals_and_not_lookalikes() {
        for path in ["src/main.rs", "host/ledger/", "Cargo.toml", ".agents/log/*.jsonl"] {
            assert!(is_path(path), "{path}");
        }
        for not in ["https://example.com/a", "e.g", "3.5", "and/", "v1.2"] {
            assert!(!is_path(not), "{not}");
        }
        for id in ["snake_case", "CamelCase", "camelCase", "foo::bar", "std::fs::File"] {
            assert!(is_identifier(id), "{id}");
        }
        for not in ["Word", "lower", "_private", "::", "a::", "ALLCAPS"] {
            assert!(!is_identifier(not), "{not}");
        }
        assert!(is_quantity("250ms", None) && is_quantity("2", Some("GB")) && is_quantity("3x", None));
        assert!(!is_quantity("2", Some("apples")) && !is_quantity("v2", None) && !is_quantity("2026", None));
    }
}
