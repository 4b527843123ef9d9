//! Finding the project a command works on.

use std::path::{Path, PathBuf};

use crate::error::{CliError, Result};

/// `--project DIR` when given, else the root of the git repository holding the
/// current folder, else the current folder.
pub fn root(explicit: Option<&Path>) -> Result<PathBuf> {
    if let Some(dir) = explicit {
        return dir.canonicalize().map_err(|e| {
            CliError::usage(format!("the project folder {} cannot be opened: {e}", dir.display()))
                .hint("pass an existing folder to --project")
        });
    }
    let cwd =
        std::env::current_dir().map_err(|e| CliError::usage(format!("the current folder cannot be read: {e}")))?;
    Ok(cwd.ancestors().find(|dir| dir.join(".git").exists()).unwrap_or(&cwd).to_path_buf())
}
