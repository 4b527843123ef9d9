//! Text to index terms: lowercase, split on everything but letters and
//! digits, drop one-letter words and stop words, stem what is left.
//!
//! Identifiers are kept whole *as well as* split: `half_life_days` yields
//! `half_life_days`, `half`, `life`, `days`, and `globset::GlobBuilder` yields
//! `globset::globbuilder`, `globset`, `globbuilder`. A query naming the
//! identifier exactly then outranks one that only shares its parts, and a
//! query naming a part still finds it. Whole identifiers are not stemmed.

use super::stem::stem;

/// Words too common to tell items apart.
const STOP_WORDS: [&str; 24] = [
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of", "on", "or", "that", "the",
    "this", "to", "was", "when", "with", "you",
];

/// The index terms of `text`, in order, with repeats (term frequency counts).
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for chunk in text.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')) {
        let chunk = chunk.trim_matches(|c| c == ':' || c == '_');
        if chunk.is_empty() {
            continue;
        }
        let lower = chunk.to_lowercase();
        let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
        if words.len() > 1 && is_identifier(&lower) {
            out.push(lower.clone());
        }
        out.extend(words.into_iter().filter(|w| keep(w)).map(stem));
    }
    out
}

/// `snake_case` or `path::to::item`: joined by `_` or `::` only.
fn is_identifier(chunk: &str) -> bool {
    chunk.replace("::", "_").split('_').all(|part| !part.is_empty() && part.chars().all(char::is_alphanumeric))
}

fn keep(word: &str) -> bool {
    word.chars().count() >= 2 && !STOP_WORDS.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::tokens;

    #[test]
    fn lowercases_splits_stems_and_drops_stop_words() {
        assert_eq!(tokens("Run the Tests, then CHECK logs!"), ["run", "test", "then", "check", "log"]);
        assert_eq!(tokens("a I é x2 µs"), ["x2", "µs"]);
    }

    #[test]
    fn keeps_identifiers_whole_and_split() {
        assert_eq!(tokens("set half_life_days"), ["set", "half_life_days", "half", "life", "day"]);
        assert_eq!(
            tokens("call globset::GlobBuilder::new()"),
            ["call", "globset::globbuilder::new", "globset", "globbuilder", "new"]
        );
        // A single colon or a path is punctuation, not an identifier.
        assert_eq!(tokens("note: host/ledger/src"), ["note", "host", "ledger", "src"]);
        assert_eq!(tokens("__init__ a:b"), ["init"]);
    }
}
