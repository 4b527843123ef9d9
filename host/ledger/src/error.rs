//! The errors of this crate: where, what, and how to fix it.
//!
//! [`FileError`] is a problem in a file a person or an agent wrote (an item, the
//! config), located by path and line with a hint. [`LedgerError`] wraps it with
//! the failures of whole operations (an unknown id, a refused capture, I/O).

use std::path::{Path, PathBuf};

use crate::item::Scores;

/// A problem in one file, located as precisely as the parser allows: the
/// same type (and message format) as every other parser of the project's files.
pub use agentops_manifest::ManifestError as FileError;

/// Why a ledger operation failed.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    /// A file the ledger reads is malformed.
    #[error(transparent)]
    File(#[from] FileError),
    /// The operating system refused a read or a write.
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    /// The project has no `.agents/` folder.
    #[error("{}: no ledger here\n  hint: run `agentops init` in the project root", path.display())]
    NoLedger { path: PathBuf },
    /// No item has this id or id prefix.
    #[error("no item with id `{id}`\n  hint: `agentops learn list` shows the ids")]
    NotFound { id: String },
    /// An id prefix matches several items.
    #[error("`{prefix}` matches several items: {}\n  hint: give more characters of the id", candidates.join(", "))]
    Ambiguous { prefix: String, candidates: Vec<String> },
    /// An item with the same id (same day, same content) is already recorded.
    #[error("{}: already recorded as `{id}`\n  hint: edit or supersede the existing item instead", path.display())]
    Exists { id: String, path: PathBuf },
    /// The draft scored in the discard tier and was not forced.
    #[error(
        "quality {quality:.2} is below the bronze threshold {bronze:.2}; not recorded\n  \
         hint: name the files, commands and errors involved and say why, or force the capture"
    )]
    Discarded { quality: f64, bronze: f64, scores: Scores },
    /// The operation makes no sense for the items' current state.
    #[error("{message}\n  hint: {hint}")]
    Conflict { message: String, hint: String },
    /// The encoder that ranks by meaning could not be opened (the message
    /// names the file and what to do).
    #[error("{0}")]
    Encoder(String),
    /// git reported an error while reading provenance.
    #[error("cannot read git provenance: {0}")]
    Git(#[from] git2::Error),
}

impl LedgerError {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        LedgerError::Io { path: path.to_path_buf(), source }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_errors_name_file_line_and_hint() {
        let e = FileError::new(Path::new("a/b.md"), Some(3), "bad", "fix it");
        assert_eq!(e.to_string(), "a/b.md:3: bad\n  hint: fix it");
        let e = FileError::new(Path::new("a/b.md"), None, "bad", "");
        assert_eq!(e.to_string(), "a/b.md: bad");
    }
}
