//! Where each runtime keeps what, and how it spells it: paths, frontmatter and
//! JSON/TOML keys, hook event and tool names. One module per runtime, read by
//! both its emitter and its importer, so the two directions cannot disagree
//! on a spelling.

pub(crate) mod claude;
pub(crate) mod codex;
mod commands;
pub(crate) mod cursor;
pub(crate) mod hooks;
pub(crate) mod mcp;
pub(crate) mod opencode;

pub(crate) use commands::{CommandFormat, Field};
pub(crate) use hooks::HookDialect;
pub(crate) use mcp::McpSpelling;

use crate::runtime::Runtime;

/// Keys every runtime spells the same way.
pub(crate) const NAME: &str = "name";
pub(crate) const DESCRIPTION: &str = "description";
pub(crate) const MODEL: &str = "model";

/// The instructions file Codex, Cursor and OpenCode all load.
pub(crate) const AGENTS_MD: &str = "AGENTS.md";

impl Runtime {
    /// The markdown files this runtime loads by itself in every session: where
    /// instructions written by hand live, and where a managed section of rules
    /// goes (none for Cursor, whose rules are `.mdc` files).
    pub fn instruction_files(self) -> &'static [&'static str] {
        match self {
            Runtime::ClaudeCode => &[claude::INSTRUCTIONS],
            Runtime::Codex | Runtime::Cursor | Runtime::OpenCode => &[AGENTS_MD],
        }
    }

    /// Where this runtime reads skill folders from.
    pub fn skills_dir(self) -> &'static str {
        match self {
            Runtime::ClaudeCode => claude::SKILLS,
            Runtime::Codex => codex::SKILLS,
            Runtime::Cursor => cursor::SKILLS,
            Runtime::OpenCode => opencode::SKILLS,
        }
    }
}
