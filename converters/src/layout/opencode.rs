//! OpenCode: skills in `.opencode/skills/`, commands and agents as markdown
//! with OpenCode's own frontmatter, MCP servers and permissions in
//! `opencode.json`, instructions in AGENTS.md, and hooks through a plugin
//! (`.opencode/plugins/agentops.ts`) whose bound events are baked in as JSON.

use crate::layout::{CommandFormat, DESCRIPTION, MODEL};
use crate::runtime::Runtime;

pub(crate) const SKILLS: &str = ".opencode/skills";
pub(crate) const AGENTS: &str = ".opencode/agents";
pub(crate) const CONFIG: &str = "opencode.json";
pub(crate) const PLUGINS: &str = ".opencode/plugins";
pub(crate) const PLUGIN: &str = ".opencode/plugins/agentops.ts";

pub(crate) const COMMANDS: CommandFormat = CommandFormat {
    runtime: Runtime::OpenCode,
    dir: ".opencode/commands",
    description: Ok(DESCRIPTION),
    argument_hint: Err("OpenCode commands take `$ARGUMENTS` with no hint"),
    model: Ok(MODEL),
    agent: Ok("agent"),
    subtask: Ok("subtask"),
};

/// Why OpenCode cannot take `model` as written, if it cannot. It names a
/// model `provider/model` (`anthropic/claude-sonnet-4-5`) and reads a bare
/// name such as Claude Code's `opus` as a provider with an empty model id
/// (`opencode debug agent` shows `{providerID: "opus", modelID: ""}`).
pub(crate) fn model_problem(model: &str) -> Option<&'static str> {
    match model.split_once('/') {
        Some((provider, id)) if !provider.is_empty() && !id.is_empty() => None,
        _ => Some("OpenCode names a model as `provider/model`, and reads a bare name as a provider with no model"),
    }
}

/// OpenCode's wildcard, as a tool id or a pattern.
pub(crate) const ANY: &str = "*";

/// Agent frontmatter: `mode`, a `tools` map of ids to booleans, a `permission` map.
pub(crate) const MODE: &str = "mode";
pub(crate) const TOOLS: &str = "tools";
pub(crate) const PERMISSION: &str = "permission";

/// opencode.json: the schema default, server entries, instruction files.
pub(crate) const SCHEMA: (&str, &str) = ("$schema", "https://opencode.ai/config.json");
pub(crate) const MCP: &str = "mcp";
pub(crate) const INSTRUCTIONS: &str = "instructions";

/// Server entry keys: `type: local` with `command` as an array and
/// `environment`, or `type: remote` with `url` and `headers`; `enabled`.
pub(crate) mod server {
    pub(crate) const TYPE: &str = "type";
    pub(crate) const LOCAL: &str = "local";
    pub(crate) const REMOTE: &str = "remote";
    pub(crate) const COMMAND: &str = "command";
    pub(crate) const ENVIRONMENT: &str = "environment";
    pub(crate) const URL: &str = "url";
    pub(crate) const HEADERS: &str = "headers";
    pub(crate) const ENABLED: &str = "enabled";
}

/// The plugin's source; the emitter fills the two slots.
pub(crate) const PLUGIN_SOURCE: &str = include_str!("../emit/opencode_plugin.ts");
pub(crate) const BINARY_SLOT: &str = "__BINARY__";
pub(crate) const BINDINGS_SLOT: &str = "__BINDINGS__";

/// What precedes the bindings' JSON on its line of the plugin
/// (`const BINDINGS: ... = `): how the importer finds them again.
pub(crate) fn bindings_prefix() -> &'static str {
    let line = PLUGIN_SOURCE.lines().find(|l| l.contains(BINDINGS_SLOT)).expect("the plugin has a bindings slot");
    &line[..line.find(BINDINGS_SLOT).expect("just found")]
}

/// Claude Code tool names whose OpenCode id is not their lowercase.
const RENAMED_TOOLS: [(&str, &str); 1] = [("LS", "list")];
/// Claude Code tool names, to spell an OpenCode id back the Claude Code way.
const CLAUDE_TOOLS: [&str; 12] = [
    "Bash",
    "Edit",
    "Glob",
    "Grep",
    "Read",
    "Skill",
    "Task",
    "TodoRead",
    "TodoWrite",
    "WebFetch",
    "WebSearch",
    "Write",
];

/// The OpenCode id of a Claude Code tool name (`Read` → `read`, `LS` → `list`).
pub(crate) fn tool_id(tool: &str) -> String {
    RENAMED_TOOLS.iter().find(|(c, _)| *c == tool).map_or_else(|| tool.to_lowercase(), |(_, id)| id.to_string())
}

/// The Claude Code name of an OpenCode tool id; unknown ids stay as they are.
pub(crate) fn tool_name(id: &str) -> String {
    let renamed = RENAMED_TOOLS.iter().find(|(_, i)| *i == id).map(|(c, _)| *c);
    let known = || CLAUDE_TOOLS.iter().find(|c| c.to_lowercase() == id).copied();
    renamed.or_else(known).unwrap_or(id).to_string()
}
