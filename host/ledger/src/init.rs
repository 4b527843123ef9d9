//! `init`: lay out `.agents/` in a project, idempotently.
//!
//! Creates what is missing and never rewrites what exists: an existing
//! `agentops.toml` is the user's; `.gitignore` and `.gitattributes` only get
//! the lines they lack, appended. A second run changes nothing and says so.

use std::path::{Path, PathBuf};

use crate::atomic::write_atomic;
use crate::error::LedgerError;
use crate::item::Kind;

/// The ledger's folder in a project.
pub const LEDGER_DIR: &str = ".agents";
/// The config file inside the ledger folder.
pub const CONFIG_FILE: &str = "agentops.toml";

/// The commented config `init` writes; its values equal the defaults in code.
pub(crate) const CONFIG_TEMPLATE: &str = include_str!("agentops.toml.in");

/// Folders besides the kind folders: event logs and the git-ignored cache.
const OTHER_FOLDERS: [&str; 2] = ["log", "cache"];

/// `.agents/.gitignore`: the cache is derived and per machine.
const GITIGNORE_LINES: [&str; 1] = ["cache/"];

/// The project's `.gitattributes`: JSONL logs merge by keeping both sides.
const GITATTRIBUTES_LINES: [&str; 1] = [".agents/log/*.jsonl merge=union"];

/// What `init` did to one path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InitAction {
    Created,
    /// Existed and lacked lines, which were appended.
    Updated,
    /// Existed as needed.
    Unchanged,
}

/// Each path `init` looked after (relative to the project root), in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InitReport {
    pub entries: Vec<(PathBuf, InitAction)>,
}

impl InitReport {
    /// Whether the run changed nothing.
    pub fn unchanged(&self) -> bool {
        self.entries.iter().all(|(_, action)| *action == InitAction::Unchanged)
    }
}

/// Creates or completes the ledger layout under `project_root`.
pub fn init(project_root: &Path) -> Result<InitReport, LedgerError> {
    let mut report = InitReport::default();
    let ledger = Path::new(LEDGER_DIR);
    let mut record = |rel: PathBuf, action| report.entries.push((rel, action));

    record(ledger.to_path_buf(), ensure_dir(&project_root.join(ledger))?);
    let folders = Kind::ALL.iter().map(|k| k.folder()).chain(OTHER_FOLDERS);
    for folder in folders {
        let rel = ledger.join(folder);
        record(rel.clone(), ensure_dir(&project_root.join(rel))?);
    }
    let config = ledger.join(CONFIG_FILE);
    record(config.clone(), ensure_file(&project_root.join(config), CONFIG_TEMPLATE)?);
    let gitignore = ledger.join(".gitignore");
    record(gitignore.clone(), ensure_lines(&project_root.join(gitignore), &GITIGNORE_LINES)?);
    let gitattributes = PathBuf::from(".gitattributes");
    record(gitattributes.clone(), ensure_lines(&project_root.join(gitattributes), &GITATTRIBUTES_LINES)?);
    Ok(report)
}

fn ensure_dir(path: &Path) -> Result<InitAction, LedgerError> {
    if path.is_dir() {
        return Ok(InitAction::Unchanged);
    }
    std::fs::create_dir_all(path).map_err(|e| LedgerError::io(path, e))?;
    Ok(InitAction::Created)
}

fn ensure_file(path: &Path, content: &str) -> Result<InitAction, LedgerError> {
    if path.exists() {
        return Ok(InitAction::Unchanged);
    }
    write_atomic(path, content.as_bytes())?;
    Ok(InitAction::Created)
}

/// Appends the `lines` the file lacks (compared trimmed), keeping its content.
fn ensure_lines(path: &Path, lines: &[&str]) -> Result<InitAction, LedgerError> {
    let existing = match std::fs::read_to_string(path) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(LedgerError::io(path, e)),
    };
    let text = existing.as_deref().unwrap_or_default();
    let missing: Vec<&str> = lines.iter().copied().filter(|l| !text.lines().any(|have| have.trim() == *l)).collect();
    if missing.is_empty() {
        return Ok(InitAction::Unchanged);
    }
    let mut new = text.to_string();
    if !new.is_empty() && !new.ends_with('\n') {
        new.push('\n');
    }
    for line in missing {
        new.push_str(line);
        new.push('\n');
    }
    write_atomic(path, new.as_bytes())?;
    Ok(if existing.is_some() { InitAction::Updated } else { InitAction::Created })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::LedgerConfig;

    #[test]
    fn the_template_states_the_defaults() {
        let config = LedgerConfig::parse(Path::new(CONFIG_FILE), CONFIG_TEMPLATE).unwrap();
        assert_eq!(config, LedgerConfig::default());
    }

    #[test]
    fn appends_only_missing_lines() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".gitattributes");
        std::fs::write(&path, "*.png binary").unwrap();
        assert_eq!(ensure_lines(&path, &["a", "b"]).unwrap(), InitAction::Updated);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "*.png binary\na\nb\n");
        assert_eq!(ensure_lines(&path, &["a", "b"]).unwrap(), InitAction::Unchanged);
    }
}
