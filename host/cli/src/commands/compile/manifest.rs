//! The ownership manifest, `.agents/compiled.json`: for every output of the
//! last compile, the BLAKE3 hash of the bytes written, whether the file is
//! wholly ours or a user's file we manage part of, and which keys are ours.
//! It is what tells a hand edit from our own output (of a whole file, or of a
//! key of a shared one, by the hash of its value), and what lets a later
//! compile remove outputs (or managed keys) no longer produced. Sorted keys and
//! no timestamps, so it is as deterministic as the outputs and can be committed.

use std::collections::BTreeMap;
use std::path::Path;

use agentops_converters::merge::{HookSlots, JsonManaged, Managed, OwnedKey, TomlManaged};
use agentops_converters::{OutputFile, Ownership};
use serde::{Deserialize, Serialize};

use crate::error::{CliError, Result};

/// Where the manifest lives, relative to the project root.
pub const PATH: &str = ".agents/compiled.json";
/// The manifest of the plugin form (`--plugin`), relative to the project
/// root; its paths are relative to the plugin folder.
pub const PLUGIN_PATH: &str = ".agents/compiled-plugin.json";

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub files: BTreeMap<String, Entry>,
}

/// One output. Fields are declared in alphabetical order, so the JSON is sorted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// BLAKE3 of the file as written, in hex.
    pub hash: String,
    /// For a JSON file holding our hook handlers: how to recognise them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hooks: Option<Hooks>,
    /// For JSON and TOML files: the keys that are ours, with the hash of the
    /// value we wrote.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keys: Vec<OwnedKey>,
    /// `owned`, or the kind of the shared file: `markdown`, `json`, `toml`.
    pub ownership: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hooks {
    pub grouped: bool,
    pub prefix: String,
}

pub const OWNED: &str = "owned";

impl Entry {
    /// The entry for `file` written as `bytes`, holding `keys` as ours.
    pub fn new(file: &OutputFile, bytes: &[u8], keys: Vec<OwnedKey>) -> Self {
        let hash = hash(bytes);
        match &file.ownership {
            Ownership::Owned => Entry { hash, hooks: None, keys, ownership: OWNED.into() },
            Ownership::Shared(m) => {
                let hooks = match m {
                    Managed::Json(JsonManaged { hooks: Some(h), .. }) => {
                        Some(Hooks { grouped: h.grouped, prefix: h.prefix.clone() })
                    }
                    _ => None,
                };
                Entry { hash, hooks, keys, ownership: m.kind().into() }
            }
        }
    }

    /// What removes our part of this shared file once it is no longer
    /// produced (with [`Entry::keys`] passed as recorded); `None` when owned.
    pub fn removal(&self) -> Option<Managed> {
        match self.ownership.as_str() {
            "markdown" => Some(Managed::Markdown(String::new())),
            "toml" => Some(Managed::Toml(TomlManaged::default())),
            "json" => {
                let hooks = self.hooks.as_ref().map(|h| HookSlots {
                    prefix: h.prefix.clone(),
                    grouped: h.grouped,
                    ..Default::default()
                });
                Some(Managed::Json(JsonManaged { hooks, ..Default::default() }))
            }
            _ => None,
        }
    }
}

pub fn hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

impl Manifest {
    /// The manifest at `path`; empty when there is none yet.
    pub fn load(path: &Path) -> Result<Self> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Manifest::default()),
            Err(e) => return Err(CliError::usage(format!("{}: cannot read: {e}", path.display()))),
        };
        serde_json::from_str(&text).map_err(|e| {
            CliError::usage(format!("{}:{}: not a compile manifest: {e}", path.display(), e.line()))
                .hint("it is generated: delete it and compile again (hand edits are then reported as such)")
        })
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut text = serde_json::to_string_pretty(self).expect("the manifest always serializes");
        text.push('\n');
        text.into_bytes()
    }
}
