//! Very long and deeply nested functions in added code. Each hunk is read as
//! the new file reads there (context and added lines), so a function counts
//! when its header is in the hunk: every new function, and changed ones
//! whose header falls in the diff's context. A function that runs past the
//! hunk's end is reported as "at least" its length.

mod braces;
mod indent;
mod lex;

use super::{Check, Findings};
use crate::config::Config;
use crate::diff::FileDiff;
use crate::language::{self, Blocks, Language};
use crate::scan::is_ident;

/// A line as the new file reads it.
#[derive(Debug, Clone, Copy)]
pub struct NewLine<'a> {
    pub number: u32,
    pub text: &'a str,
    pub added: bool,
}

/// A function found in a hunk.
#[derive(Debug)]
pub struct Function {
    pub name: Option<String>,
    pub header: u32,
    pub end: u32,
    /// Whether its end is in the hunk (else `end` is the hunk's last line).
    pub complete: bool,
    /// Whether any of its lines is added.
    pub has_added: bool,
    /// The deepest block opened on an added line: its depth below the body, and where.
    pub deepest: Option<(usize, u32)>,
}

impl Function {
    fn new(header: &NewLine, name: Option<String>) -> Self {
        Function {
            name,
            header: header.number,
            end: header.number,
            complete: false,
            has_added: header.added,
            deepest: None,
        }
    }

    fn touch(&mut self, line: &NewLine) {
        self.has_added |= line.added;
    }

    /// Records a block `depth` deep, opened on `line`.
    fn nested(&mut self, line: &NewLine, depth: usize) {
        if line.added && depth > 0 && self.deepest.is_none_or(|(deepest, _)| depth > deepest) {
            self.deepest = Some((depth, line.number));
        }
    }

    fn ended(mut self, end: u32, complete: bool) -> Self {
        (self.end, self.complete) = (end.max(self.header), complete);
        self
    }

    pub fn lines(&self) -> u32 {
        self.end - self.header + 1
    }

    fn label(&self) -> String {
        self.name.as_ref().map_or_else(|| "a function".to_string(), |name| format!("`{name}`"))
    }
}

/// The first identifier after `keyword` in `text` (`fn name`, `def name`).
fn name_after(text: &str, keyword: &str) -> Option<String> {
    let rest = &text[text.find(keyword)? + keyword.len()..];
    let rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '*');
    identifier_at_start(rest)
}

/// The identifier just before the first `(` (`int size(`, `foo (`).
fn name_before_paren(text: &str) -> Option<String> {
    identifier_at_end(text[..text.find('(')?].trim_end())
}

/// The identifier assigned to (`const f = (a) => {`).
fn name_before_assignment(text: &str) -> Option<String> {
    let at =
        text.match_indices('=').map(|(i, _)| i).find(|&i| !matches!(text.as_bytes().get(i + 1), Some(b'>' | b'=')))?;
    identifier_at_end(text[..at].trim_end())
}

fn identifier_at_start(text: &str) -> Option<String> {
    let len = text.bytes().take_while(|&b| is_ident(b)).count();
    (len > 0).then(|| text[..len].to_string())
}

fn identifier_at_end(text: &str) -> Option<String> {
    let len = text.bytes().rev().take_while(|&b| is_ident(b)).count();
    (len > 0).then(|| text[text.len() - len..].to_string())
}

/// The functions in `lines`, found the way `language` marks its blocks, in
/// the order of their headers.
fn functions(lines: &[NewLine], language: &Language) -> Vec<Function> {
    let mut functions = match language.blocks {
        Blocks::Braces => braces::functions(lines, language),
        Blocks::Indentation => indent::functions(lines, language),
    };
    functions.sort_by_key(|function| function.header);
    functions
}

pub fn check(file: &FileDiff, config: &Config, findings: &mut Findings) {
    let (long, deep) = (findings.enabled(Check::LongFunction), findings.enabled(Check::DeepNesting));
    let Some(language) = language::of_path(file.path()).filter(|_| long || deep) else { return };
    for hunk in &file.hunks {
        let lines: Vec<NewLine> = hunk
            .new_side()
            .filter_map(|line| {
                let added = line.kind == crate::diff::LineKind::Added;
                line.new_line.map(|number| NewLine { number, text: line.text, added })
            })
            .collect();
        for function in functions(&lines, language).iter().filter(|function| function.has_added) {
            let length = function.lines() as usize;
            if length > config.max_function_lines {
                let at_least = if function.complete { "" } else { "at least " };
                let message = format!(
                    "{} is {at_least}{length} lines long (limit {})",
                    function.label(),
                    config.max_function_lines
                );
                findings.at(Check::LongFunction, file.path(), function.header, message);
            }
            if let Some((depth, line)) = function.deepest.filter(|&(depth, _)| depth > config.max_nesting) {
                let message =
                    format!("blocks nested {depth} deep in {} (limit {})", function.label(), config.max_nesting);
                findings.at(Check::DeepNesting, file.path(), line, message);
            }
        }
    }
}

#[cfg(test)]
pub mod tests {
    use super::*;
    use crate::checks::test_support::findings_on;

    /// The functions in `text`, every line of it added, as the language of
    /// `path` reads them: `name@header N lines depth D@line`, `+` after N when
    /// the end was not seen.
    pub fn summary_of(path: &str, text: &str) -> Vec<String> {
        let lines: Vec<NewLine> =
            text.lines().zip(1..).map(|(text, number)| NewLine { number, text, added: true }).collect();
        functions(&lines, language::of_path(path).unwrap())
            .iter()
            .map(|f| {
                let more = if f.complete { "" } else { "+" };
                let depth = f.deepest.map_or("0".to_string(), |(depth, line)| format!("{depth}@{line}"));
                format!("{}@{} {}{more} lines depth {depth}", f.name.as_deref().unwrap_or("?"), f.header, f.lines())
            })
            .collect()
    }

    fn rust_function(body_lines: usize, depth: usize) -> Vec<String> {
        let mut lines = vec!["fn big() {".to_string()];
        lines.extend((0..depth).map(|_| "if x {".to_string()));
        lines.extend((0..body_lines).map(|i| format!("    let v{i} = {i};")));
        lines.extend((0..=depth).map(|_| "}".to_string()));
        lines
    }

    #[test]
    fn long_and_deep_functions_are_reported_at_their_lines() {
        let lines = rust_function(90, 6);
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let found = findings_on("src/a.rs", &refs, |file, findings| check(file, &Config::default(), findings));
        assert_eq!(
            found,
            [
                (1, "`big` is 104 lines long (limit 80)".to_string()),
                (7, "blocks nested 6 deep in `big` (limit 5)".to_string())
            ]
        );
    }

    #[test]
    fn short_flat_functions_and_unknown_languages_pass() {
        let lines = rust_function(10, 2);
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        assert!(findings_on("src/a.rs", &refs, |file, findings| check(file, &Config::default(), findings)).is_empty());
        let long = rust_function(200, 9);
        let refs: Vec<&str> = long.iter().map(String::as_str).collect();
        assert!(findings_on("notes.txt", &refs, |file, findings| check(file, &Config::default(), findings)).is_empty());
    }

    #[test]
    fn names_are_read_from_headers() {
        assert_eq!(name_after("pub fn run(x)", "fn").as_deref(), Some("run"));
        assert_eq!(name_after("function* gen()", "function").as_deref(), Some("gen"));
        assert_eq!(name_before_paren("static int size (void)").as_deref(), Some("size"));
        assert_eq!(name_before_assignment("const f = (a) => {").as_deref(), Some("f"));
        assert_eq!(name_before_assignment("(a) => {"), None);
    }
}
