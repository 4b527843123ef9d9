//! Writing a converted tree into a folder, shared by `import` and `convert`:
//! every file is decided before any is written (so a malformed shared file
//! stops everything), shared files get our part merged into what the user
//! wrote (a key of theirs under a name we write is kept unless forced), and
//! a file that exists with other content is kept unless forced.
//! Each file is replaced atomically (a temporary file in the same folder,
//! mode set, renamed over the target).

use std::io::Write;
use std::path::Path;

use agentops_converters::{Ownership, Tree};

use crate::error::{CliError, Result};

/// What happens to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    New,
    Changed,
    Unchanged,
    /// Exists with other content and is left alone (no `--force`).
    Kept,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::New => "new",
            State::Changed => "changed",
            State::Unchanged => "unchanged",
            State::Kept => "kept",
        }
    }
}

#[derive(Debug)]
pub struct Planned {
    pub path: String,
    pub state: State,
    bytes: Vec<u8>,
    executable: bool,
    /// In a shared file: the user's keys under names we write, left as they
    /// are (no `--force`), as `path.to.key`.
    pub kept_keys: Vec<String>,
}

/// What writing `tree` under `dir` would do.
pub fn plan(dir: &Path, tree: &Tree, force: bool) -> Result<Vec<Planned>> {
    let mut planned = Vec::new();
    for (path, file) in tree.files() {
        let path = path.as_str();
        let disk = match std::fs::read(dir.join(path)) {
            Ok(bytes) => Some(bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(CliError::usage(format!("{path}: cannot read: {e}"))),
        };
        let (bytes, shared, kept_keys) = match &file.ownership {
            Ownership::Owned => (file.bytes.clone(), false, Vec::new()),
            Ownership::Shared(managed) => {
                let text = disk
                    .as_deref()
                    .map(std::str::from_utf8)
                    .transpose()
                    .map_err(|_| CliError::usage(format!("{path}: not UTF-8 text; agentops merges into it")))?;
                // No ownership manifest here, so no key is known to be ours:
                // a key the file holds with another value is the user's.
                let merged =
                    managed.apply(Path::new(path), text, &[], force).map_err(|e| CliError::usage(e.to_string()))?;
                (merged.text.into_bytes(), true, merged.kept.iter().map(|key| key.join(".")).collect())
            }
        };
        let state = match &disk {
            None => State::New,
            Some(d) if *d == bytes && (shared || is_executable(&dir.join(path)) == file.executable) => State::Unchanged,
            Some(_) if shared || force => State::Changed,
            Some(_) => State::Kept,
        };
        planned.push(Planned { path: path.to_string(), state, bytes, executable: file.executable, kept_keys });
    }
    Ok(planned)
}

/// Writes the new and changed files of `planned` under `dir`.
pub fn write(dir: &Path, planned: &[Planned]) -> Result<()> {
    for p in planned.iter().filter(|p| matches!(p.state, State::New | State::Changed)) {
        let target = dir.join(&p.path);
        let io = |e: std::io::Error| CliError::usage(format!("{}: cannot write: {e}", p.path));
        let parent = target.parent().expect("outputs live inside the folder");
        std::fs::create_dir_all(parent).map_err(io)?;
        let mut temp = tempfile::NamedTempFile::new_in(parent).map_err(io)?;
        temp.write_all(&p.bytes).map_err(io)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = if p.executable { 0o755 } else { 0o644 };
            temp.as_file().set_permissions(std::fs::Permissions::from_mode(mode)).map_err(io)?;
        }
        temp.persist(&target).map_err(|e| io(e.error))?;
    }
    Ok(())
}

/// The user's keys that `planned` leaves alone in shared files, as
/// `path \`key\``.
pub fn kept_keys(planned: &[Planned]) -> Vec<String> {
    planned.iter().flat_map(|p| p.kept_keys.iter().map(move |key| format!("{} `{key}`", p.path))).collect()
}

/// The paths of `planned` in `state`.
pub fn paths(planned: &[Planned], state: State) -> Vec<&str> {
    planned.iter().filter(|p| p.state == state).map(|p| p.path.as_str()).collect()
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(_: &Path) -> bool {
    false
}
