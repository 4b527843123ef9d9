//! Merging our part into files a user owns (CLAUDE.md, AGENTS.md,
//! settings.json, opencode.json, config.toml). Each function is pure over text:
//! the CLI reads the file, applies, and writes the result, so a malformed user
//! file stops everything before anything is written. What the user wrote stays:
//! byte-for-byte outside a markdown section, key-for-key (in order) in JSON,
//! with formatting and comments in TOML.

mod json;
mod markdown;
mod toml;

use std::path::Path;

pub use json::{HookSlots, JsonManaged};
pub(crate) use markdown::parts as markdown_parts;
pub use markdown::{BEGIN, END};
pub use toml::TomlManaged;
pub(crate) use toml::to_value as toml_value;

use crate::error::FileError;

/// A path of object keys / table names from the document root, e.g.
/// `["mcpServers", "ledger"]` or `["mcp_servers", "ledger"]`.
pub type KeyPath = Vec<String>;

/// The part of a shared file that is ours.
#[derive(Debug, Clone, PartialEq)]
pub enum Managed {
    /// The text between `<!-- agentops:begin -->` and `<!-- agentops:end -->`;
    /// empty removes the section.
    Markdown(String),
    Json(JsonManaged),
    Toml(TomlManaged),
}

impl Managed {
    /// Merges into `existing` (the file's text, `None` when it does not exist).
    /// `stale` lists keys recorded as ours by an earlier compile (see
    /// [`Managed::owned_keys`]); those no longer produced are removed.
    pub fn apply(&self, path: &Path, existing: Option<&str>, stale: &[KeyPath]) -> Result<String, FileError> {
        let existing = existing.unwrap_or("");
        match self {
            Managed::Markdown(section) => markdown::merge(path, existing, section),
            Managed::Json(managed) => json::merge(path, existing, managed, stale),
            Managed::Toml(managed) => toml::merge(path, existing, managed, stale),
        }
    }

    /// The keys this merge owns, for the ownership manifest (hook entries are
    /// recognised by their command instead, and markdown by its markers).
    pub fn owned_keys(&self) -> Vec<KeyPath> {
        match self {
            Managed::Markdown(_) => Vec::new(),
            Managed::Json(m) => m.keys.iter().map(|(k, _)| k.clone()).collect(),
            Managed::Toml(m) => m.tables.iter().map(|(k, _)| k.clone()).collect(),
        }
    }

    /// `markdown`, `json` or `toml`.
    pub fn kind(&self) -> &'static str {
        match self {
            Managed::Markdown(_) => "markdown",
            Managed::Json(_) => "json",
            Managed::Toml(_) => "toml",
        }
    }

    /// The file's content when the user has written nothing.
    pub(crate) fn fresh(&self, path: &str) -> Vec<u8> {
        self.apply(Path::new(path), None, &[]).expect("merging into an empty file cannot fail").into_bytes()
    }
}
