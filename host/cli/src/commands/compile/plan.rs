//! What a compile would do, decided before anything is written: each output
//! compared with the disk and the previous manifest, giving one [`Action`] per
//! path and the manifest to record afterwards. `--check` and `--dry-run` stop
//! here; a real compile hands the plan to [`super::apply`].

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use agentops_converters::merge::{KeyPath, Merged};
use agentops_converters::{OutputFile, Ownership, RelativePath};

use super::manifest::{Entry, Manifest, OWNED, hash};
use crate::error::{CliError, Result};

/// What happens to one path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Unchanged,
    Write,
    Remove,
    /// An owned output changed since we wrote it: left alone unless `--force`.
    HandEdited,
}

#[derive(Debug)]
pub struct Action {
    pub path: String,
    pub state: State,
    /// The file on disk now, if any.
    pub old: Option<Vec<u8>>,
    /// What the file should hold; `None` when it should not exist.
    pub new: Option<Vec<u8>>,
    pub executable: bool,
    /// Keys of a shared file that we manage but the user holds with a value
    /// of their own: left alone in `new` unless `--force`.
    pub kept: Vec<KeyPath>,
}

impl Action {
    /// Whether the disk differs from what this compile wants (what `--check` reports).
    pub fn is_change(&self) -> bool {
        self.state != State::Unchanged || !self.kept.is_empty()
    }

    /// What of this path is left alone as the user's: the whole output
    /// (`PATH`), or keys of a shared file (`PATH \`KEY\``).
    pub fn hand_edited(&self) -> Vec<String> {
        if self.state == State::HandEdited {
            return vec![self.path.clone()];
        }
        self.kept.iter().map(|key| format!("{} `{}`", self.path, key.join("."))).collect()
    }
}

#[derive(Debug)]
pub struct Plan {
    pub actions: Vec<Action>,
    /// The manifest once the plan is applied (hand-edited outputs keep their old entry).
    pub manifest: Manifest,
}

impl Plan {
    /// Everything left alone as the user's (see [`Action::hand_edited`]).
    pub fn hand_edited(&self) -> Vec<String> {
        self.actions.iter().flat_map(Action::hand_edited).collect()
    }
}

/// Plans writing `outputs` under `root`, given the `previous` manifest.
pub fn plan(
    root: &Path,
    outputs: &BTreeMap<RelativePath, OutputFile>,
    previous: &Manifest,
    force: bool,
) -> Result<Plan> {
    let mut actions = Vec::new();
    let mut manifest = Manifest::default();
    for (path, file) in outputs {
        let path = path.as_str();
        let disk = read(root, path)?;
        let prev = previous.files.get(path);
        let (new, keys, kept) = match &file.ownership {
            Ownership::Owned => (file.bytes.clone(), Vec::new(), Vec::new()),
            Ownership::Shared(managed) => {
                let text = disk.as_deref().map(|d| utf8(path, d)).transpose()?;
                let recorded = prev.map(|e| e.keys.as_slice()).unwrap_or_default();
                let Merged { text, owned, kept } = managed
                    .apply(Path::new(path), text, recorded, force)
                    .map_err(|e| CliError::usage(e.to_string()))?;
                (text.into_bytes(), owned, kept)
            }
        };
        let owned = matches!(file.ownership, Ownership::Owned);
        let same = disk.as_deref() == Some(new.as_slice()) && (!owned || is_executable(root, path) == file.executable);
        let state = match &disk {
            _ if same => State::Unchanged,
            Some(d) if owned && !force && prev.is_none_or(|e| e.hash != hash(d)) => State::HandEdited,
            _ => State::Write,
        };
        let entry = match (state, prev) {
            (State::HandEdited, Some(prev)) => prev.clone(),
            _ => Entry::new(file, &new, keys),
        };
        if state != State::HandEdited || prev.is_some() {
            manifest.files.insert(path.to_string(), entry);
        }
        let executable = file.executable;
        actions.push(Action { path: path.to_string(), state, old: disk, new: Some(new), executable, kept });
    }
    let produced: BTreeSet<&str> = outputs.keys().map(RelativePath::as_str).collect();
    for (path, entry) in previous.files.iter().filter(|(p, _)| !produced.contains(p.as_str())) {
        if let Some(action) = removal(root, path, entry, force)? {
            if action.state == State::HandEdited {
                manifest.files.insert(path.clone(), entry.clone());
            }
            actions.push(action);
        }
    }
    actions.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Plan { actions, manifest })
}

/// Undoing an output no longer produced: an owned file is deleted (unless
/// edited by hand), a shared file loses our part (and is deleted when nothing
/// else is left). `None` when there is nothing on disk to undo.
fn removal(root: &Path, path: &str, entry: &Entry, force: bool) -> Result<Option<Action>> {
    let Some(disk) = read(root, path)? else { return Ok(None) };
    let action = |state, new| Action {
        path: path.to_string(),
        state,
        old: Some(disk.clone()),
        new,
        executable: false,
        kept: Vec::new(),
    };
    if entry.ownership == OWNED {
        let state = if force || hash(&disk) == entry.hash { State::Remove } else { State::HandEdited };
        return Ok(Some(action(state, None)));
    }
    let Some(managed) = entry.removal() else {
        return Err(CliError::usage(format!(
            "{}: `{path}` has unknown ownership `{}`",
            super::manifest::PATH,
            entry.ownership
        )));
    };
    let text = utf8(path, &disk)?;
    let rest = managed
        .apply(Path::new(path), Some(text), &entry.keys, force)
        .map_err(|e| CliError::usage(e.to_string()))?
        .text;
    Ok(Some(match rest.trim().is_empty() {
        true => action(State::Remove, None),
        false if rest.as_bytes() == disk.as_slice() => action(State::Unchanged, Some(disk.clone())),
        false => action(State::Write, Some(rest.into_bytes())),
    }))
}

fn read(root: &Path, path: &str) -> Result<Option<Vec<u8>>> {
    match std::fs::read(root.join(path)) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(CliError::usage(format!("{path}: cannot read: {e}"))),
    }
}

fn utf8<'a>(path: &str, bytes: &'a [u8]) -> Result<&'a str> {
    std::str::from_utf8(bytes).map_err(|_| CliError::usage(format!("{path}: not UTF-8 text; agentops merges into it")))
}

#[cfg(unix)]
fn is_executable(root: &Path, path: &str) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(root.join(path)).is_ok_and(|m| m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(_: &Path, _: &str) -> bool {
    false
}
