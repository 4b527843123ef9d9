//! Cursor: rules as `.cursor/rules/<id>.mdc` (its native, path-aware form),
//! skills in `.cursor/skills/`, plain-markdown commands, subagents in
//! `.cursor/agents/`, hooks in `.cursor/hooks.json` (version 1, camelCase
//! events, flat entries) and MCP servers in `.cursor/mcp.json`.
//!
//! Rules are not also written to AGENTS.md: Cursor reads both, and every rule
//! would be loaded twice.

use serde_json::json;

use crate::emit::Output;
use crate::emit::frontmatter::Frontmatter;
use crate::emit::hooks::{HookDialect, hook_slots};
use crate::emit::mcp::{Spelling, server_entries};
use crate::emit::skills::write_skill;
use crate::error::ModelError;
use crate::fidelity::Treatment;
use crate::merge::{JsonManaged, Managed};
use crate::model::{Bundle, HookEvent, Rule};

const DIALECT: HookDialect = HookDialect { event: cursor_event, matcher: cursor_matcher, grouped: false };

fn cursor_event(event: HookEvent) -> Result<&'static str, &'static str> {
    Ok(match event {
        HookEvent::SessionStart => "sessionStart",
        HookEvent::UserPrompt => "beforeSubmitPrompt",
        HookEvent::PreToolUse => "preToolUse",
        HookEvent::PostToolUse => "postToolUse",
        HookEvent::PreCompact => "preCompact",
        HookEvent::Stop => "stop",
        HookEvent::SessionEnd => "sessionEnd",
    })
}

/// Cursor calls the shell tool `Shell`; other tool names match as written.
fn cursor_matcher(matcher: &str) -> Option<String> {
    let native = matcher.split('|').map(|t| if t == "Bash" { "Shell" } else { t }).collect::<Vec<_>>().join("|");
    (native != matcher).then_some(native)
}

pub(crate) fn emit(bundle: &Bundle, out: &mut Output) -> Result<(), ModelError> {
    for rule in &bundle.rules {
        out.owned(format!(".cursor/rules/{}.mdc", rule.id), mdc(rule))?;
    }
    for skill in &bundle.skills {
        write_skill(out, ".cursor/skills", skill)?;
    }
    for c in &bundle.commands {
        let item = format!("command `{}`", c.name);
        for (field, set) in [
            ("description", c.description.is_some()),
            ("argument_hint", c.argument_hint.is_some()),
            ("model", c.model.is_some()),
            ("agent", c.agent.is_some()),
            ("subtask", c.subtask.is_some()),
            ("extra", !c.extra.is_empty()),
        ] {
            if set {
                out.report.note(&item, field, Treatment::Dropped, "Cursor commands are plain markdown");
            }
        }
        out.owned(format!(".cursor/commands/{}.md", c.name), c.body.clone())?;
    }
    for a in &bundle.agents {
        let item = format!("agent `{}`", a.name);
        out.subagents_only(&item, a.mode);
        for (field, set) in
            [("tools", a.tools.is_some()), ("permission", a.permission.is_some()), ("extra", !a.extra.is_empty())]
        {
            if set {
                out.report.note(&item, field, Treatment::Dropped, "Cursor subagents take name, description and model");
            }
        }
        let text = Frontmatter::default()
            .str("name", &a.name)
            .str("description", &a.description)
            .opt_str("model", a.model.as_ref())
            .document(&a.instructions);
        out.owned(format!(".cursor/agents/{}.md", a.name), text)?;
    }
    if let Some(hooks) = hook_slots(out, bundle, &DIALECT) {
        let defaults = vec![(vec!["version".to_string()], json!(1))];
        out.shared(
            ".cursor/hooks.json",
            Managed::Json(JsonManaged { defaults, hooks: Some(hooks), ..Default::default() }),
        )?;
    }
    if !bundle.mcp_servers.is_empty() {
        let spelling = Spelling { http_type: false, headers_key: "headers", keep_extra: false };
        let keys = server_entries(&bundle.mcp_servers, out, "mcpServers", spelling);
        out.shared(".cursor/mcp.json", Managed::Json(JsonManaged { keys, ..Default::default() }))?;
    }
    if !bundle.permissions.is_empty() {
        out.report.note(
            "permissions",
            "allow/ask/deny",
            Treatment::Dropped,
            "Cursor keeps its allowlists in user settings, not in the project",
        );
    }
    Ok(())
}

/// A rule file: `description`, `globs` as one comma-separated string (what
/// Cursor writes itself), `alwaysApply` as a boolean; the title as a heading.
fn mdc(rule: &Rule) -> String {
    let globs = (!rule.globs.is_empty()).then(|| rule.globs.join(","));
    Frontmatter::default()
        .opt_str("description", rule.description.as_ref())
        .opt_str("globs", globs.as_ref())
        .value("alwaysApply", rule.always_apply)
        .document(&format!("# {}\n\n{}", rule.title, rule.body))
}
