//! A simple command: which program really runs, with which arguments, what it
//! writes, and which scripts it runs in turn.

use super::parser::parse_at;
use super::{Redirect, RedirectKind, Script, Word};

/// One simple command (or a `( … )` / `{ …; }` group, whose name is empty).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Command {
    /// The program that runs, without its folder (`/bin/rm` → `rm`), past
    /// assignments and wrappers like `sudo`; empty for a group or a bare assignment.
    pub name: String,
    /// Every word as written, wrappers included, so that no substitution is lost.
    words: Vec<Word>,
    /// Where the program's word is in `words`.
    program_index: usize,
    pub redirects: Vec<Redirect>,
    /// Scripts the command runs that are written into it: group bodies, a
    /// shell's `-c` script or here-document, `eval`'s arguments.
    pub nested: Vec<Script>,
}

/// Where an interpreter takes its program from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Program<'a> {
    /// On the command line: `bash -c '…'`, `perl -e '…'`, `python3 -m module`.
    Inline(&'a Word),
    /// A script file: `bash install.sh`, `source <(…)`.
    File(&'a Word),
    /// Standard input: `bash`, `python3 -`, `bash -s -- --yes`.
    Stdin,
}

/// A command that runs the command given in its arguments.
struct Wrapper {
    name: &'static str,
    /// Its options that take the next word as their value.
    valued: &'static [&'static str],
    /// How many operands come before the wrapped command (`timeout 5 rm …`).
    operands: usize,
}

const WRAPPERS: &[Wrapper] = &[
    Wrapper {
        name: "sudo",
        valued: &[
            "-u",
            "-g",
            "-h",
            "-p",
            "-C",
            "-D",
            "-r",
            "-t",
            "-T",
            "-U",
            "--user",
            "--group",
            "--host",
            "--prompt",
            "--chdir",
            "--close-from",
            "--role",
            "--type",
            "--command-timeout",
            "--other-user",
        ],
        operands: 0,
    },
    Wrapper { name: "doas", valued: &["-u", "-C"], operands: 0 },
    Wrapper { name: "env", valued: &["-u", "-C", "-S", "--unset", "--chdir", "--split-string"], operands: 0 },
    Wrapper { name: "command", valued: &[], operands: 0 },
    Wrapper { name: "exec", valued: &["-a"], operands: 0 },
    Wrapper { name: "nohup", valued: &[], operands: 0 },
    Wrapper { name: "time", valued: &["-f", "-o", "--format", "--output"], operands: 0 },
    Wrapper {
        name: "xargs",
        valued: &[
            "-a",
            "-d",
            "-E",
            "-I",
            "-L",
            "-n",
            "-P",
            "-s",
            "--arg-file",
            "--delimiter",
            "--max-args",
            "--max-procs",
            "--max-chars",
            "--max-lines",
            "--process-slot-var",
        ],
        operands: 0,
    },
    Wrapper { name: "nice", valued: &["-n", "--adjustment"], operands: 0 },
    Wrapper { name: "timeout", valued: &["-s", "-k", "--signal", "--kill-after"], operands: 1 },
];

/// Reserved words that open or close a compound command; a command may follow them.
const KEYWORDS: &[&str] = &["if", "then", "else", "elif", "fi", "while", "until", "do", "done", "esac", "!"];

/// Shells whose `-c` script or here-document is parsed as a nested script.
const SHELLS: &[&str] = &["sh", "bash", "zsh", "dash", "ksh", "mksh", "ash", "fish", "su"];

impl Wrapper {
    /// The index of the first word after this wrapper (at `at`), its options and operands.
    fn skip(&self, words: &[Word], at: usize) -> usize {
        let mut index = at + 1;
        while let Some(word) = words.get(index) {
            let text = word.text.as_str();
            if text == "--" {
                index += 1;
                break;
            }
            if !is_option(text) {
                break;
            }
            index += if self.valued.contains(&text) { 2 } else { 1 };
        }
        index + self.operands
    }
}

impl Command {
    pub(super) fn new(words: Vec<Word>, redirects: Vec<Redirect>, groups: Vec<Script>, depth: usize) -> Self {
        let (program_index, name) = find_program(&words);
        let mut command = Command { name, words, program_index, redirects, nested: groups };
        let scripts = command.scripts_it_runs(depth + 1);
        command.nested.extend(scripts);
        command
    }

    /// The words after the program's name.
    pub fn args(&self) -> &[Word] {
        self.words.get(self.program_index + 1..).unwrap_or_default()
    }

    /// The option words (`-rf`, `--force`), up to a `--`.
    pub fn options(&self) -> impl Iterator<Item = &str> {
        self.args()
            .iter()
            .map(|word| word.text.as_str())
            .take_while(|text| *text != "--")
            .filter(|text| is_option(text))
    }

    /// Whether a short option cluster (`-rf`, `-R`) holds `letter`.
    pub fn has_short_option(&self, letter: char) -> bool {
        self.options().any(|option| !option.starts_with("--") && option[1..].contains(letter))
    }

    /// The arguments that are not options: those not starting with `-`, and all after `--`.
    pub fn operands(&self) -> Vec<&str> {
        let mut after_dashes = false;
        self.args()
            .iter()
            .map(|word| word.text.as_str())
            .filter(|text| {
                if after_dashes {
                    return true;
                }
                after_dashes = *text == "--";
                !after_dashes && !is_option(text)
            })
            .collect()
    }

    /// Where this command, run as an interpreter, takes its program from.
    pub fn program(&self) -> Program<'_> {
        let (inline_letters, stdin_letter) = interpreter_options(&self.name);
        let args = self.args();
        let mut after_dashes = false;
        for (index, word) in args.iter().enumerate() {
            let text = word.text.as_str();
            if !after_dashes && text == "--" {
                after_dashes = true;
                continue;
            }
            if !after_dashes && is_option(text) {
                let cluster = text.strip_prefix('-').filter(|c| !c.starts_with('-'));
                if let Some(letters) = cluster {
                    if stdin_letter.is_some_and(|letter| letters.contains(letter)) {
                        return Program::Stdin;
                    }
                    if letters.contains(|c| inline_letters.contains(c)) {
                        return args[index + 1..]
                            .iter()
                            .find(|word| !is_option(&word.text))
                            .map_or(Program::Stdin, Program::Inline);
                    }
                }
                continue;
            }
            return match text {
                "-" | "/dev/stdin" => Program::Stdin,
                _ => Program::File(word),
            };
        }
        Program::Stdin
    }

    /// The paths this command writes: its output redirections, and the operands
    /// that well-known file-changing commands modify (`rm`, `tee`, `sed -i`,
    /// the destination of `cp`/`mv`/`ln`/`install`).
    pub fn written_paths(&self) -> Vec<&str> {
        let mut paths: Vec<&str> = self
            .redirects
            .iter()
            .filter(|redirect| redirect.kind == RedirectKind::Output)
            .map(|redirect| redirect.target.text.as_str())
            .collect();
        let operands = self.operands();
        match self.name.as_str() {
            "rm" | "rmdir" | "unlink" | "shred" | "tee" | "touch" | "truncate" => paths.extend(operands),
            "cp" | "mv" | "ln" | "install" => {
                let last = operands.last().filter(|_| operands.len() > 1).copied();
                paths.extend(self.target_directory().or(last));
            }
            "sed" | "perl" if self.has_short_option('i') || self.options().any(|o| o.starts_with("--in-place")) => {
                paths.extend(operands)
            }
            _ => {}
        }
        paths
    }

    /// The value of `-t DIR` / `--target-directory=DIR` (`cp`, `mv`, `ln`, `install`).
    fn target_directory(&self) -> Option<&str> {
        let args = self.args();
        args.iter().enumerate().find_map(|(index, word)| {
            let text = word.text.as_str();
            match text {
                "-t" | "--target-directory" => args.get(index + 1).map(|w| w.text.as_str()),
                _ => text
                    .strip_prefix("--target-directory=")
                    .or_else(|| text.strip_prefix("-t").filter(|dir| !dir.is_empty())),
            }
        })
    }

    /// The scripts inside this command: groups, `sh -c` scripts, and the
    /// substitutions in its words and redirections.
    pub fn inner_scripts(&self) -> impl Iterator<Item = &Script> {
        let targets = self.redirects.iter().map(|redirect| &redirect.target);
        let words = self.words.iter().chain(targets);
        self.nested.iter().chain(words.flat_map(|word| &word.substitutions))
    }

    /// This command and every command inside it.
    pub fn with_inner(&self) -> Vec<&Command> {
        let mut all = vec![self];
        all.extend(self.inner_scripts().flat_map(Script::commands));
        all
    }

    /// The scripts written into this command that it runs, parsed at `depth`:
    /// a shell's `-c` script or here-document, `eval`'s arguments. The files
    /// it runs cannot be seen.
    fn scripts_it_runs(&self, depth: usize) -> Vec<Script> {
        if self.name == "eval" {
            let words: Vec<&str> = self.args().iter().map(|w| w.text.as_str()).collect();
            return vec![parse_at(&words.join(" "), depth)];
        }
        if !SHELLS.contains(&self.name.as_str()) {
            return Vec::new();
        }
        match self.program() {
            Program::Inline(script) => vec![parse_at(&script.text, depth)],
            Program::File(_) => Vec::new(),
            Program::Stdin => self
                .redirects
                .iter()
                .filter(|redirect| redirect.kind == RedirectKind::Text)
                .map(|redirect| parse_at(&redirect.target.text, depth))
                .collect(),
        }
    }
}

/// Finds the word of the program that really runs, past assignments, reserved
/// words and wrappers (`sudo -u x env A=1 nohup /bin/rm …`): its index and its
/// name without folders. When the wrappers wrap nothing (`sudo -s`), the last
/// wrapper is the program.
fn find_program(words: &[Word]) -> (usize, String) {
    let mut index = 0;
    let mut last_wrapper = None;
    while let Some(word) = words.get(index) {
        let text = word.text.as_str();
        if is_assignment(text) || KEYWORDS.contains(&text) {
            index += 1;
            continue;
        }
        let name = basename(text);
        match WRAPPERS.iter().find(|wrapper| wrapper.name == name) {
            Some(wrapper) => {
                last_wrapper = Some(index);
                index = wrapper.skip(words, index);
            }
            None => return (index, name.to_string()),
        }
    }
    match last_wrapper {
        Some(index) => (index, basename(&words[index].text).to_string()),
        None => (words.len(), String::new()),
    }
}

/// The option letters that give an interpreter its program inline, and the
/// one that makes it read its program from standard input.
fn interpreter_options(name: &str) -> (&'static str, Option<char>) {
    match name {
        "python" | "python2" | "python3" => ("cm", None),
        "perl" => ("eE", None),
        "ruby" => ("e", None),
        "node" | "nodejs" => ("ep", None),
        // sh and its kin, and anything configured as a shell.
        _ => ("c", Some('s')),
    }
}

fn is_option(text: &str) -> bool {
    text.len() > 1 && text.starts_with('-')
}

/// `NAME=value` or `NAME+=value` before a command.
fn is_assignment(text: &str) -> bool {
    text.split_once('=').is_some_and(|(name, _)| {
        let name = name.strip_suffix('+').unwrap_or(name);
        name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

fn basename(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;

    fn first(script: &str) -> Command {
        parse(script).pipelines[0].commands[0].clone()
    }

    fn texts(words: &[Word]) -> Vec<&str> {
        words.iter().map(|word| word.text.as_str()).collect()
    }

    #[test]
    fn wrappers_and_assignments_are_skipped() {
        let cases = [
            ("sudo rm -rf x", "rm", vec!["-rf", "x"]),
            ("sudo -u root -E rm x", "rm", vec!["x"]),
            ("FOO=1 BAR+=2 /bin/rm x", "rm", vec!["x"]),
            ("env -i A=b nohup nice -n 5 git push", "git", vec!["push"]),
            ("timeout -s KILL 10 make test", "make", vec!["test"]),
            ("xargs -I {} -0 rm {}", "rm", vec!["{}"]),
            ("command -- ls", "ls", vec![]),
            ("time -p exec -a x ./run.sh", "run.sh", vec![]),
            ("! grep -q x f", "grep", vec!["-q", "x", "f"]),
            ("sudo -s", "sudo", vec!["-s"]),
            ("\\rm -f x", "rm", vec!["-f", "x"]),
            ("A=1", "", vec![]),
            ("dd if=/dev/zero of=x", "dd", vec!["if=/dev/zero", "of=x"]),
        ];
        for (script, name, args) in cases {
            let command = first(script);
            assert_eq!(command.name, name, "{script}");
            assert_eq!(texts(command.args()), args, "{script}");
        }
    }

    #[test]
    fn options_and_operands() {
        let command = first("rm -r -f --verbose a -- -b");
        assert_eq!(command.options().collect::<Vec<_>>(), ["-r", "-f", "--verbose"]);
        assert_eq!(command.operands(), ["a", "-b"]);
        assert!(command.has_short_option('f'));
        assert!(!command.has_short_option('v'));
    }

    #[test]
    fn interpreters_name_their_program() {
        let inline = |script: &str| match first(script).program() {
            Program::Inline(word) => Some(word.text.clone()),
            _ => None,
        };
        assert_eq!(inline("bash -lc 'ls'").as_deref(), Some("ls"));
        assert_eq!(inline("python3 -c 'print(1)'").as_deref(), Some("print(1)"));
        assert_eq!(inline("python3 -m json.tool").as_deref(), Some("json.tool"));
        assert_eq!(inline("node -e 'x'").as_deref(), Some("x"));
        assert_eq!(inline("perl -pe 's/a/b/'").as_deref(), Some("s/a/b/"));
        assert!(matches!(first("bash x.sh").program(), Program::File(w) if w.text == "x.sh"));
        for stdin in ["bash", "sh -x", "python3 -", "bash -s -- --yes", "bash /dev/stdin"] {
            assert_eq!(first(stdin).program(), Program::Stdin, "{stdin}");
        }
    }

    #[test]
    fn written_paths_by_command() {
        let cases = [
            ("echo x > a >> b 2>&1", vec!["a", "b"]),
            ("cat < in", vec![]),
            ("rm -rf a b", vec!["a", "b"]),
            ("tee -a log", vec!["log"]),
            ("cp -r src dst", vec!["dst"]),
            ("cp src", vec![]),
            ("mv -t dir a b", vec!["dir"]),
            ("install --target-directory=bin x", vec!["bin"]),
            ("sed -i.bak 's/a/b/' f", vec!["s/a/b/", "f"]),
            ("sed 's/a/b/' f", vec![]),
            ("cat f", vec![]),
        ];
        for (script, paths) in cases {
            assert_eq!(first(script).written_paths(), paths, "{script}");
        }
    }

    #[test]
    fn eval_chains_stop_at_the_depth_limit() {
        let chain = |levels: usize| "eval ".repeat(levels) + "rm x";
        let runs_rm = |script: &str| parse(script).commands().iter().any(|command| command.name == "rm");
        assert!(runs_rm(&chain(super::super::parser::MAX_DEPTH)));
        assert!(!runs_rm(&chain(super::super::parser::MAX_DEPTH + 1)));
        assert!(!runs_rm(&chain(500)));
    }
}
