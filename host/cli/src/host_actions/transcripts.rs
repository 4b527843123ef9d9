//! Finding the agent transcripts of a project on this machine: Claude Code's
//! session files under `~/.claude/projects/<the project path with every
//! character that is not a letter or digit as '-'>/`, and Codex rollouts
//! under `$CODEX_HOME/sessions/` (default `~/.codex`) whose session record
//! names the project as its working folder.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// The newest transcripts of `root` on this machine, at most `max`, newest first.
pub fn of_project(root: &Path, max: usize) -> Vec<PathBuf> {
    let Some(home) = std::env::var_os("HOME").map(PathBuf::from) else { return Vec::new() };
    let codex = std::env::var_os("CODEX_HOME").map_or_else(|| home.join(".codex"), PathBuf::from);
    find(&home, &codex, root, max)
}

/// [`of_project`] with the homes given.
fn find(home: &Path, codex: &Path, root: &Path, max: usize) -> Vec<PathBuf> {
    let mut found: Vec<(std::time::SystemTime, PathBuf)> = Vec::new();
    let encoded: String =
        root.to_string_lossy().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    for path in files(&home.join(".claude/projects").join(encoded), 1) {
        push(&mut found, path);
    }
    for path in files(&codex.join("sessions"), 4) {
        let is_rollout = path.file_name().is_some_and(|n| n.to_string_lossy().starts_with("rollout-"));
        if is_rollout && codex_cwd(&path).is_some_and(|cwd| Path::new(&cwd) == root) {
            push(&mut found, path);
        }
    }
    found.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    found.into_iter().take(max).map(|(_, p)| p).collect()
}

fn push(found: &mut Vec<(std::time::SystemTime, PathBuf)>, path: PathBuf) {
    let modified = std::fs::metadata(&path).and_then(|m| m.modified()).unwrap_or(std::time::UNIX_EPOCH);
    found.push((modified, path));
}

/// The `.jsonl` files under `dir`, down to `depth` folders.
fn files(dir: &Path, depth: usize) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        match entry.file_type() {
            Ok(t) if t.is_dir() && depth > 1 => out.extend(files(&path, depth - 1)),
            Ok(t) if t.is_file() && path.extension().is_some_and(|e| e == "jsonl") => out.push(path),
            _ => {}
        }
    }
    out
}

/// The working folder a Codex rollout's first record names.
fn codex_cwd(path: &Path) -> Option<String> {
    let mut first = String::new();
    BufReader::new(std::fs::File::open(path).ok()?).take(1 << 20).read_line(&mut first).ok()?;
    let record: serde_json::Value = serde_json::from_str(&first).ok()?;
    record.get("payload")?.get("cwd")?.as_str().map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claude_and_codex_transcripts_of_the_project_are_found_newest_first() {
        let home = tempfile::tempdir().unwrap();
        let root = Path::new("/work/my.project");
        let claude = home.path().join(".claude/projects/-work-my-project");
        std::fs::create_dir_all(&claude).unwrap();
        std::fs::write(claude.join("a.jsonl"), "{}\n").unwrap();
        let day = home.path().join(".codex/sessions/2026/11/25");
        std::fs::create_dir_all(&day).unwrap();
        let meta = |cwd: &str| format!("{{\"type\":\"session_meta\",\"payload\":{{\"cwd\":\"{cwd}\"}}}}\n");
        std::fs::write(day.join("rollout-1.jsonl"), meta("/work/my.project")).unwrap();
        std::fs::write(day.join("rollout-2.jsonl"), meta("/elsewhere")).unwrap();
        let codex = home.path().join(".codex");
        let found = find(home.path(), &codex, root, 10);
        let names: Vec<String> = found.iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
        assert_eq!(names.len(), 2, "{names:?}");
        assert!(names.contains(&"a.jsonl".to_string()) && names.contains(&"rollout-1.jsonl".to_string()));
        assert_eq!(find(home.path(), &codex, root, 1).len(), 1);
        assert!(find(home.path(), &codex, Path::new("/nowhere"), 10).is_empty());
    }
}
