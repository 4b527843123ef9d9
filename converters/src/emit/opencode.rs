//! OpenCode: skills in `.opencode/skills/`, commands and agents as markdown
//! with OpenCode's own frontmatter, MCP servers and permissions in
//! `opencode.json`, rules in AGENTS.md (which OpenCode loads by itself, so
//! `instructions` stays untouched), and hooks through a small plugin, since
//! OpenCode has no hook config: `.opencode/plugins/agentops.ts`.

use serde_json::{Map, Value, json};

use crate::emit::Output;
use crate::emit::components::{Components, write_components};
use crate::emit::frontmatter::Frontmatter;
use crate::emit::mcp::sorted_servers;
use crate::emit::rules::rules_section;
use crate::error::ModelError;
use crate::fidelity::{Subject, Treatment};
use crate::layout::opencode::{
    AGENTS, ANY, BINARY_SLOT, BINDINGS_SLOT, COMMANDS, CONFIG, MCP, MODE, PERMISSION, PLUGIN, PLUGIN_SOURCE, SCHEMA,
    SKILLS, TOOLS, model_problem, server, tool_id,
};
use crate::layout::{AGENTS_MD, DESCRIPTION, MODEL};
use crate::merge::{JsonManaged, Managed};
use crate::model::{Agent, Bundle, HookCommand, HookEvent, McpServer, McpTransport};
use crate::permission::to_opencode;

const COMPONENTS: Components = Components { skills: SKILLS, commands: &COMMANDS, agents: AGENTS, agent_md };

pub(crate) fn emit(bundle: &Bundle, out: &mut Output) -> Result<(), ModelError> {
    write_components(bundle, out, &COMPONENTS)?;
    config(bundle, out)?;
    plugin(bundle, out)?;
    rules_section(out, AGENTS_MD, &bundle.rules)
}

/// An agent file; the name is the file name.
fn agent_md(out: &mut Output, a: &Agent) -> String {
    let item = Subject::Agent(a.name.clone());
    let mut fm = Frontmatter::default().str(DESCRIPTION, &a.description);
    if let Some(mode) = a.mode {
        fm = fm.str(MODE, mode.as_str());
    }
    if let Some(model) = &a.model {
        match model_problem(model) {
            Some(why) => out.report.note(&item, "model", Treatment::Dropped, why),
            None => fm = fm.str(MODEL, model),
        }
    }
    if let Some(tools) = &a.tools {
        out.report.note(
            &item,
            "tools",
            Treatment::Lowered,
            "an allowlist becomes `\"*\": false` plus one lowercase id per tool",
        );
        let mut map = Map::new();
        map.insert(ANY.into(), false.into());
        for t in tools {
            map.insert(tool_id(t), true.into());
        }
        fm = fm.value(TOOLS, yaml(&Value::Object(map)));
    }
    if let Some(p) = &a.permission {
        out.report.note(&item, "permission", Treatment::Lowered, "written as OpenCode's per-tool `permission` map");
        fm = fm.value(PERMISSION, yaml(&Value::Object(to_opencode(p))));
    }
    let extra = out.own_extra(&item, &a.extra);
    fm.extra(extra).document(&a.instructions)
}

fn yaml(v: &Value) -> serde_norway::Value {
    serde_norway::to_value(v).expect("JSON values are valid YAML")
}

/// `opencode.json`: one `mcp` entry per server and one `permission` entry per tool.
fn config(bundle: &Bundle, out: &mut Output) -> Result<(), ModelError> {
    let mut keys = Vec::new();
    for s in sorted_servers(&bundle.mcp_servers) {
        let entry = server_entry(out, s);
        keys.push((vec![MCP.to_string(), s.name.clone()], entry));
    }
    if !bundle.permissions.is_empty() {
        out.report.note(
            &Subject::Permissions,
            "allow/ask/deny",
            Treatment::Lowered,
            "written as OpenCode's per-tool `permission` map",
        );
        for (tool, rule) in to_opencode(&bundle.permissions) {
            keys.push((vec![PERMISSION.to_string(), tool], rule));
        }
    }
    if keys.is_empty() {
        return Ok(());
    }
    let defaults = vec![(vec![SCHEMA.0.to_string()], json!(SCHEMA.1))];
    out.shared(CONFIG, Managed::Json(JsonManaged { defaults, keys, ..Default::default() }))
}

/// `{type: local, command: [cmd, args...], environment, enabled}` or
/// `{type: remote, url, headers, enabled}`, then the keys read from OpenCode.
fn server_entry(out: &mut Output, s: &McpServer) -> Value {
    let mut e = match &s.transport {
        McpTransport::Stdio { command, args, env } => {
            let mut cmd = vec![command.clone()];
            cmd.extend(args.iter().cloned());
            let mut e = json!({server::TYPE: server::LOCAL, server::COMMAND: cmd, server::ENABLED: true});
            if !env.is_empty() {
                e[server::ENVIRONMENT] = json!(env);
            }
            e
        }
        McpTransport::Http { url, headers } => {
            let mut e = json!({server::TYPE: server::REMOTE, server::URL: url, server::ENABLED: true});
            if !headers.is_empty() {
                e[server::HEADERS] = json!(headers);
            }
            e
        }
    };
    if let (Some(extra), Value::Object(map)) = (out.own_extra(&Subject::McpServer(s.name.clone()), &s.extra), &mut e) {
        map.extend(extra.clone());
    }
    e
}

/// The plugin that stands in for a hook config, with the bound events baked in.
fn plugin(bundle: &Bundle, out: &mut Output) -> Result<(), ModelError> {
    let mut bindings: Map<String, Value> = Map::new();
    for b in bundle.all_hooks() {
        let item = Subject::Hook(b.event);
        let why = match (b.event, &b.command) {
            (_, HookCommand::Shell(_)) => {
                out.report.note(
                    &item,
                    "command",
                    Treatment::Dropped,
                    "the plugin only forwards to agentops; shell hooks are not run",
                );
                continue;
            }
            (HookEvent::PreCompact, _) => Some("OpenCode has no event before compaction"),
            (HookEvent::SessionEnd, _) => Some("OpenCode has no session-end event"),
            _ => None,
        };
        if let Some(why) = why {
            out.report.note(&item, "event", Treatment::Dropped, why);
            continue;
        }
        match b.event {
            HookEvent::SessionStart => {
                out.report.note(&item, "event", Treatment::Emulated, "fired by the plugin on `session.created`")
            }
            HookEvent::Stop => {
                out.report.note(&item, "event", Treatment::Emulated, "fired by the plugin on `session.idle`")
            }
            _ => out.report.note(&item, "event", Treatment::Emulated, "fired by the plugin"),
        }
        let matcher = match &b.matcher {
            Some(m) if b.event.takes_matcher() => {
                out.report.note(
                    &item,
                    "matcher",
                    Treatment::Lowered,
                    "matched case-insensitively against OpenCode tool ids",
                );
                Value::from(m.as_str())
            }
            _ => Value::Null,
        };
        let list = bindings.entry(b.event.as_str()).or_insert_with(|| json!([]));
        let list = list.as_array_mut().expect("built as arrays");
        if !list.contains(&matcher) {
            list.push(matcher);
        }
    }
    if bindings.is_empty() {
        return Ok(());
    }
    let text = PLUGIN_SOURCE
        .replace(BINARY_SLOT, &json!(out.options.binary).to_string())
        .replace(BINDINGS_SLOT, &Value::Object(bindings).to_string());
    out.owned(PLUGIN.into(), text)
}
