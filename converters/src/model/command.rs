//! A slash command: a prompt template the user invokes by name.

use crate::model::extra::Extras;

/// One command. Claude Code, Cursor and OpenCode have command files; Codex
/// has none and gets a skill instead.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Command {
    pub name: String,
    pub description: Option<String>,
    /// The prompt, byte for byte (may use `$ARGUMENTS`).
    pub body: String,
    /// Shown after the command name while typing (Claude Code `argument-hint`).
    pub argument_hint: Option<String>,
    pub model: Option<String>,
    /// The agent that runs it (OpenCode `agent`).
    pub agent: Option<String>,
    /// Run as a subagent task (OpenCode `subtask`).
    pub subtask: Option<bool>,
    /// Unknown frontmatter keys, per runtime they were read from.
    pub extra: Extras,
}
