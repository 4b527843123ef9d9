//! An agent (subagent): instructions with its own model, tools and permissions.

use crate::model::extra::Extra;
use crate::model::permissions::Permissions;

/// One agent.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Agent {
    pub name: String,
    pub description: String,
    /// The system prompt: the markdown body, or Codex `developer_instructions`.
    pub instructions: String,
    /// Allowed tools, in Claude Code spelling (`Read`, `Bash`); `None` inherits all.
    pub tools: Option<Vec<String>>,
    pub model: Option<String>,
    pub mode: Option<AgentMode>,
    /// Per-agent permission rules (OpenCode `permission`).
    pub permission: Option<Permissions>,
    /// Unknown frontmatter keys; written back only to Claude Code.
    pub extra: Extra,
}

/// How an agent can be used (OpenCode `mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgentMode {
    Primary,
    Subagent,
    All,
}

impl AgentMode {
    pub fn as_str(self) -> &'static str {
        match self {
            AgentMode::Primary => "primary",
            AgentMode::Subagent => "subagent",
            AgentMode::All => "all",
        }
    }
}
