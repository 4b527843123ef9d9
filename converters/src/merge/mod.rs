//! Merging our part into files a user owns (CLAUDE.md, AGENTS.md,
//! settings.json, opencode.json, config.toml). Each function is pure over text:
//! the CLI reads the file, applies, and writes the result, so a malformed user
//! file stops everything before anything is written. What the user wrote stays:
//! byte-for-byte outside a markdown section, key-for-key (in order) in JSON,
//! with formatting and comments in TOML.
//!
//! Managed JSON keys and TOML tables go by name, so a user may already hold
//! one of that name (their own `mcpServers.files`). The ownership manifest
//! records the hash of every value we write ([`OwnedKey`]); a key holding
//! anything else, neither what we write now nor what we wrote last, is the
//! user's and is left alone ([`Merged::kept`]) unless forced.

mod json;
mod markdown;
mod toml;

use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub use json::{HookSlots, JsonManaged};
pub(crate) use markdown::parts as markdown_parts;
pub use markdown::{BEGIN, END};
pub use toml::TomlManaged;
pub(crate) use toml::to_value as toml_value;

use crate::error::FileError;

/// A path of object keys / table names from the document root, e.g.
/// `["mcpServers", "ledger"]` or `["mcp_servers", "ledger"]`.
pub type KeyPath = Vec<String>;

/// A managed key as a compile wrote it, recorded in the ownership manifest:
/// its value's hash is how the next compile tells our value from the user's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "RecordedKey")]
pub struct OwnedKey {
    /// BLAKE3 (hex) of the value as compact JSON (a TOML table as the same
    /// object), so reformatting the file does not change it. `None` for a
    /// key recorded by a release that kept no hashes: whatever it holds
    /// counts as ours, as it did then, until the next compile records one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hash: Option<String>,
    pub path: KeyPath,
}

/// A recorded key as the manifest may hold it: with its value's hash, or as
/// the bare path that manifests written before hashes were kept hold.
#[derive(Deserialize)]
#[serde(untagged)]
enum RecordedKey {
    Hashed { hash: Option<String>, path: KeyPath },
    Bare(KeyPath),
}

impl From<RecordedKey> for OwnedKey {
    fn from(key: RecordedKey) -> OwnedKey {
        match key {
            RecordedKey::Hashed { hash, path } => OwnedKey { hash, path },
            RecordedKey::Bare(path) => OwnedKey { hash: None, path },
        }
    }
}

/// A shared file with our part merged in.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    pub text: String,
    /// The keys `text` holds as ours: record them, and pass them back to the
    /// next [`Managed::apply`].
    pub owned: Vec<OwnedKey>,
    /// Keys we manage that the file holds with a value of the user's, left as
    /// they are: to report, like an output edited by hand.
    pub kept: Vec<KeyPath>,
}

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
    /// `recorded` is what an earlier compile wrote ([`Merged::owned`]): a key
    /// no longer produced is removed if it still holds our value. A key we
    /// produce that the file holds with another value, neither ours now nor
    /// the recorded one, is the user's: kept, unless `force`. (Hook handlers
    /// are recognised by their command instead, markdown by its markers.)
    pub fn apply(
        &self,
        path: &Path,
        existing: Option<&str>,
        recorded: &[OwnedKey],
        force: bool,
    ) -> Result<Merged, FileError> {
        let existing = existing.unwrap_or("");
        match self {
            Managed::Markdown(section) => {
                Ok(Merged { text: markdown::merge(path, existing, section)?, owned: Vec::new(), kept: Vec::new() })
            }
            Managed::Json(managed) => json::merge(path, existing, managed, recorded, force),
            Managed::Toml(managed) => toml::merge(path, existing, managed, recorded, force),
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
        self.apply(Path::new(path), None, &[], false).expect("merging into an empty file cannot fail").text.into_bytes()
    }
}

/// What one merge does with the managed keys, decided against the file as
/// the user left it (`root`, TOML read as the same JSON).
struct KeyPlan<'a> {
    /// Recorded keys no longer produced that still hold our value.
    remove: Vec<&'a KeyPath>,
    /// Keys to write, with their value.
    set: Vec<&'a (KeyPath, Value)>,
    owned: Vec<OwnedKey>,
    kept: Vec<KeyPath>,
}

fn plan_keys<'a>(
    root: &Map<String, Value>,
    keys: &'a [(KeyPath, Value)],
    recorded: &'a [OwnedKey],
    force: bool,
) -> KeyPlan<'a> {
    let written_by_us = |key: &KeyPath, value: &Value| {
        let hash = value_hash(value);
        recorded.iter().any(|r| r.path == *key && r.hash.as_ref().is_none_or(|h| *h == hash))
    };
    let remove = recorded
        .iter()
        .map(|r| &r.path)
        .filter(|key| !keys.iter().any(|(k, _)| k == *key))
        .filter(|key| lookup(root, key).is_some_and(|v| written_by_us(key, v)))
        .collect();
    let mut plan = KeyPlan { remove, set: Vec::new(), owned: Vec::new(), kept: Vec::new() };
    for entry @ (key, value) in keys {
        match lookup(root, key) {
            Some(theirs) if !force && theirs != value && !written_by_us(key, theirs) => plan.kept.push(key.clone()),
            _ => {
                plan.set.push(entry);
                plan.owned.push(OwnedKey { hash: Some(value_hash(value)), path: key.clone() });
            }
        }
    }
    plan
}

/// The hash an [`OwnedKey`] records.
fn value_hash(value: &Value) -> String {
    blake3::hash(value.to_string().as_bytes()).to_hex().to_string()
}

fn lookup<'a>(root: &'a Map<String, Value>, key: &[String]) -> Option<&'a Value> {
    let (first, rest) = key.split_first()?;
    rest.iter().try_fold(root.get(first)?, |v, k| v.get(k))
}
