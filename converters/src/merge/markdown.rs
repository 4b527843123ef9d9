//! A managed section in a markdown file the user owns (CLAUDE.md, AGENTS.md):
//! HTML comments delimit it, so it renders invisibly and survives edits around
//! it. Inserted at the end when absent, replaced in place when present, removed
//! with the blank line we added before it when empty.

use std::path::Path;

use crate::error::{FileError, line_of_offset};

/// The line that opens our section.
pub const BEGIN: &str = "<!-- agentops:begin -->";
/// The line that closes it.
pub const END: &str = "<!-- agentops:end -->";

/// Where the section is: byte range of the whole block (markers included, up
/// to and including the newline after END) and of its content.
struct Found {
    block: (usize, usize),
}

pub(crate) fn merge(path: &Path, existing: &str, section: &str) -> Result<String, FileError> {
    let block = if section.is_empty() {
        String::new()
    } else {
        let nl = if section.ends_with('\n') { "" } else { "\n" };
        format!("{BEGIN}\n{section}{nl}{END}\n")
    };
    match find(path, existing)? {
        Some(Found { block: (start, end) }) => {
            let (before, after) = (&existing[..start], &existing[end..]);
            if block.is_empty() && after.is_empty() {
                // Undo the separator we put before an appended section.
                let before = before.strip_suffix('\n').filter(|b| b.ends_with('\n')).unwrap_or(before);
                return Ok(before.to_string());
            }
            Ok(format!("{before}{block}{after}"))
        }
        None if block.is_empty() => Ok(existing.to_string()),
        None if existing.is_empty() => Ok(block),
        None => {
            let nl = if existing.ends_with('\n') { "" } else { "\n" };
            Ok(format!("{existing}{nl}\n{block}"))
        }
    }
}

/// A managed markdown file taken apart: our section (the line it starts on
/// and its text) and everything outside it, as the user wrote it.
#[derive(Debug, PartialEq)]
pub(crate) struct Parts {
    pub section: Option<(usize, String)>,
    pub outside: String,
}

pub(crate) fn parts(path: &Path, text: &str) -> Result<Parts, FileError> {
    let Some(Found { block: (start, end) }) = find(path, text)? else {
        return Ok(Parts { section: None, outside: text.to_string() });
    };
    let inner = &text[start..end];
    let inner = &inner[inner.find('\n').map_or(inner.len(), |i| i + 1)..];
    let close = inner.rfind(END).unwrap_or(inner.len());
    let section = Some((line_of_offset(text, start) + 1, inner[..close].to_string()));
    Ok(Parts { section, outside: format!("{}{}", &text[..start], &text[end..]) })
}

fn find(path: &Path, text: &str) -> Result<Option<Found>, FileError> {
    let mut begin: Option<usize> = None;
    let mut found = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let at = offset;
        offset += line.len();
        let err = |msg: &str| Err(FileError::new(path, Some(line_of_offset(text, at)), msg));
        match line.trim_end() {
            BEGIN if begin.is_some() => return err("a second `<!-- agentops:begin -->` before the section was closed"),
            BEGIN if found.is_some() => return err("a second agentops section; keep one"),
            BEGIN => begin = Some(at),
            END => match begin.take() {
                Some(start) => found = Some(Found { block: (start, offset) }),
                None => return err("`<!-- agentops:end -->` without a `<!-- agentops:begin -->` before it"),
            },
            _ => {}
        }
    }
    if let Some(start) = begin {
        return Err(FileError::new(
            path,
            Some(line_of_offset(text, start)),
            "`<!-- agentops:begin -->` is never closed by `<!-- agentops:end -->`",
        ));
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn merge_ok(existing: &str, section: &str) -> String {
        merge(Path::new("AGENTS.md"), existing, section).unwrap()
    }

    #[test]
    fn appends_replaces_and_removes() {
        let user = "# My project\n\nBe nice.\n";
        let once = merge_ok(user, "rule one\n");
        assert_eq!(once, format!("{user}\n{BEGIN}\nrule one\n{END}\n"));
        assert_eq!(merge_ok(&once, "rule one\n"), once, "idempotent");
        let twice = merge_ok(&once, "rule two\n");
        assert!(twice.starts_with(user) && twice.contains("rule two") && !twice.contains("rule one"));
        assert_eq!(merge_ok(&twice, ""), user, "removal restores the user's bytes");
    }

    #[test]
    fn keeps_text_after_the_section_byte_for_byte() {
        let text = format!("top\r\n{BEGIN}\nold\n{END}\nbottom  \r\n\n");
        let merged = merge_ok(&text, "new\n");
        assert_eq!(merged, format!("top\r\n{BEGIN}\nnew\n{END}\nbottom  \r\n\n"));
        assert_eq!(merge_ok(&merged, ""), "top\r\nbottom  \r\n\n");
    }

    #[test]
    fn creates_and_empties_a_file() {
        let created = merge_ok("", "x\n");
        assert_eq!(created, format!("{BEGIN}\nx\n{END}\n"));
        assert_eq!(merge_ok(&created, ""), "");
        assert_eq!(merge_ok("no newline", "x"), format!("no newline\n\n{BEGIN}\nx\n{END}\n"));
        let parts = parts(Path::new("f"), &format!("mine\n\n{created}after\n")).unwrap();
        assert_eq!(parts.section, Some((4, "x\n".to_string())));
        assert_eq!(parts.outside, "mine\n\nafter\n");
    }

    #[test]
    fn malformed_sections_name_the_line() {
        for (text, line) in [
            (format!("a\n{BEGIN}\nb\n"), 2),
            (format!("a\nb\n{END}\n"), 3),
            (format!("{BEGIN}\n{BEGIN}\n{END}\n"), 2),
            (format!("{BEGIN}\n{END}\n{BEGIN}\n{END}\n"), 3),
        ] {
            let err = merge(Path::new("CLAUDE.md"), &text, "x").unwrap_err();
            assert_eq!(err.line, Some(line), "{err}");
            assert!(err.to_string().starts_with(&format!("CLAUDE.md:{line}: ")), "{err}");
        }
    }
}
