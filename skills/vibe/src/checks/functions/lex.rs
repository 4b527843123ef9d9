//! The brackets of a line of code, with strings and comments skipped, so a
//! `"{"` or a `// }` does not change the nesting. A rough lexer: enough for
//! counting blocks, not for parsing.

use crate::language::Language;

/// What carries over from one line to the next.
#[derive(Debug, Default)]
pub struct LexState {
    block_comment: bool,
    /// The quote of an open triple-quoted string (Python), if any.
    long_string: Option<u8>,
}

/// The brackets (`{}()[]`) of `line` that are code, in order, with their byte offsets.
pub fn brackets(line: &str, language: &Language, state: &mut LexState) -> Vec<(usize, u8)> {
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if state.block_comment {
            match find(b, i, b"*/") {
                Some(end) => (state.block_comment, i) = (false, end + 2),
                None => break,
            }
            continue;
        }
        if let Some(quote) = state.long_string {
            match find(b, i, &[quote; 3]) {
                Some(end) => (state.long_string, i) = (None, end + 3),
                None => break,
            }
            continue;
        }
        let rest = &b[i..];
        if language.line_comments.iter().any(|comment| rest.starts_with(comment.as_bytes())) {
            break;
        }
        match b[i] {
            b'/' if rest.starts_with(b"/*") => {
                state.block_comment = true;
                i += 2;
            }
            q @ (b'"' | b'\'') if language.single_quote_strings && rest.starts_with(&[q; 3]) => {
                state.long_string = Some(q);
                i += 3;
            }
            b'"' => i = skip_string(b, i, b'"'),
            q @ (b'\'' | b'`') if language.single_quote_strings => i = skip_string(b, i, q),
            b'\'' => i = skip_char_literal(b, i),
            c @ (b'{' | b'}' | b'(' | b')' | b'[' | b']') => {
                out.push((i, c));
                i += 1;
            }
            _ => i += 1,
        }
    }
    out
}

fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    b[from..].windows(needle.len()).position(|w| w == needle).map(|at| from + at)
}

/// The index after the string opened at `start`, or the line's end.
fn skip_string(b: &[u8], start: usize, quote: u8) -> usize {
    let mut i = start + 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            c if c == quote => return i + 1,
            _ => i += 1,
        }
    }
    b.len()
}

/// `'x'`, `'\n'`, `'\u{1F600}'`; anything else (a Rust lifetime) is one character.
fn skip_char_literal(b: &[u8], start: usize) -> usize {
    if b.get(start + 1) == Some(&b'\\') {
        return b[start + 2..].iter().take(10).position(|&c| c == b'\'').map_or(start + 1, |at| start + 3 + at);
    }
    let width = b.get(start + 1).map_or(1, |&c| utf8_width(c));
    if b.get(start + 1 + width) == Some(&b'\'') { start + 2 + width } else { start + 1 }
}

fn utf8_width(first: u8) -> usize {
    match first {
        0xF0.. => 4,
        0xE0.. => 3,
        0xC0.. => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::language::of_path;

    fn lex(path: &str, lines: &[&str]) -> Vec<String> {
        let language = of_path(path).unwrap();
        let mut state = LexState::default();
        lines
            .iter()
            .map(|line| brackets(line, language, &mut state).into_iter().map(|(_, b)| char::from(b)).collect())
            .collect()
    }

    #[test]
    fn strings_chars_and_comments_hide_brackets() {
        assert_eq!(
            lex("a.rs", &[r#"fn f<'a>(x: &'a str) { let c = '{'; let s = "}\"}"; // }"#, "/* { */ g('\\n', '}') {"]),
            ["(){", "(){"]
        );
        assert_eq!(lex("a.py", &["x = f('(', \"[\")  # (", "s = '''", "((( '''", "y = [1]"]), ["()", "", "", "[]"]);
        assert_eq!(lex("a.js", &["const s = `{${x}`; f({})"]), ["({})"]);
        assert_eq!(lex("a.c", &["/* a", "} */ {", "'\\x7b' '{'"]), ["", "{", ""]);
    }
}
