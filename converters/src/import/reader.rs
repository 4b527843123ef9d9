//! What every importer reads with: files under the project root (missing ones
//! are simply absent), and the list of what it found but the model does not
//! carry.

use std::fs;
use std::path::{Path, PathBuf};

use crate::config_file::ConfigFile;
use crate::error::FileError;
use crate::import::Skipped;
use crate::runtime::Runtime;
use crate::skill_folder::entries;

pub(crate) struct Reader<'a> {
    pub root: &'a Path,
    pub runtime: Runtime,
    pub skipped: Vec<Skipped>,
}

impl Reader<'_> {
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// The text of `rel`, or `None` when it does not exist.
    pub fn text(&self, rel: &str) -> Result<Option<String>, FileError> {
        read_text(&self.path(rel))
    }

    pub fn json(&self, rel: &str) -> Result<Option<ConfigFile>, FileError> {
        self.text(rel)?.map(|text| ConfigFile::json(&self.path(rel), &text)).transpose()
    }

    pub fn toml(&self, rel: &str) -> Result<Option<ConfigFile>, FileError> {
        self.text(rel)?.map(|text| ConfigFile::toml(&self.path(rel), &text)).transpose()
    }

    /// The files directly in folder `rel` whose name ends in `.ext`, sorted,
    /// as project-relative paths; `rel` itself when it is such a file.
    pub fn files(&self, rel: &str, ext: &str) -> Result<Vec<String>, FileError> {
        if self.path(rel).is_file() {
            return Ok(rel.ends_with(&format!(".{ext}")).then(|| rel.to_string()).into_iter().collect());
        }
        let found = entries(&self.path(rel))?;
        let with_ext = found.iter().filter(|p| p.is_file() && p.extension().is_some_and(|e| e == ext));
        Ok(with_ext.filter_map(|p| p.file_name()?.to_str().map(|n| format!("{rel}/{n}"))).collect())
    }

    /// Records something the model does not carry.
    pub fn skip(&mut self, rel: &str, line: Option<usize>, what: impl Into<String>, why: impl Into<String>) {
        self.skipped.push(Skipped { path: rel.to_string(), line, what: what.into(), why: why.into() });
    }

    /// `path` relative to the root, for [`Reader::skip`].
    pub fn rel(&self, path: &Path) -> String {
        path.strip_prefix(self.root).unwrap_or(path).to_string_lossy().into_owned()
    }
}

pub(crate) fn read_text(path: &Path) -> Result<Option<String>, FileError> {
    match fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(FileError::new(path, None, format!("cannot read: {e}"))),
    }
}

/// The file stem of a project-relative path (`a/b/review.md` → `review`).
pub(crate) fn stem(rel: &str) -> &str {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}
