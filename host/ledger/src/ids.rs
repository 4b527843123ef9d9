//! Item ids: `<kind letter>-<YYYYMMDD>-<8 hex>`, e.g. `L-20261125-3fa2b1c9`.
//!
//! The date is the capture day (UTC); the hex is the start of a blake3 hash of
//! the normalized title and body, so the same lesson captured twice on one day
//! gets the same id (and is refused as a duplicate) while ids stay short enough
//! to cite in a transcript. An id is assigned once and never recomputed: later
//! edits keep it, so citations stay valid.

use crate::item::Kind;
use crate::time::Timestamp;

/// The id of an item of `kind` with this content, captured at `now`.
pub fn derive_id(kind: Kind, title: &str, body: &str, now: Timestamp) -> String {
    let mut hasher = blake3::Hasher::new();
    hasher.update(normalize(title).as_bytes());
    hasher.update(b"\n");
    hasher.update(normalize(body).as_bytes());
    let hex = hasher.finalize().to_hex();
    format!("{}-{}-{}", kind.prefix(), now.compact_date(), &hex[..8])
}

/// Lowercase, with every run of whitespace collapsed to one space, so
/// reflowing or recasing text does not change the hash.
fn normalize(text: &str) -> String {
    text.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>().join(" ")
}

/// Whether `id` can name a file: ASCII letters, digits, `-`, `_` and `.`,
/// starting with a letter or digit. Hand-written ids need not follow the
/// derived shape, but must be safe as a file name.
pub fn is_valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && id.len() <= 128
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> Timestamp {
        Timestamp::parse("2026-11-25T09:30:00Z").unwrap()
    }

    #[test]
    fn ids_have_prefix_date_and_hash() {
        let id = derive_id(Kind::Learning, "Use nextest", "Run `cargo nextest run`.", now());
        assert!(id.starts_with("L-20261125-"), "{id}");
        assert_eq!(id.len(), "L-20261125-".len() + 8);
        assert!(is_valid_id(&id));
        assert!(derive_id(Kind::Rule, "x", "y", now()).starts_with("R-"));
    }

    #[test]
    fn ids_ignore_case_and_whitespace_but_not_content() {
        let a = derive_id(Kind::Learning, "Use nextest", "Run  it\nnow.", now());
        assert_eq!(a, derive_id(Kind::Learning, "use NEXTEST ", "run it now.", now()));
        assert_ne!(a, derive_id(Kind::Learning, "Use nextest", "Run it later.", now()));
        // Title and body are separated, so moving a word across changes the id.
        assert_ne!(derive_id(Kind::Learning, "a b", "c", now()), derive_id(Kind::Learning, "a", "b c", now()));
    }

    #[test]
    fn ids_must_be_safe_file_names() {
        for ok in ["L-20261125-3fa2b1c9", "my.rule_2"] {
            assert!(is_valid_id(ok), "{ok}");
        }
        for bad in ["", "-x", "../x", "a/b", "a b", ".hidden", "é"] {
            assert!(!is_valid_id(bad), "{bad}");
        }
    }
}
