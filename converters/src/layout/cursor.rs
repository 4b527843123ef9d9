//! Cursor: rules as `.cursor/rules/<id>.mdc`, skills in `.cursor/skills/`,
//! plain-markdown commands, subagents in `.cursor/agents/`, hooks in
//! `.cursor/hooks.json` (version 1, camelCase events, flat entries, the shell
//! tool called `Shell`), MCP servers in `.cursor/mcp.json`. Cursor also reads
//! AGENTS.md.

use crate::layout::{CommandFormat, HookDialect, McpSpelling};
use crate::model::HookEvent;
use crate::runtime::Runtime;

pub(crate) const RULES: &str = ".cursor/rules";
pub(crate) const RULE_EXTENSION: &str = "mdc";
pub(crate) const SKILLS: &str = ".cursor/skills";
pub(crate) const AGENTS: &str = ".cursor/agents";

/// Rule frontmatter: globs as one comma-separated string, a real boolean.
pub(crate) const GLOBS: &str = "globs";
pub(crate) const ALWAYS_APPLY: &str = "alwaysApply";

const PLAIN: &str = "Cursor commands are plain markdown";

pub(crate) const COMMANDS: CommandFormat = CommandFormat {
    runtime: Runtime::Cursor,
    dir: ".cursor/commands",
    description: Err(PLAIN),
    argument_hint: Err(PLAIN),
    model: Err(PLAIN),
    agent: Err(PLAIN),
    subtask: Err(PLAIN),
};

pub(crate) const HOOKS: HookDialect = HookDialect {
    runtime: Runtime::Cursor,
    file: ".cursor/hooks.json",
    events: &[
        (HookEvent::SessionStart, "sessionStart"),
        (HookEvent::UserPrompt, "beforeSubmitPrompt"),
        (HookEvent::PreToolUse, "preToolUse"),
        (HookEvent::PostToolUse, "postToolUse"),
        (HookEvent::PreCompact, "preCompact"),
        (HookEvent::Stop, "stop"),
        (HookEvent::SessionEnd, "sessionEnd"),
    ],
    tools: &[("Bash", "Shell")],
    grouped: false,
};

/// The hooks file's format version, set when absent.
pub(crate) const HOOKS_VERSION: (&str, u64) = ("version", 1);

pub(crate) const MCP: McpSpelling =
    McpSpelling { file: ".cursor/mcp.json", table: "mcpServers", http_type: false, headers_key: "headers" };

/// A rule's text after the frontmatter: its title as a heading, then the body.
pub(crate) fn rule_text(title: &str, body: &str) -> String {
    format!("# {title}\n\n{body}")
}

/// The title and body of a rule's text, when it starts with a heading line
/// and a blank line (as [`rule_text`] writes it).
pub(crate) fn split_rule_text(text: &str) -> Option<(&str, &str)> {
    let (title, body) = text.strip_prefix("# ")?.split_once("\n\n")?;
    (!title.contains('\n')).then_some((title, body))
}
