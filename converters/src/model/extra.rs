//! Keys a runtime file carried that the model has no field for. They are kept
//! in the order they were read, so an import followed by an emit loses nothing.

use std::collections::BTreeMap;

use crate::runtime::Runtime;

/// Unknown keys, in file order (serde_json's `preserve_order`).
pub type Extra = serde_json::Map<String, serde_json::Value>;

/// Unknown keys of a command, agent or MCP server, by the runtime whose file
/// they were read from. Each runtime's keys are written back to that runtime
/// only: `color` on a Claude Code agent means nothing to Codex, and the
/// compiler never invents fields. An importer adds an entry only when it found
/// keys, so an item without any has an empty map.
pub type Extras = BTreeMap<Runtime, Extra>;
