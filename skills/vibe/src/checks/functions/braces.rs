//! Functions in brace languages: a header line (a keyword such as `fn` or
//! `func`, or a `name(args) {` signature), then the block its first `{`
//! after the header opens, up to the `}` that closes it. Nesting counts the
//! blocks opened inside, relative to the function body.

use super::lex::{LexState, brackets};
use super::{Function, NewLine, name_after, name_before_assignment, name_before_paren};
use crate::language::Language;
use crate::scan::{find_token, word_at};

/// Words that open blocks which are not functions.
const CONTROL: &[&str] = &[
    "if",
    "else",
    "for",
    "foreach",
    "while",
    "do",
    "switch",
    "match",
    "loop",
    "try",
    "catch",
    "finally",
    "with",
    "using",
    "lock",
    "synchronized",
    "return",
    "new",
    "unsafe",
    "async",
    "await",
    "select",
    "when",
];

/// A function header in a line: where it starts, and the function's name if
/// one can be read.
struct Header {
    at: usize,
    name: Option<String>,
}

fn header(line: &str, language: &Language) -> Option<Header> {
    let trimmed = line.trim_end();
    if trimmed.ends_with(';') {
        return None; // a declaration
    }
    for keyword in language.function_keywords {
        if keyword.bytes().all(|b| b.is_ascii_alphabetic()) {
            if let Some(at) = word_at(trimmed, keyword) {
                let name = name_after(&trimmed[at..], keyword).or_else(|| name_before_paren(trimmed));
                return Some(Header { at, name });
            }
        } else if let Some(at) = find_token(trimmed, keyword).filter(|_| trimmed.ends_with('{')) {
            return Some(Header { at, name: name_before_assignment(trimmed).or_else(|| name_before_paren(trimmed)) });
        }
    }
    let code = trimmed.trim_start();
    let first_word = code.split(|c: char| !c.is_alphanumeric() && c != '_').next().unwrap_or("");
    let signature = language.signature_functions
        && (code.ends_with('{') || code.ends_with(')'))
        && !code.starts_with(['}', '.', ')', '('])
        && !CONTROL.contains(&first_word);
    let open_paren = trimmed.find('(')?;
    signature.then(|| Header { at: open_paren, name: name_before_paren(trimmed) })
}

struct Open {
    function: Function,
    /// The nesting depth just inside the function's own `{`.
    body_depth: i64,
}

/// The functions in `lines`, in no particular order.
pub fn functions(lines: &[NewLine], language: &Language) -> Vec<Function> {
    let mut state = LexState::default();
    let mut done = Vec::new();
    let mut open: Vec<Open> = Vec::new();
    // A header waiting for its `{`: the function, the offset its `{` must
    // follow on this line, and how many lines it has waited.
    let mut pending: Option<(Function, usize, u32)> = None;
    let mut depth: i64 = 0;
    for line in lines {
        if let Some(Header { at, name }) = header(line.text, language) {
            pending = Some((Function::new(line, name), at, 0));
        }
        for (offset, bracket) in brackets(line.text, language, &mut state) {
            match bracket {
                b'{' => {
                    depth += 1;
                    let opens_pending = pending.as_ref().is_some_and(|(_, at, age)| *age > 0 || offset > *at);
                    if opens_pending && let Some((function, _, _)) = pending.take() {
                        open.push(Open { function, body_depth: depth });
                    } else if let Some(top) = open.last_mut() {
                        top.function.nested(line, (depth - top.body_depth) as usize);
                    }
                }
                b'}' => {
                    if open.last().is_some_and(|top| top.body_depth == depth) {
                        let top = open.pop().expect("checked above");
                        done.push(top.function.ended(line.number, true));
                    }
                    depth -= 1;
                }
                _ => {}
            }
        }
        for entry in &mut open {
            entry.function.touch(line);
        }
        // A header whose block does not open by the next line was not a definition.
        pending = pending.filter(|(_, _, age)| *age < 1).map(|(function, at, age)| (function, at, age + 1));
    }
    let last = lines.last().map_or(0, |line| line.number);
    done.extend(open.into_iter().map(|entry| entry.function.ended(last, false)));
    done
}

#[cfg(test)]
mod tests {
    use crate::checks::functions::tests::summary_of;

    #[test]
    fn rust_functions_their_length_and_nesting() {
        let text = "\
fn short() -> u8 { 1 }
pub fn long(x: u8) -> u8 {
    if x > 0 {
        for i in 0..x {
            let s = \"}\";
        }
    }
    x
}
trait T { fn declared(&self); }
fn open_at_the_end() {
    let y = 2;";
        assert_eq!(
            summary_of("a.rs", text),
            ["short@1 1 lines depth 0", "long@2 8 lines depth 2@4", "open_at_the_end@11 2+ lines depth 0"]
        );
    }

    #[test]
    fn c_like_signatures_and_js_arrows() {
        let java = "public int size(List<X> xs) {\n  if (xs == null) {\n    return 0;\n  }\n  return xs.size();\n}\n";
        assert_eq!(summary_of("A.java", java), ["size@1 6 lines depth 1@2"]);
        let js = "const f = async (a) => {\n  return a;\n};\nfunction g() {\n}\n";
        assert_eq!(summary_of("a.js", js), ["f@1 3 lines depth 0", "g@4 2 lines depth 0"]);
        let allman = "int main(void)\n{\n  return 0;\n}\n";
        assert_eq!(summary_of("a.c", allman), ["main@1 4 lines depth 0"]);
    }

    #[test]
    fn a_hunk_that_starts_inside_a_block_closes_it_without_harm() {
        assert_eq!(summary_of("a.rs", "    }\n}\nfn next() {\n}\n"), ["next@3 2 lines depth 0"]);
    }
}
