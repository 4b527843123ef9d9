//! Shell scripts as the rules see them: pipelines of commands, with every
//! script a command would run (substitutions, groups, `sh -c '…'`) nested inside.
//!
//! Nothing is expanded or executed: a word keeps `$HOME` or `$(pwd)` as written,
//! quotes removed, so rules can recognise them.

mod command;
mod parser;

pub use command::{Command, Program};

/// A parsed script: its pipelines in order, whatever separated them (`;`, `&&`, newline…).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Script {
    pub pipelines: Vec<Pipeline>,
}

/// Commands joined by `|`, each feeding the next.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Pipeline {
    pub commands: Vec<Command>,
}

/// One shell word after quote removal.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Word {
    /// The text, unquoted; substitutions and `${…}` stay as written (`$(pwd)`).
    pub text: String,
    /// The scripts of the `$(…)`, backtick and `<(…)` substitutions in the word.
    pub substitutions: Vec<Script>,
}

/// What a redirection does with its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RedirectKind {
    /// `< file`: the command reads the file.
    Input,
    /// `> file`, `>> file`, `&> file`, `<> file`: the command writes the file.
    Output,
    /// A here-document or here-string: the target is the text itself.
    Text,
}

/// A redirection and its target (a path, or the text of a here-document).
#[derive(Debug, Clone, PartialEq)]
pub struct Redirect {
    pub kind: RedirectKind,
    pub target: Word,
}

/// Parses a shell script. Never fails: malformed input parses as the nearest
/// sensible shape, so a rule sees at least the commands it can make out.
pub fn parse(script: &str) -> Script {
    parser::parse_at(script, 0)
}

impl Script {
    /// Every pipeline, including those inside substitutions, groups and `sh -c`
    /// scripts, each followed by those nested in it.
    pub fn pipelines(&self) -> Vec<&Pipeline> {
        let mut out = Vec::new();
        self.collect_pipelines(&mut out);
        out
    }

    /// Every command, at any depth.
    pub fn commands(&self) -> Vec<&Command> {
        self.pipelines().into_iter().flat_map(|pipeline| &pipeline.commands).collect()
    }

    fn collect_pipelines<'a>(&'a self, out: &mut Vec<&'a Pipeline>) {
        for pipeline in &self.pipelines {
            out.push(pipeline);
            for command in &pipeline.commands {
                for inner in command.inner_scripts() {
                    inner.collect_pipelines(out);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parser::MAX_DEPTH;
    use super::*;

    /// The program names of the commands, each pipeline's before those nested
    /// in it, for compact assertions; groups and bare assignments (no program)
    /// are left out.
    fn names(script: &str) -> Vec<String> {
        parse(script).commands().iter().filter(|c| !c.name.is_empty()).map(|c| c.name.clone()).collect()
    }

    #[test]
    fn finds_commands_at_every_depth() {
        let cases: &[(&str, &[&str])] = &[
            ("ls -la", &["ls"]),
            ("a | b || c && d; e & f\ng", &["a", "b", "c", "d", "e", "f", "g"]),
            ("echo $(whoami)", &["echo", "whoami"]),
            ("echo \"in $(date) quotes\"", &["echo", "date"]),
            ("echo `id`", &["echo", "id"]),
            ("diff <(ls a) >(tee b)", &["diff", "ls", "tee"]),
            ("(cd x && make)", &["cd", "make"]),
            ("{ a; b; } | c", &["c", "a", "b"]),
            ("f() { rm -rf x; }; f", &["f", "rm", "f"]),
            ("bash -c 'rm -rf x'", &["bash", "rm"]),
            ("sh -ec \"git push\"", &["sh", "git"]),
            ("eval 'git status'", &["eval", "git"]),
            ("X=$(curl x) make", &["make", "curl"]),
            ("if true; then rm x; fi", &["true", "rm"]),
            ("while read f; do rm \"$f\"; done", &["read", "rm"]),
        ];
        for (script, expected) in cases {
            assert_eq!(names(script), *expected, "{script}");
        }
    }

    #[test]
    fn quotes_hide_operators() {
        let cases: &[(&str, &[&str])] = &[
            ("echo 'a | b; c'", &["echo"]),
            ("echo \"a && b\"", &["echo"]),
            ("echo a\\;b", &["echo"]),
            ("echo 'it'\"'\"'s'; ls", &["echo", "ls"]),
            ("echo \"say \\\"hi\\\" | x\"", &["echo"]),
            ("echo # rm -rf /\nls", &["echo", "ls"]),
        ];
        for (script, expected) in cases {
            assert_eq!(names(script), *expected, "{script}");
        }
    }

    #[test]
    fn words_lose_quotes_but_keep_expansions() {
        let script = parse("rm -r -f \"/\" 'a b' c\\ d $HOME \"${HOME}\" \"$(pwd)\"/x ~");
        let command = &script.pipelines[0].commands[0];
        let words: Vec<&str> = command.args().iter().map(|w| w.text.as_str()).collect();
        assert_eq!(words, ["-r", "-f", "/", "a b", "c d", "$HOME", "${HOME}", "$(pwd)/x", "~"]);
    }

    #[test]
    fn redirections_are_typed() {
        let script = parse("cmd <in >out 2>err >>app &>both 2>&1 >&- <<<str");
        let command = &script.pipelines[0].commands[0];
        let got: Vec<(RedirectKind, &str)> =
            command.redirects.iter().map(|r| (r.kind, r.target.text.as_str())).collect();
        use RedirectKind::*;
        assert_eq!(
            got,
            [(Input, "in"), (Output, "out"), (Output, "err"), (Output, "app"), (Output, "both"), (Text, "str"),]
        );
        assert!(command.args().is_empty());
    }

    #[test]
    fn here_documents_are_text_not_commands() {
        let script = "cat > notes.md <<'EOF'\nrm -rf /\ngit push -f\nEOF\nls";
        assert_eq!(names(script), ["cat", "ls"]);
        let parsed = parse(script);
        let heredoc = &parsed.pipelines[0].commands[0].redirects[1];
        assert_eq!(heredoc.kind, RedirectKind::Text);
        assert_eq!(heredoc.target.text, "rm -rf /\ngit push -f\n");
        // Indented delimiters with `<<-`, and two documents on one line.
        assert_eq!(names("cat <<-A <<B\n\tx\n\tA\ny\nB\nls"), ["cat", "ls"]);
        // An unquoted document still runs its substitutions.
        assert_eq!(names("cat <<EOF\n$(whoami)\nEOF"), ["cat", "whoami"]);
    }

    #[test]
    fn a_here_document_fed_to_a_shell_is_a_script() {
        assert_eq!(names("bash <<EOF\nrm -rf x\nEOF"), ["bash", "rm"]);
        assert_eq!(names("sh <<< 'git push'"), ["sh", "git"]);
    }

    #[test]
    fn malformed_input_never_panics() {
        let long = "$(".repeat(200) + &")".repeat(3);
        let inputs = [
            "",
            " ",
            "'",
            "\"",
            "`",
            "\\",
            "$(",
            "$((",
            "${",
            "<(",
            ">",
            "2>",
            "<<",
            "<<EOF",
            "<<EOF\nx",
            "((((",
            "))))",
            "{",
            "}",
            "{ }",
            "|",
            "||",
            "&&",
            ";;",
            "&",
            "a |",
            "'unterminated rm -rf /",
            "\"open $(rm",
            "echo `open",
            "é'ü\"ß`",
            "\u{0}\u{7f}",
            &long,
        ];
        for input in inputs {
            let _ = parse(input).commands();
        }
    }

    #[test]
    fn nesting_stops_at_the_depth_limit() {
        let nested = |levels: usize| "$(".repeat(levels) + "rm x" + &")".repeat(levels);
        assert!(names(&nested(MAX_DEPTH)).contains(&"rm".to_string()));
        assert!(!names(&nested(MAX_DEPTH + 1)).contains(&"rm".to_string()));
        let backticks = "echo `echo \\`rm x\\``";
        assert!(names(backticks).contains(&"rm".to_string()));
    }
}
