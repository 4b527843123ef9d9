//! Codex CLI: skills in `.agents/skills/`, agents as `.codex/agents/*.toml`,
//! hooks in `.codex/hooks.json` (Claude Code's shape), MCP servers as
//! `[mcp_servers.NAME]` tables in `.codex/config.toml`, rules in AGENTS.md.
//! Codex has no custom prompts any more, so commands become skills.

use serde_json::Map;
use toml_edit::{DocumentMut, value};

use crate::emit::Output;
use crate::emit::hooks::{HookDialect, hook_slots, same_matcher};
use crate::emit::mcp::{Spelling, server_entries};
use crate::emit::rules::rules_section;
use crate::emit::skills::{skill_md, write_skill};
use crate::error::ModelError;
use crate::fidelity::Treatment;
use crate::merge::{JsonManaged, Managed, TomlManaged};
use crate::model::{Agent, Bundle, Command, HookEvent};

const DIALECT: HookDialect = HookDialect { event: codex_event, matcher: same_matcher, grouped: true };

fn codex_event(event: HookEvent) -> Result<&'static str, &'static str> {
    match event {
        HookEvent::SessionEnd => Err("Codex has no SessionEnd hook"),
        other => Ok(other.pascal_case()),
    }
}

pub(crate) fn emit(bundle: &Bundle, out: &mut Output) -> Result<(), ModelError> {
    for skill in &bundle.skills {
        write_skill(out, ".agents/skills", skill)?;
    }
    for command in &bundle.commands {
        command_as_skill(out, command)?;
    }
    for agent in &bundle.agents {
        let text = agent_toml(out, agent);
        out.owned(format!(".codex/agents/{}.toml", agent.name), text)?;
    }
    if let Some(hooks) = hook_slots(out, bundle, &DIALECT) {
        out.shared(".codex/hooks.json", Managed::Json(JsonManaged { hooks: Some(hooks), ..Default::default() }))?;
    }
    if !bundle.mcp_servers.is_empty() {
        let spelling = Spelling { http_type: false, headers_key: "http_headers", keep_extra: false };
        let tables = server_entries(&bundle.mcp_servers, out, "mcp_servers", spelling);
        out.shared(".codex/config.toml", Managed::Toml(TomlManaged { tables }))?;
    }
    if !bundle.permissions.is_empty() {
        out.report.note(
            "permissions",
            "allow/ask/deny",
            Treatment::Dropped,
            "Codex has sandbox modes, not per-tool rules",
        );
    }
    rules_section(out, "AGENTS.md", &bundle.rules)
}

/// `.agents/skills/<name>/SKILL.md` from a command: the prompt becomes the
/// instructions, and the user invokes it as `$name` instead of `/name`.
fn command_as_skill(out: &mut Output, c: &Command) -> Result<(), ModelError> {
    let item = format!("command `{}`", c.name);
    out.report.note(&item, "command", Treatment::Emulated, "Codex has no custom commands; written as a skill");
    let description = match &c.description {
        Some(d) => d.clone(),
        None => {
            out.report.note(&item, "description", Treatment::Emulated, "skills need one; a generic one was written");
            format!("The `{}` command.", c.name)
        }
    };
    for (field, set, why) in [
        ("argument_hint", c.argument_hint.is_some(), "skills take no argument hint"),
        ("model", c.model.is_some(), "skills cannot choose a model"),
        ("agent", c.agent.is_some(), "skills cannot choose an agent"),
        ("subtask", c.subtask.is_some(), "skills run inline"),
        ("extra", !c.extra.is_empty(), "unknown keys are kept for Claude Code only"),
    ] {
        if set {
            out.report.note(&item, field, Treatment::Dropped, why);
        }
    }
    let text = skill_md(&c.name, &description, &Map::new(), &c.body);
    out.owned(format!(".agents/skills/{}/SKILL.md", c.name), text)
}

/// A custom agent file: `name`, `description`, `developer_instructions`, `model`.
fn agent_toml(out: &mut Output, a: &Agent) -> String {
    let item = format!("agent `{}`", a.name);
    out.subagents_only(&item, a.mode);
    for (field, set, why) in [
        ("tools", a.tools.is_some(), "Codex agents have no tool allowlist"),
        ("permission", a.permission.is_some(), "Codex agents have sandbox modes, not per-tool rules"),
        ("extra", !a.extra.is_empty(), "unknown keys are kept for Claude Code only"),
    ] {
        if set {
            out.report.note(&item, field, Treatment::Dropped, why);
        }
    }
    let mut doc = DocumentMut::new();
    doc["name"] = value(a.name.as_str());
    doc["description"] = value(a.description.as_str());
    if let Some(model) = &a.model {
        doc["model"] = value(model.as_str());
    }
    doc["developer_instructions"] = value(a.instructions.as_str());
    doc.to_string()
}
