//! Cursor: rules as `.cursor/rules/<id>.mdc` (its native, path-aware form),
//! skills in `.cursor/skills/`, plain-markdown commands, subagents in
//! `.cursor/agents/`, hooks in `.cursor/hooks.json` (version 1, camelCase
//! events, flat entries) and MCP servers in `.cursor/mcp.json`.
//!
//! Rules are not also written to AGENTS.md: Cursor reads both, and every rule
//! would be loaded twice.

use serde_json::json;

use crate::emit::Output;
use crate::emit::components::{Components, write_components};
use crate::emit::frontmatter::Frontmatter;
use crate::emit::hooks::hook_slots;
use crate::emit::mcp::server_entries;
use crate::error::ModelError;
use crate::fidelity::{Subject, Treatment};
use crate::layout::cursor::{
    AGENTS, ALWAYS_APPLY, COMMANDS, GLOBS, HOOKS, HOOKS_VERSION, MCP, RULE_EXTENSION, RULES, SKILLS, rule_text,
};
use crate::layout::{DESCRIPTION, MODEL, NAME};
use crate::merge::{JsonManaged, Managed};
use crate::model::{Agent, Bundle, Rule};

const COMPONENTS: Components = Components { skills: SKILLS, commands: &COMMANDS, agents: AGENTS, agent_md };

pub(crate) fn emit(bundle: &Bundle, out: &mut Output) -> Result<(), ModelError> {
    for rule in &bundle.rules {
        out.owned(format!("{RULES}/{}.{RULE_EXTENSION}", rule.id), mdc(rule))?;
    }
    write_components(bundle, out, &COMPONENTS)?;
    if let Some(hooks) = hook_slots(out, bundle, &HOOKS) {
        let defaults = vec![(vec![HOOKS_VERSION.0.to_string()], json!(HOOKS_VERSION.1))];
        out.shared(HOOKS.file, Managed::Json(JsonManaged { defaults, hooks: Some(hooks), ..Default::default() }))?;
    }
    if !bundle.mcp_servers.is_empty() {
        let keys = server_entries(&bundle.mcp_servers, out, MCP);
        out.shared(MCP.file, Managed::Json(JsonManaged { keys, ..Default::default() }))?;
    }
    if !bundle.permissions.is_empty() {
        out.report.note(
            &Subject::Permissions,
            "allow/ask/deny",
            Treatment::Dropped,
            "Cursor keeps its allowlists in user settings, not in the project",
        );
    }
    Ok(())
}

/// A subagent file: name, description, model, then the keys read from Cursor.
fn agent_md(out: &mut Output, a: &Agent) -> String {
    let item = Subject::Agent(a.name.clone());
    out.subagents_only(&item, a.mode);
    for (field, set) in [("tools", a.tools.is_some()), ("permission", a.permission.is_some())] {
        if set {
            out.report.note(&item, field, Treatment::Dropped, "Cursor subagents take name, description and model");
        }
    }
    let extra = out.own_extra(&item, &a.extra);
    Frontmatter::default()
        .str(NAME, &a.name)
        .str(DESCRIPTION, &a.description)
        .opt_str(MODEL, a.model.as_ref())
        .extra(extra)
        .document(&a.instructions)
}

/// A rule file: `description`, `globs` as one comma-separated string (what
/// Cursor writes itself), `alwaysApply` as a boolean; the title as a heading.
fn mdc(rule: &Rule) -> String {
    let globs = (!rule.globs.is_empty()).then(|| rule.globs.join(","));
    Frontmatter::default()
        .opt_str(DESCRIPTION, rule.description.as_ref())
        .opt_str(GLOBS, globs.as_ref())
        .value(ALWAYS_APPLY, rule.always_apply)
        .document(&rule_text(&rule.title, &rule.body))
}
