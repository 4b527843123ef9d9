//! Debugging leftovers in added lines, per language: calls that only ever
//! serve debugging (`dbg!`, `debugger;`, `binding.pry`, `var_dump`, Python's
//! `print(`), and print calls whose text looks like debugging (`{:?}`,
//! "here", "debug").

use super::{Check, Findings, reviewed_lines};
use crate::diff::FileDiff;
use crate::language::{self, Language};
use crate::scan::{find_token, has_word};

/// Words and format specifiers that give a print away as debugging.
const DEBUG_WORDS: &[&str] = &["debug", "DEBUG", "here", "HERE", "xxx", "XXX", "wtf", "WTF"];
const DEBUG_TEXT: &[&str] = &[":?}", ":#?}", "%#v", "!!!", "???", ">>>", "-->", "***"];

/// The debugging leftover in `line`, if any, as the token that gives it away.
fn leftover(line: &str, language: &Language) -> Option<&'static str> {
    if let Some(marker) = language.debug_markers.iter().find(|marker| find_token(line, marker).is_some()) {
        return Some(marker);
    }
    language.debug_prints.iter().find_map(|print| {
        let at = find_token(line, print)?;
        let printed = &line[at + print.len()..];
        let debugging = DEBUG_WORDS.iter().any(|word| has_word(printed, word))
            || DEBUG_TEXT.iter().any(|text| printed.contains(text));
        debugging.then_some(*print)
    })
}

pub fn check(file: &FileDiff, findings: &mut Findings) {
    if !findings.enabled(Check::DebugLeftover) {
        return;
    }
    let Some(language) = language::of_path(file.path()) else { return };
    for (line, text) in reviewed_lines(file) {
        if let Some(token) = leftover(text, language) {
            let token = token.trim_end_matches(['(', ' ']);
            findings.at(Check::DebugLeftover, file.path(), line, format!("debugging leftover: `{token}`"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::findings_on;

    fn flagged(path: &str, lines: &[&str]) -> Vec<u32> {
        findings_on(path, lines, check).into_iter().map(|(line, _)| line).collect()
    }

    #[test]
    fn leftovers_per_language() {
        let cases: &[(&str, &[&str], &[u32])] = &[
            (
                "a.rs",
                &["let x = dbg!(y);", "println!(\"{x:?}\");", "println!(\"done: {}\", n);", "eprintln!(\"here\");"],
                &[1, 2, 4],
            ),
            ("a.ts", &["console.log(x);", "  debugger;", "logger.log(x)", "console.error(\"failed\", e)"], &[1, 2]),
            (
                "a.py",
                &["print(x)", "    breakpoint()", "import pdb; pdb.set_trace()", "pprint(x)", "self.print(x)"],
                &[1, 2, 3],
            ),
            ("a.rb", &["binding.pry", "puts user.name", "p \"HERE\""], &[1, 3]),
            ("a.php", &["var_dump($x);", "$this->dump($x);", "print_r($a);"], &[1, 3]),
            ("a.go", &["fmt.Println(\"debug:\", x)", "fmt.Println(\"listening on\", addr)", "spew.Dump(x)"], &[1, 3]),
            ("notes.md", &["console.log(x)", "dbg!(x)"], &[]),
        ];
        for (path, lines, expected) in cases {
            assert_eq!(flagged(path, lines), *expected, "{path}");
        }
    }

    #[test]
    fn the_message_names_the_call_and_allowed_lines_are_skipped() {
        let found = findings_on("a.js", &["console.log(1)", "console.log(2) // vibe:allow"], check);
        assert_eq!(found, [(1, "debugging leftover: `console.log`".to_string())]);
    }
}
