//! The emitters' output: an in-memory tree of files, relative to the project
//! root, that the CLI compares with the disk, diffs, and writes. Keeping it in
//! memory is what makes `--check` and `--dry-run` cheap and emitters testable.

use std::collections::BTreeMap;
use std::fmt;

use crate::error::ModelError;
use crate::merge::Managed;

/// A `/`-separated path relative to the project root (or a skill folder) that
/// cannot leave it: no leading `/`, no `\`, no empty, `.` or `..` component.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RelativePath(String);

impl RelativePath {
    pub fn new(path: impl Into<String>) -> Result<Self, String> {
        let path = path.into();
        if path.is_empty() || path.starts_with('/') || path.contains('\\') || path.contains(':') {
            return Err(format!("`{path}` is not a relative `/`-separated path"));
        }
        if path.split('/').any(|c| c.is_empty() || c == "." || c == "..") {
            return Err(format!("`{path}` has an empty, `.` or `..` component"));
        }
        Ok(RelativePath(path))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RelativePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Whether a file is wholly ours or a user's file we manage part of.
#[derive(Debug, Clone, PartialEq)]
pub enum Ownership {
    /// The whole file is generated; a hand edit is a conflict.
    Owned,
    /// A user's file: only the described part is ours. [`OutputFile::bytes`] is
    /// what the file holds when the user has written nothing; with an existing
    /// file, apply [`Managed::apply`] to its text.
    Shared(Managed),
}

/// One file to write.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputFile {
    pub bytes: Vec<u8>,
    pub executable: bool,
    pub ownership: Ownership,
}

impl OutputFile {
    pub fn owned(bytes: impl Into<Vec<u8>>) -> Self {
        OutputFile { bytes: bytes.into(), executable: false, ownership: Ownership::Owned }
    }
}

/// Files keyed by path; iteration is sorted, so output is deterministic.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Tree {
    files: BTreeMap<RelativePath, OutputFile>,
}

impl Tree {
    /// Adds a file; two items writing the same path is an error naming the path.
    pub fn insert(&mut self, path: RelativePath, file: OutputFile) -> Result<(), ModelError> {
        if self.files.contains_key(&path) {
            return Err(ModelError::new(format!("output `{path}`"), "path", "two items write this file"));
        }
        self.files.insert(path, file);
        Ok(())
    }

    /// A path known to be valid (a constant, or built from validated names).
    pub(crate) fn path(path: String) -> RelativePath {
        RelativePath::new(path).expect("emitters build paths from validated names")
    }

    pub fn files(&self) -> &BTreeMap<RelativePath, OutputFile> {
        &self.files
    }

    pub fn get(&self, path: &str) -> Option<&OutputFile> {
        self.files.iter().find(|(p, _)| p.as_str() == path).map(|(_, f)| f)
    }

    /// A stable, human-readable rendering: each path with its mode and
    /// ownership, then its content (binary files as a length and BLAKE3 hash).
    /// Used by snapshot tests and `--dry-run` listings.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for (path, file) in &self.files {
            let mode = if file.executable { "755" } else { "644" };
            let owner = match &file.ownership {
                Ownership::Owned => "owned".to_string(),
                Ownership::Shared(m) => format!("shared {}", m.kind()),
            };
            out.push_str(&format!("==> {path} ({mode}, {owner})\n"));
            match std::str::from_utf8(&file.bytes) {
                Ok(text) => {
                    out.push_str(text);
                    if !text.ends_with('\n') {
                        out.push_str("\n<no newline at end>\n");
                    }
                }
                Err(_) => out.push_str(&format!(
                    "<{} binary bytes, blake3 {}>\n",
                    file.bytes.len(),
                    blake3::hash(&file.bytes).to_hex()
                )),
            }
        }
        out
    }
}
