//! What a tool call does, across the spellings of Claude Code, Codex, Cursor and OpenCode.

use std::borrow::Cow;

use agentops_skill_sdk::ToolCall;
use serde_json::Value;

/// What a tool call does, as far as the rules are concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Runs a shell script.
    Shell(String),
    /// Reads a file.
    Read(String),
    /// Writes, edits, creates or deletes these files.
    Write(Vec<String>),
    /// A tool the guard has no rules for.
    Other,
}

const SHELL_TOOLS: &[&str] = &["Bash", "bash", "shell", "Shell", "run_terminal_cmd", "exec_command", "local_shell"];
const READ_TOOLS: &[&str] = &["Read", "read", "read_file"];
const WRITE_TOOLS: &[&str] = &["Write", "Edit", "MultiEdit", "write", "edit", "edit_file", "NotebookEdit"];
/// The fields naming the file of a read or write tool, by runtime.
const PATH_FIELDS: &[&str] = &["file_path", "path", "filePath", "notebook_path", "target_file"];
/// The fields holding a shell tool's command (`cmd` is Codex's `exec_command`).
const COMMAND_FIELDS: &[&str] = &["command", "cmd"];
/// The fields holding a shell tool's working directory.
const WORKDIR_FIELDS: &[&str] = &["cwd", "workdir"];

/// What `call` does; unknown tools, and known ones missing their input, are [`Action::Other`].
pub fn classify(call: &ToolCall) -> Action {
    let name = call.tool_name.as_str();
    let input = &call.tool_input;
    let path = || first_str(input, PATH_FIELDS).map(str::to_string);
    let action = if SHELL_TOOLS.contains(&name) {
        shell_script(input).map(Action::Shell)
    } else if READ_TOOLS.contains(&name) {
        path().map(Action::Read)
    } else if WRITE_TOOLS.contains(&name) {
        path().map(|path| Action::Write(vec![path]))
    } else if name == "apply_patch" {
        patch_text(input).map(|patch| Action::Write(patch_paths(patch)))
    } else {
        None
    };
    action.unwrap_or(Action::Other)
}

/// The working directory a shell tool call names for itself, if any.
pub fn working_dir(call: &ToolCall) -> Option<&str> {
    first_str(&call.tool_input, WORKDIR_FIELDS)
}

fn first_str<'a>(input: &'a Value, fields: &[&str]) -> Option<&'a str> {
    fields.iter().find_map(|field| input.get(field)?.as_str())
}

/// The script a shell tool runs. A command given as an argument vector
/// (`["bash", "-lc", "…"]`) is quoted back into one command line, which the
/// shell parser then reads exactly as the runtime would run it.
fn shell_script(input: &Value) -> Option<String> {
    let command = COMMAND_FIELDS.iter().find_map(|field| input.get(field))?;
    match command {
        Value::String(script) => Some(script.clone()),
        Value::Array(words) => {
            let words: Vec<Cow<str>> = words.iter().filter_map(Value::as_str).map(quote).collect();
            Some(words.join(" "))
        }
        _ => None,
    }
}

/// Quotes `word` for a shell, when it needs it.
fn quote(word: &str) -> Cow<'_, str> {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_./=:,+@%^".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        Cow::Borrowed(word)
    } else {
        Cow::Owned(format!("'{}'", word.replace('\'', r"'\''")))
    }
}

/// The patch of an `apply_patch` call: the whole input, or its `input` or `patch` field.
fn patch_text(input: &Value) -> Option<&str> {
    input.as_str().or_else(|| first_str(input, &["input", "patch"]))
}

/// The files a patch in the `*** Begin Patch` format touches.
fn patch_paths(patch: &str) -> Vec<String> {
    const HEADERS: &[&str] = &["*** Add File: ", "*** Update File: ", "*** Delete File: ", "*** Move to: "];
    patch
        .lines()
        .filter_map(|line| HEADERS.iter().find_map(|header| line.strip_prefix(header)))
        .map(|path| path.trim().to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn call(tool_name: &str, tool_input: Value) -> ToolCall {
        ToolCall { tool_name: tool_name.into(), tool_input }
    }

    #[test]
    fn shell_tools() {
        let shell = |s: &str| Action::Shell(s.into());
        let cases = [
            (call("Bash", json!({"command": "ls -la"})), shell("ls -la")),
            (call("run_terminal_cmd", json!({"command": "ls"})), shell("ls")),
            (call("exec_command", json!({"cmd": "ls"})), shell("ls")),
            (call("shell", json!({"command": ["bash", "-lc", "rm -rf 'x'"]})), shell(r"bash -lc 'rm -rf '\''x'\'''")),
            (
                call("local_shell", json!({"command": ["git", "commit", "-m", "a b", ""]})),
                shell("git commit -m 'a b' ''"),
            ),
            (call("Bash", json!({"description": "no command"})), Action::Other),
            (call("Bash", json!({"command": 42})), Action::Other),
        ];
        for (call, action) in cases {
            assert_eq!(classify(&call), action, "{call:?}");
        }
    }

    #[test]
    fn file_tools() {
        let read = |s: &str| Action::Read(s.into());
        let write = |s: &[&str]| Action::Write(s.iter().map(|p| p.to_string()).collect());
        let cases = [
            (call("Read", json!({"file_path": "/r/.env"})), read("/r/.env")),
            (call("read", json!({"filePath": "a"})), read("a")),
            (call("read_file", json!({"path": "b"})), read("b")),
            (call("read_file", json!({"target_file": "c"})), read("c")),
            (call("Write", json!({"file_path": ".git/x", "content": ""})), write(&[".git/x"])),
            (call("NotebookEdit", json!({"notebook_path": "n.ipynb"})), write(&["n.ipynb"])),
            (call("Read", json!({})), Action::Other),
            (call("Glob", json!({"pattern": "**/.env"})), Action::Other),
        ];
        for (call, action) in cases {
            assert_eq!(classify(&call), action, "{call:?}");
        }
    }

    #[test]
    fn patches_list_their_files() {
        let patch = "*** Begin Patch\n*** Update File: src/a.rs\n@@\n-x\n+y\n*** Add File: .git/hooks/pre-commit\n+#!/bin/sh\n*** Delete File: old.rs\n*** Update File: b.rs\n*** Move to: c.rs\n*** End Patch";
        let expected =
            Action::Write(["src/a.rs", ".git/hooks/pre-commit", "old.rs", "b.rs", "c.rs"].map(String::from).to_vec());
        assert_eq!(classify(&call("apply_patch", json!(patch))), expected);
        assert_eq!(classify(&call("apply_patch", json!({"input": patch}))), expected);
        assert_eq!(classify(&call("apply_patch", json!({}))), Action::Other);
    }

    #[test]
    fn working_dir_fields() {
        assert_eq!(working_dir(&call("shell", json!({"workdir": "/r"}))), Some("/r"));
        assert_eq!(working_dir(&call("Bash", json!({"cwd": "/s"}))), Some("/s"));
        assert_eq!(working_dir(&call("Bash", json!({"command": "ls"}))), None);
    }
}
