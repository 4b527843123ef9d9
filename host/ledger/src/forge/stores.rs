//! Where agent runtimes keep a project's transcripts on this machine: Claude
//! Code's session files under `~/.claude/projects/<the project path with
//! every character that is not a letter or digit as '-'>/`, and Codex
//! rollouts under `$CODEX_HOME/sessions/` (default `~/.codex`) whose session
//! record names the project as its working folder. (OpenCode's, which the
//! compiled plugin copies under `.agents/cache/opencode/`, are in the project.)
//!
//! `host/forge` finds them here; the `ledger` import of skills forges only
//! these (and files inside the project), so a skill granted the ledger cannot
//! have the host read other projects' sessions.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// The newest transcripts of the project at `root` on this machine, at most
/// `max`, newest first.
pub fn project_transcripts(root: &Path, max: usize) -> Vec<PathBuf> {
    Stores::of_env().map_or_else(Vec::new, |stores| stores.find(root, max))
}

/// Whether `path` is one of the transcripts [`project_transcripts`] finds
/// for `root`, however many there are.
pub fn is_project_transcript(root: &Path, path: &Path) -> bool {
    Stores::of_env().is_some_and(|stores| stores.holds(root, path))
}

/// The runtimes' transcript folders.
struct Stores {
    /// `~/.claude/projects`: one folder per project path.
    claude: PathBuf,
    /// `$CODEX_HOME/sessions`: rollouts by day, of every project.
    codex: PathBuf,
}

impl Stores {
    fn of_env() -> Option<Stores> {
        let home = std::env::var_os("HOME").map(PathBuf::from)?;
        let codex = std::env::var_os("CODEX_HOME").map_or_else(|| home.join(".codex"), PathBuf::from);
        Some(Stores::new(&home, &codex))
    }

    fn new(home: &Path, codex: &Path) -> Stores {
        Stores { claude: home.join(".claude/projects"), codex: codex.join("sessions") }
    }

    /// Claude Code's folder for the project at `root`.
    fn claude_folder(&self, root: &Path) -> PathBuf {
        let encoded: String =
            root.to_string_lossy().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
        self.claude.join(encoded)
    }

    fn find(&self, root: &Path, max: usize) -> Vec<PathBuf> {
        let mut found: Vec<(std::time::SystemTime, PathBuf)> = Vec::new();
        let claude = files(&self.claude_folder(root), 1);
        let codex = files(&self.codex, 4).into_iter().filter(|path| is_rollout_of(path, root));
        for path in claude.into_iter().chain(codex) {
            let modified = std::fs::metadata(&path).and_then(|m| m.modified()).unwrap_or(std::time::UNIX_EPOCH);
            found.push((modified, path));
        }
        found.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        found.into_iter().take(max).map(|(_, p)| p).collect()
    }

    /// Compares resolved paths, so neither a symlink nor `..` can pass a
    /// file off as being in a store.
    fn holds(&self, root: &Path, path: &Path) -> bool {
        let Ok(path) = path.canonicalize() else { return false };
        if !path.is_file() || path.extension().is_none_or(|e| e != "jsonl") {
            return false;
        }
        let resolved = |dir: PathBuf| dir.canonicalize().ok();
        let in_claude = resolved(self.claude_folder(root)).is_some_and(|dir| path.parent() == Some(dir.as_path()));
        in_claude || resolved(self.codex.clone()).is_some_and(|dir| path.starts_with(dir) && is_rollout_of(&path, root))
    }
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

/// Whether `path` is a Codex rollout whose first record names `root` as the
/// session's working folder.
fn is_rollout_of(path: &Path, root: &Path) -> bool {
    let is_rollout = path.file_name().is_some_and(|n| n.to_string_lossy().starts_with("rollout-"));
    is_rollout && codex_cwd(path).is_some_and(|cwd| Path::new(&cwd) == root)
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
        let stores = Stores::new(home.path(), &home.path().join(".codex"));
        let found = stores.find(root, 10);
        let names: Vec<String> = found.iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
        assert_eq!(names.len(), 2, "{names:?}");
        assert!(names.contains(&"a.jsonl".to_string()) && names.contains(&"rollout-1.jsonl".to_string()));
        assert_eq!(stores.find(root, 1).len(), 1);
        assert!(stores.find(Path::new("/nowhere"), 10).is_empty());

        for path in &found {
            assert!(stores.holds(root, path), "{}", path.display());
        }
        assert!(!stores.holds(root, &day.join("rollout-2.jsonl")), "another project's rollout");
        assert!(!stores.holds(Path::new("/nowhere"), &claude.join("a.jsonl")), "another project's folder");
        assert!(!stores.holds(root, &claude.join("../-work-my-project/missing.jsonl")));
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_into_a_store_does_not_make_a_file_a_transcript() {
        let home = tempfile::tempdir().unwrap();
        let root = Path::new("/work/p");
        let claude = home.path().join(".claude/projects/-work-p");
        std::fs::create_dir_all(&claude).unwrap();
        let secret = home.path().join("secret.jsonl");
        std::fs::write(&secret, "{}\n").unwrap();
        std::os::unix::fs::symlink(&secret, claude.join("link.jsonl")).unwrap();
        let stores = Stores::new(home.path(), &home.path().join(".codex"));
        assert!(!stores.holds(root, &claude.join("link.jsonl")));
    }
}
