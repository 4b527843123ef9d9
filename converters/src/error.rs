//! The two ways converting can fail: the model says something no runtime may
//! receive ([`ModelError`]), or a file we read or merge into is malformed
//! ([`FileError`]). Both name what and where, so the CLI can print them as is.

use std::fmt;
use std::path::{Path, PathBuf};

/// A model that must not be emitted: a bad name, a multi-line description, a
/// duplicate. `item` names the thing (`skill \`tdd\``), `field` the part of it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{item}: {field}: {message}")]
pub struct ModelError {
    pub item: String,
    pub field: String,
    pub message: String,
}

impl ModelError {
    pub fn new(item: impl Into<String>, field: impl Into<String>, message: impl Into<String>) -> Self {
        ModelError { item: item.into(), field: field.into(), message: message.into() }
    }
}

/// A runtime file that cannot be read or merged into, located as precisely as
/// its parser allows (`path:line: message`). Nothing is written when one occurs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct FileError {
    pub path: PathBuf,
    /// 1-based line, when known.
    pub line: Option<usize>,
    pub message: String,
}

impl FileError {
    pub fn new(path: &Path, line: Option<usize>, message: impl Into<String>) -> Self {
        FileError { path: path.to_path_buf(), line, message: message.into() }
    }
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path.display(), line, self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

/// The 1-based line holding byte `offset` of `text`.
pub(crate) fn line_of_offset(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())].iter().filter(|b| **b == b'\n').count() + 1
}
