//! The one error type of this crate: where, what, and how to fix it.

use std::fmt;
use std::path::{Path, PathBuf};

/// A problem in a file a user wrote, located as precisely as the parser allows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ManifestError {
    pub path: PathBuf,
    /// 1-based line, when known.
    pub line: Option<usize>,
    pub message: String,
    /// What to do about it.
    pub hint: String,
}

impl ManifestError {
    pub fn new(path: &Path, line: Option<usize>, message: impl Into<String>, hint: impl Into<String>) -> Self {
        ManifestError { path: path.to_path_buf(), line, message: message.into(), hint: hint.into() }
    }
}

impl fmt::Display for ManifestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path.display(), line, self.message)?,
            None => write!(f, "{}: {}", self.path.display(), self.message)?,
        }
        if !self.hint.is_empty() {
            write!(f, "\n  hint: {}", self.hint)?;
        }
        Ok(())
    }
}
