//! New `TODO` and `FIXME` comments that point nowhere: without an issue
//! number, a URL or an owner, nobody will ever pick them up.

use super::{Check, Findings, reviewed_lines};
use crate::diff::FileDiff;
use crate::scan::{is_ident, word_at};

const MARKERS: &[&str] = &["TODO", "FIXME"];

/// The marker in `line` that carries no reference, if any.
fn unreferenced(line: &str) -> Option<&'static str> {
    MARKERS.iter().copied().find(|marker| {
        let Some(at) = word_at(line, marker) else { return false };
        // `"TODO"` in a string is data, not a note.
        let quoted = line[..at].ends_with(['"', '\'', '`']);
        !quoted && !has_reference(&line[at + marker.len()..])
    })
}

/// `(alice)`, `(#12)` right after the marker; `#12`, `GH-12`, `ABC-123`,
/// `@alice` or a URL anywhere after it.
fn has_reference(rest: &str) -> bool {
    if rest.starts_with('(') && rest[1..].find(')').is_some_and(|end| end > 0) {
        return true;
    }
    if rest.contains("http://") || rest.contains("https://") {
        return true;
    }
    let bytes = rest.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| {
        let next = bytes.get(i + 1).copied();
        let follows_word = i > 0 && is_ident(bytes[i - 1]);
        match b {
            b'#' => next.is_some_and(|n| n.is_ascii_digit()),
            b'@' => !follows_word && next.is_some_and(|n| n.is_ascii_alphabetic()),
            // A tracker key: upper-case letters, a dash, digits (`ABC-123`, `GH-12`).
            b'-' => {
                let key = bytes[..i].iter().rev().take_while(|c| c.is_ascii_uppercase()).count();
                key >= 2 && next.is_some_and(|n| n.is_ascii_digit())
            }
            _ => false,
        }
    })
}

pub fn check(file: &FileDiff, findings: &mut Findings) {
    if !findings.enabled(Check::TodoWithoutReference) {
        return;
    }
    for (line, text) in reviewed_lines(file) {
        if let Some(marker) = unreferenced(text) {
            findings.at(
                Check::TodoWithoutReference,
                file.path(),
                line,
                format!("new {marker} without an issue, URL or owner"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_recognised() {
        let referenced = [
            "// TODO(alice): x",
            "// TODO(#12) x",
            "# FIXME: see #431",
            "// TODO: https://github.com/o/r/issues/1",
            "// TODO PROJ-881 migrate",
            "// TODO ask @bob",
            "let s = \"TODO\";",
            "// TODOS are fine",
            "no marker here",
        ];
        for line in referenced {
            assert_eq!(unreferenced(line), None, "{line}");
        }
        let bare = [
            "// TODO: handle errors",
            "# FIXME later",
            "/* TODO */",
            "// TODO() x",
            "// TODO mail a@b",
            "// TODO: x - 3",
        ];
        for line in bare {
            assert!(unreferenced(line).is_some(), "{line}");
        }
    }
}
