//! What a tool call acts on, across both runtimes' tool sets, and the line of
//! a failed call's output that says what went wrong.
//!
//! A call runs a shell command (Claude Code `Bash`; Codex `exec_command`,
//! `shell`, `local_shell`; OpenCode `bash`), edits files (Claude Code `Edit`,
//! `MultiEdit`, `Write`, `NotebookEdit`; Codex `apply_patch`, as a free-form
//! tool or a shell command; OpenCode `edit`, `write`, `multiedit` with a
//! `filePath`, `patch` and `apply_patch` with a `patchText`), or does
//! something else (reads, searches), which forge does not pair. Commands compare with their whitespace collapsed.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What a tool call acts on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Target {
    /// A shell command, whitespace collapsed.
    Command(String),
    /// Files the call edits (as written in the call).
    Edit(Vec<String>),
}

impl Target {
    /// The target of a call to tool `name` with `input`, if it is a command
    /// or an edit.
    pub fn of(name: &str, input: &Value) -> Option<Target> {
        let str_field = |key: &str| input.get(key).and_then(Value::as_str);
        match name {
            "Bash" | "bash" => command(str_field("command")?),
            "exec_command" => command(str_field("cmd")?),
            "shell" | "local_shell" | "container.exec" => match input.get("command")? {
                Value::String(script) => command(script),
                Value::Array(argv) => {
                    let argv: Vec<&str> = argv.iter().filter_map(Value::as_str).collect();
                    match argv.as_slice() {
                        [shell, flag, script] if is_shell(shell) && matches!(*flag, "-c" | "-lc") => command(script),
                        _ => command(&argv.join(" ")),
                    }
                }
                _ => None,
            },
            "Edit" | "MultiEdit" | "Write" => edit(vec![str_field("file_path")?.to_string()]),
            "edit" | "write" | "multiedit" => edit(vec![str_field("filePath")?.to_string()]),
            "NotebookEdit" => edit(vec![str_field("notebook_path")?.to_string()]),
            "apply_patch" | "patch" => {
                let patch = input
                    .as_str()
                    .or_else(|| str_field("input"))
                    .or_else(|| str_field("patch"))
                    .or_else(|| str_field("patchText"))?;
                edit(patch_files(patch))
            }
            _ => None,
        }
    }

    /// The command or the files, for a learning's text.
    pub fn describe(&self) -> String {
        match self {
            Target::Command(c) => format!("`{}`", shorten(c, 120)),
            Target::Edit(files) => files.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", "),
        }
    }
}

fn is_shell(program: &str) -> bool {
    matches!(program.rsplit('/').next(), Some("bash" | "sh" | "zsh"))
}

/// A command target; `apply_patch <<EOF ...` run through the shell is an edit.
fn command(script: &str) -> Option<Target> {
    let collapsed = script.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.is_empty() {
        return None;
    }
    if collapsed.starts_with("apply_patch") {
        return edit(patch_files(script));
    }
    Some(Target::Command(collapsed))
}

fn edit(files: Vec<String>) -> Option<Target> {
    (!files.is_empty()).then_some(Target::Edit(files))
}

/// The files an `apply_patch` patch adds, updates, deletes or moves to.
fn patch_files(patch: &str) -> Vec<String> {
    const MARKERS: [&str; 4] = ["*** Add File: ", "*** Update File: ", "*** Delete File: ", "*** Move to: "];
    let mut files: Vec<String> = Vec::new();
    for line in patch.lines() {
        let found = MARKERS.iter().find_map(|m| line.trim_start().strip_prefix(m));
        if let Some(file) = found.map(str::trim).filter(|f| !f.is_empty())
            && !files.iter().any(|f| f == file)
        {
            files.push(file.to_string());
        }
    }
    files
}

/// Lines of tool output that are the runtime's framing, not the tool's words.
const FRAMING: [&str; 7] = [
    "Exit code",
    "Process exited with code",
    "Chunk ID:",
    "Wall time:",
    "Original token count:",
    "Output:",
    "Error: Exit code",
];

/// Phrases that mark the line saying what went wrong, after a line starting
/// with `error`.
const ERROR_MARKS: [&str; 10] =
    ["error:", "error[", "panicked", "fatal:", "failed", "no such file", "not found", "cannot", "exception", "denied"];

/// The line of a failed call's output that says what went wrong: the first
/// line starting with `error`, else the first with an error phrase, else the
/// last line; framing lines and `<tool_use_error>` tags left out, shortened
/// to 160 characters.
pub(crate) fn key_line(output: &str) -> Option<String> {
    let lines: Vec<&str> = output
        .lines()
        .map(|l| l.trim().trim_start_matches("<tool_use_error>").trim_end_matches("</tool_use_error>").trim())
        .filter(|l| !l.is_empty() && !FRAMING.iter().any(|f| l.starts_with(f)))
        .collect();
    let lower: Vec<String> = lines.iter().map(|l| l.to_lowercase()).collect();
    let pick = lower
        .iter()
        .position(|l| l.starts_with("error"))
        .or_else(|| lower.iter().position(|l| ERROR_MARKS.iter().any(|m| l.contains(m))))
        .or(lines.len().checked_sub(1))?;
    Some(shorten(lines[pick], 160))
}

/// `text` cut to at most `max` characters, at a character boundary, with
/// `…` when cut.
pub(crate) fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some((end, _)) => format!("{}…", text[..end].trim_end()),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn commands_of_every_shell_tool() {
        let expected = Some(Target::Command("cargo test -p x".into()));
        assert_eq!(Target::of("Bash", &json!({"command": " cargo  test -p x\n"})), expected);
        assert_eq!(Target::of("exec_command", &json!({"cmd": "cargo test -p x"})), expected);
        assert_eq!(Target::of("shell", &json!({"command": ["bash", "-lc", "cargo test -p x"]})), expected);
        assert_eq!(Target::of("local_shell", &json!({"command": ["cargo", "test", "-p", "x"]})), expected);
        assert_eq!(Target::of("Bash", &json!({"command": "  "})), None);
        assert_eq!(Target::of("bash", &json!({"command": "cargo test -p x", "description": "Runs tests"})), expected);
        assert_eq!(Target::of("Read", &json!({"file_path": "a.rs"})), None);
    }

    #[test]
    fn edits_of_every_edit_tool() {
        let a = Some(Target::Edit(vec!["src/a.rs".into()]));
        assert_eq!(Target::of("Edit", &json!({"file_path": "src/a.rs", "old_string": "x"})), a);
        assert_eq!(Target::of("Write", &json!({"file_path": "src/a.rs"})), a);
        assert_eq!(Target::of("edit", &json!({"filePath": "src/a.rs", "oldString": "x", "newString": "y"})), a);
        let patch = "*** Begin Patch\n*** Update File: src/a.rs\n@@\n-x\n+y\n*** Add File: b.md\n+hi\n*** End Patch";
        let both = Some(Target::Edit(vec!["src/a.rs".into(), "b.md".into()]));
        assert_eq!(Target::of("apply_patch", &json!(patch)), both);
        assert_eq!(Target::of("apply_patch", &json!({"patchText": patch})), both);
        assert_eq!(Target::of("exec_command", &json!({"cmd": format!("apply_patch <<'EOF'\n{patch}\nEOF")})), both);
        assert_eq!(Target::of("apply_patch", &json!("no files")), None);
    }

    #[test]
    fn key_lines_prefer_errors() {
        let cargo = "Exit code 101\n   Compiling x v0.1.0\nwarning: unused\nerror[E0432]: unresolved import `a::b`\nerror: could not compile";
        assert_eq!(key_line(cargo).unwrap(), "error[E0432]: unresolved import `a::b`");
        let py = "Traceback (most recent call last):\n  File \"a.py\"\nKeyError: 'x'";
        assert_eq!(key_line(py).unwrap(), "KeyError: 'x'");
        assert_eq!(key_line("Exit code 1\nsomething odd\nlast words").unwrap(), "last words");
        assert_eq!(
            key_line("<tool_use_error>String to replace not found in file.</tool_use_error>").unwrap(),
            "String to replace not found in file."
        );
        assert_eq!(key_line("Exit code 3\n"), None);
        assert_eq!(shorten("ééé", 2), "éé…");
    }
}
