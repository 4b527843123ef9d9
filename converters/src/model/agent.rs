//! An agent (subagent): instructions with its own model, tools and permissions.

use crate::model::extra::Extras;
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
    /// Unknown keys of the agent file, per runtime they were read from.
    pub extra: Extras,
}

/// How an agent can be used (OpenCode `mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgentMode {
    Primary,
    Subagent,
    All,
}

impl AgentMode {
    pub const ALL: [AgentMode; 3] = [AgentMode::Primary, AgentMode::Subagent, AgentMode::All];

    pub fn as_str(self) -> &'static str {
        match self {
            AgentMode::Primary => "primary",
            AgentMode::Subagent => "subagent",
            AgentMode::All => "all",
        }
    }

    /// The mode spelled `name` (as [`AgentMode::as_str`] spells it).
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == name)
    }
}
