//! Claude Code: `.claude/skills|commands|agents/`, hooks and permissions in
//! `.claude/settings.json`, MCP servers in `.mcp.json`, rules in a CLAUDE.md
//! section. The plugin form ([`super::plugin`]) writes the same components at
//! its own root.

use serde_json::json;

use crate::emit::Output;
use crate::emit::components::{Components, write_components};
use crate::emit::frontmatter::Frontmatter;
use crate::emit::hooks::hook_slots;
use crate::emit::mcp::server_entries;
use crate::emit::rules::rules_section;
use crate::error::ModelError;
use crate::fidelity::{Subject, Treatment};
use crate::layout::claude::{AGENT_TOOLS, AGENTS, COMMANDS, HOOKS, INSTRUCTIONS, MCP, PERMISSIONS, SETTINGS, SKILLS};
use crate::layout::{DESCRIPTION, MODEL, NAME};
use crate::merge::{JsonManaged, Managed};
use crate::model::{Agent, Bundle};

/// Under `.claude/` in a project (a plugin keeps the same files at its root).
const PROJECT: Components = Components { skills: SKILLS, commands: &COMMANDS, agents: AGENTS, agent_md };

pub(crate) fn emit(bundle: &Bundle, out: &mut Output) -> Result<(), ModelError> {
    write_components(bundle, out, &PROJECT)?;
    settings(bundle, out)?;
    if !bundle.mcp_servers.is_empty() {
        let keys = server_entries(&bundle.mcp_servers, out, MCP);
        out.shared(MCP.file, Managed::Json(JsonManaged { keys, ..Default::default() }))?;
    }
    rules_section(out, INSTRUCTIONS, &bundle.rules)
}

/// A subagent file: name, description, tools as `A, B`, model.
pub(crate) fn agent_md(out: &mut Output, a: &Agent) -> String {
    let item = Subject::Agent(a.name.clone());
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
    let extra = out.own_extra(&item, &a.extra);
    Frontmatter::default()
        .str(NAME, &a.name)
        .str(DESCRIPTION, &a.description)
        .opt_str(AGENT_TOOLS, tools.as_ref())
        .opt_str(MODEL, a.model.as_ref())
        .extra(extra)
        .document(&a.instructions)
}

/// `.claude/settings.json`: our hook handlers and, when the source declares
/// any, the `permissions` lists.
fn settings(bundle: &Bundle, out: &mut Output) -> Result<(), ModelError> {
    let hooks = hook_slots(out, bundle, &HOOKS);
    let p = &bundle.permissions;
    let keys = [("allow", &p.allow), ("ask", &p.ask), ("deny", &p.deny)]
        .into_iter()
        .filter(|(_, list)| !list.is_empty())
        .map(|(k, list)| (vec![PERMISSIONS.to_string(), k.to_string()], json!(list)))
        .collect::<Vec<_>>();
    if hooks.is_none() && keys.is_empty() {
        return Ok(());
    }
    out.shared(SETTINGS, Managed::Json(JsonManaged { keys, hooks, ..Default::default() }))
}
