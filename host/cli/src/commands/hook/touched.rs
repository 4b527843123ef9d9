//! The project files a tool call changed, read from its input.
//!
//! Only the tools that edit files count: Claude Code's `Write`, `Edit`,
//! `MultiEdit` and `NotebookEdit`, Codex's `apply_patch`, Cursor's `Write`
//! (also `afterFileEdit`), OpenCode's `write`, `edit`, `multiedit`, `patch`
//! and `apply_patch`. Their paths sit in `file_path`, `filePath`, `path` or
//! `notebook_path`, in the same keys of each of `edits`, or in the `*** Add
//! File:` / `*** Update File:` / `*** Delete File:` / `*** Move to:` lines of
//! a patch. Shell commands are left alone: which words of a command are
//! paths, and whether it wrote them, cannot be told from its text without
//! guessing, and a wrong guess would cite an item the session never applied.
//!
//! Paths come back relative to the project root with `/` separators, the
//! form of the ledger's `paths` globs; relative ones are taken from the
//! session's working folder, and anything outside the project is dropped.

use std::path::{Component, Path, PathBuf};

use serde_json::Value;

use super::payload::Payload;

/// The file-editing tools, compared without case.
const EDITING_TOOLS: [&str; 6] = ["write", "edit", "multiedit", "notebookedit", "apply_patch", "patch"];
/// Where a tool input names a file.
const PATH_KEYS: [&str; 4] = ["file_path", "filePath", "path", "notebook_path"];
/// Where a tool input holds a patch.
const PATCH_KEYS: [&str; 3] = ["command", "patchText", "patch"];
/// The patch lines that name a file.
const PATCH_MARKERS: [&str; 4] = ["*** Add File: ", "*** Update File: ", "*** Delete File: ", "*** Move to: "];

/// The project-relative files the call in `payload` edited, sorted and
/// without duplicates; empty for every other tool.
pub fn touched_paths(root: &Path, payload: &Payload) -> Vec<String> {
    let editing = payload.tool_name.as_deref().is_some_and(|t| EDITING_TOOLS.iter().any(|e| t.eq_ignore_ascii_case(e)));
    let Some(input) = payload.tool_input.as_deref().filter(|_| editing) else { return Vec::new() };
    let Ok(input) = serde_json::from_str::<Value>(input) else { return Vec::new() };
    let cwd = payload.cwd.as_deref().map(Path::new).filter(|c| c.is_absolute()).unwrap_or(root);
    let mut paths: Vec<String> =
        named_paths(&input).into_iter().filter_map(|raw| project_relative(root, cwd, raw)).collect();
    paths.sort_unstable();
    paths.dedup();
    paths
}

/// Every path the input names, as written.
fn named_paths(input: &Value) -> Vec<&str> {
    let mut found = keyed_paths(input);
    for edit in input.get("edits").and_then(Value::as_array).into_iter().flatten() {
        found.extend(keyed_paths(edit));
    }
    for patch in PATCH_KEYS.iter().filter_map(|k| input.get(*k)?.as_str()) {
        found.extend(patch.lines().filter_map(|line| PATCH_MARKERS.iter().find_map(|m| line.strip_prefix(m))));
    }
    found.into_iter().map(str::trim).filter(|p| !p.is_empty()).collect()
}

/// The paths under [`PATH_KEYS`] of one object.
fn keyed_paths(v: &Value) -> Vec<&str> {
    PATH_KEYS.iter().filter_map(|k| v.get(*k)?.as_str()).collect()
}

/// `raw` relative to `root`, or `None` when it lies outside.
fn project_relative(root: &Path, cwd: &Path, raw: &str) -> Option<String> {
    let full = normalize(&cwd.join(raw));
    let rel = full.strip_prefix(root).ok()?;
    let parts: Vec<&str> = rel.components().filter_map(|c| c.as_os_str().to_str()).collect();
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// `.` and `..` resolved without touching the file system: the file may be
/// gone (a deleted or moved file still counts as touched).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touched(tool: &str, input: &str, cwd: Option<&str>) -> Vec<String> {
        let payload = Payload {
            tool_name: Some(tool.into()),
            tool_input: Some(input.into()),
            cwd: cwd.map(String::from),
            ..Payload::default()
        };
        touched_paths(Path::new("/p"), &payload)
    }

    #[test]
    fn editing_tools_name_their_files_in_each_runtimes_keys() {
        assert_eq!(touched("Write", r#"{"file_path":"/p/src/a.rs","content":"x"}"#, None), ["src/a.rs"]);
        assert_eq!(touched("edit", r#"{"filePath":"/p/docs/./x.md"}"#, None), ["docs/x.md"]);
        let multi = r#"{"file_path":"/p/a.rs","edits":[{"old_string":"a"},{"filePath":"/p/b.rs"}]}"#;
        assert_eq!(touched("MultiEdit", multi, None), ["a.rs", "b.rs"]);
        assert_eq!(touched("NotebookEdit", r#"{"notebook_path":"/p/n.ipynb"}"#, None), ["n.ipynb"]);
    }

    #[test]
    fn patches_name_added_updated_deleted_and_moved_files_from_the_working_folder() {
        let patch = "*** Begin Patch\n*** Update File: src/lib.rs\n*** Move to: src/core.rs\n@@\n-a\n+b\n\
                     *** Add File: ../p/new.txt\n+hi\n*** Delete File: old.txt\n*** End Patch\n";
        let input = serde_json::json!({"command": patch}).to_string();
        assert_eq!(touched("apply_patch", &input, Some("/p")), ["new.txt", "old.txt", "src/core.rs", "src/lib.rs"]);
        let opencode = serde_json::json!({"patchText": "*** Update File: /p/x.rs\n"}).to_string();
        assert_eq!(touched("patch", &opencode, None), ["x.rs"]);
    }

    #[test]
    fn shells_reads_and_files_outside_the_project_touch_nothing() {
        assert!(touched("Bash", r#"{"command":"echo hi > out.txt"}"#, Some("/p")).is_empty());
        assert!(touched("Read", r#"{"file_path":"/p/a.rs"}"#, None).is_empty());
        assert!(touched("Write", r#"{"file_path":"/etc/passwd"}"#, None).is_empty());
        assert!(touched("Write", r#"{"file_path":"/p/../q/a.rs"}"#, None).is_empty());
        assert!(touched("Write", r#"{"file_path":"/p"}"#, None).is_empty());
        assert!(touched("Write", "not json", None).is_empty());
    }
}
