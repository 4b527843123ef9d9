//! Reading the TOML files users write, with errors located by line.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::error::ManifestError;
use crate::lines::line_of_offset;

/// The file's text, or `None` when it does not exist.
pub fn read_optional(path: &Path) -> Result<Option<String>, ManifestError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(ManifestError::new(path, None, format!("cannot read: {e}"), "check the file's permissions")),
    }
}

/// Deserializes TOML text; an error names the line and points to `reference`.
pub fn parse<T: DeserializeOwned>(path: &Path, text: &str, reference: &str) -> Result<T, ManifestError> {
    toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_of_offset(text.as_bytes(), s.start));
        ManifestError::new(path, line, e.message().trim().to_string(), format!("see {reference} in docs/skills.md"))
    })
}
