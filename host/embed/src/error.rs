//! The one error type of this crate: which file of the model folder, what is
//! wrong with it, and how to get a good one.

use std::path::{Path, PathBuf};

/// What to do when the model folder is missing or incomplete.
const FETCH: &str = "fetch the model with scripts/fetch-model.sh, or point [ledger] model at a folder \
                     holding model.safetensors and vocab.txt";

/// Why a model folder cannot be opened.
#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    /// A file is missing or cannot be read or mapped.
    #[error("{}: cannot read: {source}\n  hint: {FETCH}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    /// A file is damaged or incomplete: truncated, or not the format its name says.
    #[error("{}: {message}\n  hint: the file is damaged or incomplete; {FETCH}", path.display())]
    Malformed { path: PathBuf, message: String },
    /// A well-formed file of another model, or of another precision.
    #[error(
        "{}: {message}\n  hint: this build runs all-MiniLM-L6-v2 with fp32 weights; {FETCH}",
        path.display()
    )]
    Unsupported { path: PathBuf, message: String },
}

impl EmbedError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        EmbedError::Io { path: path.to_path_buf(), source }
    }

    pub(crate) fn malformed(path: &Path, message: impl Into<String>) -> Self {
        EmbedError::Malformed { path: path.to_path_buf(), message: message.into() }
    }

    pub(crate) fn unsupported(path: &Path, message: impl Into<String>) -> Self {
        EmbedError::Unsupported { path: path.to_path_buf(), message: message.into() }
    }
}
