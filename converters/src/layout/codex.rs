//! Codex CLI: skills in `.agents/skills/`, agents as `.codex/agents/*.toml`,
//! hooks in `.codex/hooks.json` (Claude Code's shape, no SessionEnd), MCP
//! servers as `[mcp_servers.NAME]` tables of `.codex/config.toml`,
//! instructions in AGENTS.md. No command files: commands become skills.

use crate::layout::hooks::PASCAL_CASE;
use crate::layout::{HookDialect, McpSpelling};
use crate::model::HookEvent;
use crate::runtime::Runtime;

pub(crate) const SKILLS: &str = ".agents/skills";
pub(crate) const AGENTS: &str = ".codex/agents";

/// An agent's system prompt in its TOML file.
pub(crate) const DEVELOPER_INSTRUCTIONS: &str = "developer_instructions";

const EVENTS: [(HookEvent, &str); 6] =
    [PASCAL_CASE[0], PASCAL_CASE[1], PASCAL_CASE[2], PASCAL_CASE[3], PASCAL_CASE[4], PASCAL_CASE[5]];

pub(crate) const HOOKS: HookDialect =
    HookDialect { runtime: Runtime::Codex, file: ".codex/hooks.json", events: &EVENTS, tools: &[], grouped: true };

pub(crate) const MCP: McpSpelling =
    McpSpelling { file: ".codex/config.toml", table: "mcp_servers", http_type: false, headers_key: "http_headers" };
