//! Codex CLI: skills in `.agents/skills/`, agents as `.codex/agents/*.toml`,
//! hooks in `.codex/hooks.json` (Claude Code's shape), MCP servers as
//! `[mcp_servers.NAME]` tables in `.codex/config.toml`, rules in AGENTS.md.
//! Codex has no custom prompts any more, so commands become skills.

use toml_edit::{DocumentMut, value};

use crate::emit::Output;
use crate::emit::hooks::hook_slots;
use crate::emit::mcp::server_entries;
use crate::emit::rules::rules_section;
use crate::emit::skills::{skill_md, write_skill};
use crate::error::ModelError;
use crate::fidelity::{Subject, Treatment};
use crate::layout::codex::{AGENTS, DEVELOPER_INSTRUCTIONS, HOOKS, MCP, SKILLS};
use crate::layout::{AGENTS_MD, DESCRIPTION, MODEL, NAME};
use crate::merge::{JsonManaged, Managed, TomlManaged, toml_value};
use crate::model::{Agent, Bundle, Command, Extra};

pub(crate) fn emit(bundle: &Bundle, out: &mut Output) -> Result<(), ModelError> {
    for skill in &bundle.skills {
        write_skill(out, skill)?;
    }
    for command in &bundle.commands {
        command_as_skill(out, command)?;
    }
    for agent in &bundle.agents {
        let text = agent_toml(out, agent);
        out.owned(format!("{AGENTS}/{}.toml", agent.name), text)?;
    }
    if let Some(hooks) = hook_slots(out, bundle, &HOOKS) {
        out.shared(HOOKS.file, Managed::Json(JsonManaged { hooks: Some(hooks), ..Default::default() }))?;
    }
    if !bundle.mcp_servers.is_empty() {
        let tables = server_entries(&bundle.mcp_servers, out, MCP);
        out.shared(MCP.file, Managed::Toml(TomlManaged { tables }))?;
    }
    if !bundle.permissions.is_empty() {
        out.report.note(
            &Subject::Permissions,
            "allow/ask/deny",
            Treatment::Dropped,
            "Codex has sandbox modes, not per-tool rules",
        );
    }
    rules_section(out, AGENTS_MD, &bundle.rules)
}

/// `.agents/skills/<name>/SKILL.md` from a command: the prompt becomes the
/// instructions, and the user invokes it as `$name` instead of `/name`.
fn command_as_skill(out: &mut Output, c: &Command) -> Result<(), ModelError> {
    let item = Subject::Command(c.name.clone());
    out.report.note(&item, "command", Treatment::Emulated, "Codex has no custom commands; written as a skill");
    if c.description.is_none() {
        out.report.note(&item, "description", Treatment::Emulated, "skills need one; a generic one was written");
    }
    let description = command_skill_description(c);
    for (field, set, why) in [
        ("argument_hint", c.argument_hint.is_some(), "skills take no argument hint"),
        ("model", c.model.is_some(), "skills cannot choose a model"),
        ("agent", c.agent.is_some(), "skills cannot choose an agent"),
        ("subtask", c.subtask.is_some(), "skills run inline"),
    ] {
        if set {
            out.report.note(&item, field, Treatment::Dropped, why);
        }
    }
    out.drop_extras(&item, &c.extra, "a skill's frontmatter is the Agent Skills standard");
    let text = skill_md(&c.name, &description, &Extra::new(), &c.body);
    out.owned(format!("{SKILLS}/{}/SKILL.md", c.name), text)
}

/// The description of the skill a command becomes: its own, or a generic one
/// (skills need one). The token report counts it as Codex lists it.
pub(crate) fn command_skill_description(c: &Command) -> String {
    c.description.clone().unwrap_or_else(|| format!("The `{}` command.", c.name))
}

/// A custom agent file: `name`, `description`, `model`,
/// `developer_instructions`, then the keys read from Codex.
fn agent_toml(out: &mut Output, a: &Agent) -> String {
    let item = Subject::Agent(a.name.clone());
    out.subagents_only(&item, a.mode);
    for (field, set, why) in [
        ("tools", a.tools.is_some(), "Codex agents have no tool allowlist"),
        ("permission", a.permission.is_some(), "Codex agents have sandbox modes, not per-tool rules"),
    ] {
        if set {
            out.report.note(&item, field, Treatment::Dropped, why);
        }
    }
    let mut doc = DocumentMut::new();
    doc[NAME] = value(a.name.as_str());
    doc[DESCRIPTION] = value(a.description.as_str());
    if let Some(model) = &a.model {
        doc[MODEL] = value(model.as_str());
    }
    doc[DEVELOPER_INSTRUCTIONS] = value(a.instructions.as_str());
    for (key, v) in out.own_extra(&item, &a.extra).into_iter().flatten() {
        doc[key.as_str()] = toml_edit::Item::Value(toml_value(v));
    }
    doc.to_string()
}
