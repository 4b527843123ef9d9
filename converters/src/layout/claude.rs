//! Claude Code: `.claude/skills|commands|agents/`, hooks and permissions in
//! `.claude/settings.json`, MCP servers in `.mcp.json`, instructions in
//! CLAUDE.md. A plugin keeps the same components at its own root.

use crate::layout::hooks::PASCAL_CASE;
use crate::layout::{CommandFormat, DESCRIPTION, HookDialect, MODEL, McpSpelling};
use crate::runtime::Runtime;

pub(crate) const SKILLS: &str = ".claude/skills";
pub(crate) const AGENTS: &str = ".claude/agents";
pub(crate) const SETTINGS: &str = ".claude/settings.json";
pub(crate) const INSTRUCTIONS: &str = "CLAUDE.md";

pub(crate) const COMMANDS: CommandFormat = CommandFormat {
    runtime: Runtime::ClaudeCode,
    dir: ".claude/commands",
    description: Ok(DESCRIPTION),
    argument_hint: Ok("argument-hint"),
    model: Ok(MODEL),
    agent: Err("Claude Code commands cannot choose an agent"),
    subtask: Err("Claude Code commands always run inline"),
};

pub(crate) const HOOKS: HookDialect =
    HookDialect { runtime: Runtime::ClaudeCode, file: SETTINGS, events: &PASCAL_CASE, tools: &[], grouped: true };

pub(crate) const MCP: McpSpelling =
    McpSpelling { file: ".mcp.json", table: "mcpServers", http_type: true, headers_key: "headers" };

/// An agent's tool allowlist: one string, `Read, Grep`.
pub(crate) const AGENT_TOOLS: &str = "tools";
/// The settings key of the allow / ask / deny lists.
pub(crate) const PERMISSIONS: &str = "permissions";

/// A plugin: `.claude-plugin/plugin.json`, and the components at the plugin's
/// root, each folder overridable (supplemented) by a path in the manifest.
pub(crate) mod plugin {
    use crate::layout::CommandFormat;

    pub(crate) const MANIFEST: &str = ".claude-plugin/plugin.json";
    /// A marketplace listing plugins; ours lists the one plugin beside it.
    pub(crate) const MARKETPLACE: &str = ".claude-plugin/marketplace.json";
    /// A marketplace entry's `source` when the plugin is the marketplace's own root.
    pub(crate) const SOURCE_HERE: &str = "./";
    /// (manifest key, default folder) of the markdown components.
    pub(crate) const SKILLS: (&str, &str) = ("skills", "skills");
    pub(crate) const COMMANDS: (&str, &str) = ("commands", "commands");
    pub(crate) const AGENTS: (&str, &str) = ("agents", "agents");
    /// (manifest key, default file) of hooks (`{"hooks": ...}`) and servers.
    pub(crate) const HOOKS: (&str, &str) = ("hooks", "hooks/hooks.json");
    pub(crate) const MCP: (&str, &str) = ("mcpServers", ".mcp.json");
    /// Command files: the project's format, in the plugin's `commands/`.
    pub(crate) const COMMAND_FORMAT: CommandFormat = CommandFormat { dir: COMMANDS.1, ..super::COMMANDS };
}
