//! Claude Code: `.claude/skills|commands|agents/`, hooks and permissions in
//! `.claude/settings.json`, MCP servers in `.mcp.json`, rules in a CLAUDE.md
//! section. The richest target: unknown keys from a Claude Code import are
//! written back here, and nowhere else.

use serde_json::json;

use crate::emit::Output;
use crate::emit::frontmatter::Frontmatter;
use crate::emit::hooks::{HookDialect, hook_slots, pascal, same_matcher};
use crate::emit::mcp::{Spelling, server_entries};
use crate::emit::rules::rules_section;
use crate::emit::skills::write_skill;
use crate::error::ModelError;
use crate::fidelity::Treatment;
use crate::merge::{JsonManaged, Managed};
use crate::model::Bundle;

/// Claude Code's hook spelling (also the shape Codex reads).
const DIALECT: HookDialect = HookDialect { event: pascal, matcher: same_matcher, grouped: true };

pub(crate) fn emit(bundle: &Bundle, out: &mut Output) -> Result<(), ModelError> {
    for skill in &bundle.skills {
        write_skill(out, ".claude/skills", skill)?;
    }
    for c in &bundle.commands {
        let item = format!("command `{}`", c.name);
        if c.agent.is_some() {
            out.report.note(&item, "agent", Treatment::Dropped, "Claude Code commands cannot choose an agent");
        }
        if c.subtask.is_some() {
            out.report.note(&item, "subtask", Treatment::Dropped, "Claude Code commands always run inline");
        }
        let text = Frontmatter::default()
            .opt_str("description", c.description.as_ref())
            .opt_str("argument-hint", c.argument_hint.as_ref())
            .opt_str("model", c.model.as_ref())
            .extra(&c.extra)
            .document(&c.body);
        out.owned(format!(".claude/commands/{}.md", c.name), text)?;
    }
    for a in &bundle.agents {
        let item = format!("agent `{}`", a.name);
        out.subagents_only(&item, a.mode);
        if a.permission.is_some() {
            out.report.note(
                &item,
                "permission",
                Treatment::Dropped,
                "Claude Code agents have no per-agent permission rules",
            );
        }
        let tools = a.tools.as_ref().map(|t| t.join(", "));
        let text = Frontmatter::default()
            .str("name", &a.name)
            .str("description", &a.description)
            .opt_str("tools", tools.as_ref())
            .opt_str("model", a.model.as_ref())
            .extra(&a.extra)
            .document(&a.instructions);
        out.owned(format!(".claude/agents/{}.md", a.name), text)?;
    }
    settings(bundle, out)?;
    if !bundle.mcp_servers.is_empty() {
        let spelling = Spelling { http_type: true, headers_key: "headers", keep_extra: true };
        let keys = server_entries(&bundle.mcp_servers, out, "mcpServers", spelling);
        out.shared(".mcp.json", Managed::Json(JsonManaged { keys, ..Default::default() }))?;
    }
    rules_section(out, "CLAUDE.md", &bundle.rules)
}

/// `.claude/settings.json`: our hook handlers and, when the source declares
/// any, the `permissions` lists.
fn settings(bundle: &Bundle, out: &mut Output) -> Result<(), ModelError> {
    let hooks = hook_slots(out, bundle, &DIALECT);
    let p = &bundle.permissions;
    let keys = [("allow", &p.allow), ("ask", &p.ask), ("deny", &p.deny)]
        .into_iter()
        .filter(|(_, list)| !list.is_empty())
        .map(|(k, list)| (vec!["permissions".to_string(), k.to_string()], json!(list)))
        .collect::<Vec<_>>();
    if hooks.is_none() && keys.is_empty() {
        return Ok(());
    }
    out.shared(".claude/settings.json", Managed::Json(JsonManaged { keys, hooks, ..Default::default() }))
}
