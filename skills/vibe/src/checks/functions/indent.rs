//! Functions in indentation languages (Python; Ruby's `def … end` reads the
//! same way): a `def` header, then every line indented deeper, up to the
//! first code line that is not. Nesting is the indentation below the body's
//! level, in the body's own indent unit. Lines continuing an open bracket
//! are neither blocks nor ends.

use super::lex::{LexState, brackets};
use super::{Function, NewLine, name_after};
use crate::language::Language;

struct Open {
    function: Function,
    indent: usize,
    /// The body's indent step, from its first line.
    unit: Option<usize>,
    /// The last line that belongs to the function (trailing blank lines do not).
    last: u32,
}

/// Leading whitespace width, a tab counting as four columns.
fn indent(line: &str) -> usize {
    line.bytes().take_while(|b| matches!(b, b' ' | b'\t')).map(|b| if b == b'\t' { 4 } else { 1 }).sum()
}

fn header(line: &str, language: &Language) -> Option<Option<String>> {
    let trimmed = line.trim_start();
    let trimmed = trimmed.strip_prefix("async ").unwrap_or(trimmed);
    language.function_keywords.iter().find_map(|keyword| {
        let rest = trimmed.strip_prefix(keyword)?;
        rest.starts_with(' ').then(|| name_after(trimmed, keyword))
    })
}

/// The functions in `lines`, in no particular order.
pub fn functions(lines: &[NewLine], language: &Language) -> Vec<Function> {
    let mut state = LexState::default();
    let mut done = Vec::new();
    let mut open: Vec<Open> = Vec::new();
    let mut brackets_open: i64 = 0;
    for line in lines {
        let continuation = brackets_open > 0;
        for (_, bracket) in brackets(line.text, language, &mut state) {
            match bracket {
                b'(' | b'[' | b'{' => brackets_open += 1,
                _ => brackets_open = (brackets_open - 1).max(0),
            }
        }
        if line.text.trim().is_empty() || continuation {
            if continuation {
                for entry in &mut open {
                    entry.function.touch(line);
                    entry.last = line.number;
                }
            }
            continue;
        }
        let column = indent(line.text);
        while open.last().is_some_and(|top| column <= top.indent) {
            let top = open.pop().expect("checked above");
            done.push(top.function.ended(top.last, true));
        }
        if let Some(top) = open.last_mut() {
            let unit = *top.unit.get_or_insert(column - top.indent);
            top.function.nested(line, ((column - top.indent) / unit.max(1)).saturating_sub(1));
        }
        for entry in &mut open {
            entry.function.touch(line);
            entry.last = line.number;
        }
        if let Some(name) = header(line.text, language) {
            let function = Function::new(line, name);
            open.push(Open { function, indent: column, unit: None, last: line.number });
        }
    }
    done.extend(open.into_iter().rev().map(|entry| entry.function.ended(entry.last, false)));
    done
}

#[cfg(test)]
mod tests {
    use crate::checks::functions::tests::summary_of;

    #[test]
    fn python_functions_their_length_and_nesting() {
        let text = "\
def short():
    return 1

async def nested(xs):
    for x in xs:
        if x:
            call(x,
                         y)

    return xs
x = 1
def tail():
    pass
";
        assert_eq!(
            summary_of("a.py", text),
            ["short@1 2 lines depth 0", "nested@4 7 lines depth 2@7", "tail@12 2+ lines depth 0"]
        );
    }

    #[test]
    fn ruby_defs_end_at_their_end() {
        let text = "def a\n  if b\n    c\n  end\nend\ndef d\nend\n";
        assert_eq!(summary_of("a.rb", text), ["a@1 4 lines depth 1@3", "d@6 1 lines depth 0"]);
    }
}
