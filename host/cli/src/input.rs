//! Reading a text argument that names a file, or `-` for standard input.

use std::io::Read;
use std::path::Path;

use crate::error::{CliError, Result};

/// The text of `path`, or of standard input when `path` is `-`.
pub fn read_text(path: &Path) -> Result<String> {
    let mut text = String::new();
    let read = if path.as_os_str() == "-" {
        std::io::stdin().read_to_string(&mut text).map(|_| ())
    } else {
        std::fs::read_to_string(path).map(|t| text = t)
    };
    read.map_err(|e| {
        CliError::usage(format!("cannot read {}: {e}", path.display()))
            .hint("pass a readable UTF-8 file, or - for standard input")
    })?;
    Ok(text)
}
