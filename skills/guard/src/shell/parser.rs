//! The lexer and parser, in one pass over the bytes of a script.
//!
//! Every character the shell treats specially is ASCII, so the parser walks
//! bytes and copies everything else through untouched, which keeps UTF-8 intact.
//! It follows POSIX sh and bash's common extensions closely enough to find each
//! command a script would run, and never fails: an unterminated quote takes the
//! rest of the input, a stray `)` separates commands.

use super::{Command, Pipeline, Redirect, RedirectKind, Script, Word};

/// How many substitutions, groups and `sh -c` scripts deep the parser follows;
/// deeper ones are skipped unparsed, which bounds recursion and time on hostile input.
pub const MAX_DEPTH: usize = 8;

/// Parses `src` as a script nested `depth` levels deep (0 for a tool's command).
pub(super) fn parse_at(src: &str, depth: usize) -> Script {
    if depth > MAX_DEPTH {
        return Script::default();
    }
    Parser::new(src.as_bytes(), depth).script(Close::End)
}

/// What ends the script being parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Close {
    /// The end of the input.
    End,
    /// A `)` closing `(`, `$(` or `<(`.
    Paren,
    /// A `}` word closing a `{` group.
    Brace,
}

/// The parts of a simple command, gathered before it is resolved into a [`Command`].
#[derive(Default)]
struct Parts {
    words: Vec<Word>,
    redirects: Vec<Redirect>,
    groups: Vec<Script>,
}

impl Parts {
    fn is_empty(&self) -> bool {
        self.words.is_empty() && self.redirects.is_empty() && self.groups.is_empty()
    }
}

/// A word being read: its bytes, its substitutions, and whether any of it was quoted.
#[derive(Default)]
struct WordBuf {
    text: Vec<u8>,
    substitutions: Vec<Script>,
    quoted: bool,
}

impl WordBuf {
    /// A word the shell gives meaning to only when it stands bare, like `{` or `2`.
    fn is_bare(&self) -> bool {
        !self.quoted && self.substitutions.is_empty()
    }

    fn into_word(self) -> Word {
        Word { text: String::from_utf8_lossy(&self.text).into_owned(), substitutions: self.substitutions }
    }
}

/// How a redirection operator treats its target.
#[derive(Clone, Copy)]
enum Operator {
    Redirect(RedirectKind),
    /// `>&` and `<&`: a descriptor number (or `-`) duplicates, anything else is a file.
    Duplicate(RedirectKind),
    HereString,
    HereDoc {
        strip_tabs: bool,
    },
}

struct Parser<'a> {
    src: &'a [u8],
    pos: usize,
    depth: usize,
    /// Where parsing resumes after the current line's here-documents, whose
    /// bodies start on the next line and must not be read as commands.
    heredoc_resume: Option<usize>,
}

impl<'a> Parser<'a> {
    fn new(src: &'a [u8], depth: usize) -> Self {
        Parser { src, pos: 0, depth, heredoc_resume: None }
    }

    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<u8> {
        self.src.get(self.pos + offset).copied()
    }

    fn script(&mut self, close: Close) -> Script {
        let mut script = Script::default();
        let mut pipeline = Pipeline::default();
        let mut parts = Parts::default();
        while let Some(c) = self.peek() {
            match c {
                b' ' | b'\t' | b'\r' => self.pos += 1,
                b'\\' if self.peek_at(1) == Some(b'\n') => self.pos += 2,
                b'#' => self.skip_comment(),
                b'\n' | b';' => {
                    self.pos += 1;
                    if c == b'\n'
                        && let Some(resume) = self.heredoc_resume.take()
                    {
                        self.pos = self.pos.max(resume);
                    }
                    self.end_pipeline(&mut script, &mut pipeline, &mut parts);
                }
                b'&' if self.peek_at(1) == Some(b'>') => self.redirect(&mut parts),
                b'&' | b'|' if self.peek_at(1) == Some(c) => {
                    self.pos += 2;
                    self.end_pipeline(&mut script, &mut pipeline, &mut parts);
                }
                b'&' => {
                    self.pos += 1;
                    self.end_pipeline(&mut script, &mut pipeline, &mut parts);
                }
                b'|' => {
                    self.pos += 1;
                    if self.peek() == Some(b'&') {
                        self.pos += 1;
                    }
                    self.end_command(&mut pipeline, &mut parts);
                }
                b'(' => {
                    self.pos += 1;
                    let group = self.nested(Close::Paren);
                    parts.groups.push(group);
                }
                b')' => {
                    self.pos += 1;
                    if close == Close::Paren {
                        break;
                    }
                    self.end_pipeline(&mut script, &mut pipeline, &mut parts);
                }
                b'<' | b'>' if self.peek_at(1) != Some(b'(') => self.redirect(&mut parts),
                _ => {
                    let before = self.pos;
                    let word = self.word();
                    if self.pos == before {
                        // Cannot happen with the cases above; guarantees progress regardless.
                        self.pos += 1;
                        continue;
                    }
                    let bare = |text: &[u8]| word.is_bare() && word.text == text;
                    if close == Close::Brace && parts.is_empty() && bare(b"}") {
                        break;
                    }
                    // A bare `{` opens a group, at a command's start or after
                    // a function's `name()`; as a plain argument it is too rare to matter.
                    if bare(b"{") {
                        let group = self.nested(Close::Brace);
                        parts.groups.push(group);
                    } else if word.is_bare()
                        && word.text.iter().all(u8::is_ascii_digit)
                        && matches!(self.peek(), Some(b'<' | b'>'))
                    {
                        // `2>file`: the digits name a descriptor, not an argument.
                        self.redirect(&mut parts);
                    } else {
                        parts.words.push(word.into_word());
                    }
                }
            }
        }
        self.end_pipeline(&mut script, &mut pipeline, &mut parts);
        script
    }

    fn end_command(&self, pipeline: &mut Pipeline, parts: &mut Parts) {
        if !parts.is_empty() {
            let Parts { words, redirects, groups } = std::mem::take(parts);
            let command = Command::new(words, redirects, groups, self.depth);
            pipeline.commands.push(command);
        }
    }

    fn end_pipeline(&self, script: &mut Script, pipeline: &mut Pipeline, parts: &mut Parts) {
        self.end_command(pipeline, parts);
        if !pipeline.commands.is_empty() {
            script.pipelines.push(std::mem::take(pipeline));
        }
    }

    /// Parses a group or substitution whose opening the caller consumed, up to
    /// and including its closing; past [`MAX_DEPTH`] it is skipped instead.
    fn nested(&mut self, close: Close) -> Script {
        if self.depth >= MAX_DEPTH {
            self.skip_balanced(close);
            return Script::default();
        }
        self.depth += 1;
        let script = self.script(close);
        self.depth -= 1;
        script
    }

    /// Skips to after the bracket closing the current group, minding quotes.
    fn skip_balanced(&mut self, close: Close) {
        let (open, shut) = match close {
            Close::Brace => (b'{', b'}'),
            Close::Paren | Close::End => (b'(', b')'),
        };
        let mut level = 1;
        while let Some(c) = self.peek() {
            self.pos += 1;
            match c {
                b'\\' => self.pos += 1,
                b'\'' | b'"' => {
                    while let Some(q) = self.peek() {
                        self.pos += 1;
                        if q == c {
                            break;
                        }
                        if q == b'\\' && c == b'"' {
                            self.pos += 1;
                        }
                    }
                }
                _ if c == open => level += 1,
                _ if c == shut => {
                    level -= 1;
                    if level == 0 {
                        break;
                    }
                }
                _ => {}
            }
        }
        self.pos = self.pos.min(self.src.len());
    }

    fn skip_comment(&mut self) {
        while let Some(c) = self.peek()
            && c != b'\n'
        {
            self.pos += 1;
        }
    }

    fn skip_blanks(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
    }

    /// Reads one word, up to an unquoted blank or operator.
    fn word(&mut self) -> WordBuf {
        let mut buf = WordBuf::default();
        while let Some(c) = self.peek() {
            match c {
                b' ' | b'\t' | b'\r' | b'\n' | b';' | b'&' | b'|' | b'(' | b')' => break,
                b'<' | b'>' if self.peek_at(1) == Some(b'(') => {
                    // Process substitution: the command inside runs, its output is a file.
                    let start = self.pos;
                    self.pos += 2;
                    let inner = self.nested(Close::Paren);
                    buf.text.extend_from_slice(&self.src[start..self.pos]);
                    buf.substitutions.push(inner);
                }
                b'<' | b'>' => break,
                b'\'' => {
                    buf.quoted = true;
                    self.pos += 1;
                    let rest = &self.src[self.pos..];
                    let len = rest.iter().position(|&q| q == b'\'').unwrap_or(rest.len());
                    buf.text.extend_from_slice(&rest[..len]);
                    self.pos = (self.pos + len + 1).min(self.src.len());
                }
                b'"' => {
                    buf.quoted = true;
                    self.pos += 1;
                    self.double_quoted(&mut buf, Some(b'"'));
                }
                b'\\' => {
                    self.pos += 1;
                    match self.peek() {
                        Some(b'\n') => self.pos += 1,
                        Some(escaped) => {
                            buf.text.push(escaped);
                            self.pos += 1;
                        }
                        None => {}
                    }
                }
                // `$'…'`: ANSI-C quoting; reading it as a plain single-quoted string is close enough.
                b'$' if self.peek_at(1) == Some(b'\'') => self.pos += 1,
                b'$' => self.dollar(&mut buf),
                b'`' => self.backtick(&mut buf),
                _ => {
                    buf.text.push(c);
                    self.pos += 1;
                }
            }
        }
        buf
    }

    /// Reads the inside of a double-quoted string up to `end` (past it), or to
    /// the end of input for a here-document body (`end` is `None`).
    fn double_quoted(&mut self, buf: &mut WordBuf, end: Option<u8>) {
        while let Some(c) = self.peek() {
            if Some(c) == end {
                self.pos += 1;
                return;
            }
            match c {
                b'\\' => match self.peek_at(1) {
                    Some(escaped @ (b'"' | b'\\' | b'$' | b'`')) => {
                        buf.text.push(escaped);
                        self.pos += 2;
                    }
                    Some(b'\n') => self.pos += 2,
                    _ => {
                        buf.text.push(b'\\');
                        self.pos += 1;
                    }
                },
                b'$' => self.dollar(buf),
                b'`' => self.backtick(buf),
                _ => {
                    buf.text.push(c);
                    self.pos += 1;
                }
            }
        }
    }

    /// Reads a `$` expansion, keeping its source text in the word: `$(…)`
    /// (parsed as a nested script), `${…}`, or a plain `$`.
    fn dollar(&mut self, buf: &mut WordBuf) {
        let start = self.pos;
        match self.peek_at(1) {
            Some(b'(') => {
                self.pos += 2;
                let inner = self.nested(Close::Paren);
                buf.substitutions.push(inner);
            }
            Some(b'{') => {
                self.pos += 2;
                self.skip_balanced(Close::Brace);
            }
            _ => self.pos += 1,
        }
        buf.text.extend_from_slice(&self.src[start..self.pos]);
    }

    /// Reads a backtick substitution, unescaping the `` \` `` of nested ones.
    fn backtick(&mut self, buf: &mut WordBuf) {
        let start = self.pos;
        self.pos += 1;
        let mut inner = Vec::new();
        while let Some(c) = self.peek() {
            self.pos += 1;
            match c {
                b'`' => break,
                b'\\' => {
                    if let Some(escaped) = self.peek() {
                        if !matches!(escaped, b'`' | b'\\' | b'$') {
                            inner.push(b'\\');
                        }
                        inner.push(escaped);
                        self.pos += 1;
                    }
                }
                _ => inner.push(c),
            }
        }
        buf.text.extend_from_slice(&self.src[start..self.pos]);
        let inner = String::from_utf8_lossy(&inner);
        buf.substitutions.push(parse_at(&inner, self.depth + 1));
    }

    /// Reads a redirection operator and its target; the caller stands on it.
    fn redirect(&mut self, parts: &mut Parts) {
        use RedirectKind::{Input, Output};
        let (len, operator) = match &self.src[self.pos..] {
            [b'&', b'>', b'>', ..] => (3, Operator::Redirect(Output)),
            [b'&', b'>', ..] | [b'>', b'>' | b'|', ..] | [b'<', b'>', ..] => (2, Operator::Redirect(Output)),
            [b'>', b'&', ..] => (2, Operator::Duplicate(Output)),
            [b'<', b'&', ..] => (2, Operator::Duplicate(Input)),
            [b'<', b'<', b'<', ..] => (3, Operator::HereString),
            [b'<', b'<', b'-', ..] => (3, Operator::HereDoc { strip_tabs: true }),
            [b'<', b'<', ..] => (2, Operator::HereDoc { strip_tabs: false }),
            [b'>', ..] => (1, Operator::Redirect(Output)),
            _ => (1, Operator::Redirect(Input)),
        };
        self.pos += len;
        self.skip_blanks();
        let at_operator = match self.peek() {
            None => true,
            Some(b'<' | b'>') => self.peek_at(1) != Some(b'('),
            Some(c) => b"\n;&|()".contains(&c),
        };
        if at_operator {
            return; // No target: a syntax error the shell would reject; nothing to record.
        }
        let target = self.word();
        let (kind, target) = match operator {
            Operator::Redirect(kind) => (kind, target.into_word()),
            Operator::Duplicate(kind) => {
                if target.text == b"-" || target.text.iter().all(u8::is_ascii_digit) {
                    return;
                }
                (kind, target.into_word())
            }
            Operator::HereString => (RedirectKind::Text, target.into_word()),
            Operator::HereDoc { strip_tabs } => {
                let expand = !target.quoted;
                let body = self.heredoc_body(&target.text, strip_tabs, expand);
                (RedirectKind::Text, body)
            }
        };
        parts.redirects.push(Redirect { kind, target });
    }

    /// Reads the body of a here-document ending at a `delimiter` line, and
    /// arranges for parsing to skip it at the end of the current line.
    /// An unquoted delimiter makes the body expand, so its substitutions run.
    fn heredoc_body(&mut self, delimiter: &[u8], strip_tabs: bool, expand: bool) -> Word {
        let src = self.src;
        let len = src.len();
        let line_end = |from: usize| src[from.min(len)..].iter().position(|&c| c == b'\n').map_or(len, |i| from + i);
        // Bodies follow one another when a line opens several documents.
        let start = self.heredoc_resume.unwrap_or_else(|| line_end(self.pos) + 1).min(len);
        let mut line_start = start;
        let (end, resume) = loop {
            if line_start >= len {
                break (len, len);
            }
            let next = line_end(line_start);
            let mut line = &src[line_start..next];
            line = line.strip_suffix(b"\r").unwrap_or(line);
            while strip_tabs && let Some(rest) = line.strip_prefix(b"\t") {
                line = rest;
            }
            if line == delimiter {
                break (line_start, (next + 1).min(len));
            }
            line_start = next + 1;
        };
        self.heredoc_resume = Some(resume);
        let body = &src[start..end];
        let mut buf = WordBuf::default();
        if expand {
            Parser::new(body, self.depth).double_quoted(&mut buf, None);
        } else {
            buf.text.extend_from_slice(body);
        }
        buf.into_word()
    }
}
