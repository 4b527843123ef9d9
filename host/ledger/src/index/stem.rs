//! A light English suffix stripper, so `tests`, `tested` and `testing` meet
//! `test` in the index.
//!
//! Deliberately small (plurals, `-ing`, `-ed`, a doubled final consonant):
//! ledger items are short technical notes where a full Porter stemmer buys
//! little and over-stems identifiers. Only purely alphabetic words of four
//! letters or more are touched, so `io` and `git2` stay as written.

/// The stem of a lowercase word.
pub fn stem(word: &str) -> String {
    if word.len() < 4 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return word.to_string();
    }
    let plural = if let Some(base) = word.strip_suffix("ies") {
        format!("{base}y")
    } else if word.ends_with("sses") {
        word[..word.len() - 2].to_string()
    } else if word.ends_with('s') && !word.ends_with("ss") && !word.ends_with("us") && !word.ends_with("is") {
        word[..word.len() - 1].to_string()
    } else {
        word.to_string()
    };
    for suffix in ["ing", "ed"] {
        if let Some(base) = plural.strip_suffix(suffix).filter(|b| b.len() >= 3 && b.bytes().any(is_vowel)) {
            return undouble(base);
        }
    }
    plural
}

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

/// `runn` → `run`, `stopp` → `stop`; `ll`, `ss` and `zz` stay (`install`).
fn undouble(base: &str) -> String {
    let b = base.as_bytes();
    let n = b.len();
    if n >= 2 && b[n - 1] == b[n - 2] && !is_vowel(b[n - 1]) && !matches!(b[n - 1], b'l' | b's' | b'z') {
        base[..n - 1].to_string()
    } else {
        base.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::stem;

    #[test]
    fn strips_plurals_ing_and_ed() {
        for (word, want) in [
            ("panics", "panic"),
            ("panicked", "panick"),
            ("running", "run"),
            ("stopped", "stop"),
            ("installing", "install"),
            ("libraries", "library"),
            ("passes", "pass"),
            ("status", "status"),
            ("analysis", "analysis"),
            ("caches", "cache"),
            ("tests", "test"),
            ("tested", "test"),
            ("testing", "test"),
            ("need", "need"),
            ("days", "day"),
            ("used", "used"),
            ("thing", "thing"),
            ("git2", "git2"),
            ("bring", "bring"),
        ] {
            assert_eq!(stem(word), want, "{word}");
        }
    }
}
