//! OpenCode: skills in `.opencode/skills/`, commands and agents as markdown
//! with OpenCode's own frontmatter, MCP servers and permissions in
//! `opencode.json`, rules in AGENTS.md (which OpenCode loads by itself, so
//! `instructions` stays untouched), and hooks through a small plugin, since
//! OpenCode has no hook config: `.opencode/plugins/agentops.ts`.

use serde_json::{Map, Value, json};

use crate::emit::Output;
use crate::emit::frontmatter::Frontmatter;
use crate::emit::mcp::sorted_servers;
use crate::emit::permission::opencode_permission;
use crate::emit::rules::rules_section;
use crate::emit::skills::write_skill;
use crate::error::ModelError;
use crate::fidelity::Treatment;
use crate::merge::{JsonManaged, Managed};
use crate::model::{Agent, Bundle, HookCommand, HookEvent, McpTransport};

const PLUGIN: &str = include_str!("opencode_plugin.ts");

pub(crate) fn emit(bundle: &Bundle, out: &mut Output) -> Result<(), ModelError> {
    for skill in &bundle.skills {
        write_skill(out, ".opencode/skills", skill)?;
    }
    for c in &bundle.commands {
        let item = format!("command `{}`", c.name);
        if c.argument_hint.is_some() {
            out.report.note(
                &item,
                "argument_hint",
                Treatment::Dropped,
                "OpenCode commands take `$ARGUMENTS` with no hint",
            );
        }
        if !c.extra.is_empty() {
            out.report.note(&item, "extra", Treatment::Dropped, "unknown keys are kept for Claude Code only");
        }
        let text = Frontmatter::default()
            .opt_str("description", c.description.as_ref())
            .opt_str("agent", c.agent.as_ref())
            .opt_str("model", c.model.as_ref());
        let text = match c.subtask {
            Some(subtask) => text.value("subtask", subtask),
            None => text,
        };
        out.owned(format!(".opencode/commands/{}.md", c.name), text.document(&c.body))?;
    }
    for a in &bundle.agents {
        let text = agent_md(out, a);
        out.owned(format!(".opencode/agents/{}.md", a.name), text)?;
    }
    config(bundle, out)?;
    plugin(bundle, out)?;
    rules_section(out, "AGENTS.md", &bundle.rules)
}

/// An agent file; the name is the file name.
fn agent_md(out: &mut Output, a: &Agent) -> String {
    let item = format!("agent `{}`", a.name);
    if !a.extra.is_empty() {
        out.report.note(&item, "extra", Treatment::Dropped, "unknown keys are kept for Claude Code only");
    }
    let mut fm = Frontmatter::default().str("description", &a.description);
    if let Some(mode) = a.mode {
        fm = fm.str("mode", mode.as_str());
    }
    fm = fm.opt_str("model", a.model.as_ref());
    if let Some(tools) = &a.tools {
        out.report.note(
            &item,
            "tools",
            Treatment::Lowered,
            "an allowlist becomes `\"*\": false` plus one lowercase id per tool",
        );
        let mut map = Map::new();
        map.insert("*".into(), false.into());
        for t in tools {
            map.insert(t.to_lowercase(), true.into());
        }
        fm = fm.value("tools", yaml(&Value::Object(map)));
    }
    if let Some(p) = &a.permission {
        fm = fm.value("permission", yaml(&Value::Object(opencode_permission(p))));
    }
    fm.document(&a.instructions)
}

fn yaml(v: &Value) -> serde_norway::Value {
    serde_norway::to_value(v).expect("JSON values are valid YAML")
}

/// `opencode.json`: one `mcp` entry per server and one `permission` entry per tool.
fn config(bundle: &Bundle, out: &mut Output) -> Result<(), ModelError> {
    let mut keys = Vec::new();
    for s in sorted_servers(&bundle.mcp_servers, out, false) {
        let entry = match &s.transport {
            McpTransport::Stdio { command, args, env } => {
                let mut cmd = vec![command.clone()];
                cmd.extend(args.iter().cloned());
                let mut e = json!({"type": "local", "command": cmd, "enabled": true});
                if !env.is_empty() {
                    e["environment"] = json!(env);
                }
                e
            }
            McpTransport::Http { url, headers } => {
                let mut e = json!({"type": "remote", "url": url, "enabled": true});
                if !headers.is_empty() {
                    e["headers"] = json!(headers);
                }
                e
            }
        };
        keys.push((vec!["mcp".to_string(), s.name.clone()], entry));
    }
    if !bundle.permissions.is_empty() {
        out.report.note(
            "permissions",
            "allow/ask/deny",
            Treatment::Lowered,
            "written as OpenCode's per-tool `permission` map",
        );
        for (tool, rule) in opencode_permission(&bundle.permissions) {
            keys.push((vec!["permission".to_string(), tool], rule));
        }
    }
    if keys.is_empty() {
        return Ok(());
    }
    let defaults = vec![(vec!["$schema".to_string()], json!("https://opencode.ai/config.json"))];
    out.shared("opencode.json", Managed::Json(JsonManaged { defaults, keys, ..Default::default() }))
}

/// The plugin that stands in for a hook config, with the bound events baked in.
fn plugin(bundle: &Bundle, out: &mut Output) -> Result<(), ModelError> {
    let mut bindings: Map<String, Value> = Map::new();
    for b in bundle.all_hooks() {
        let item = format!("hook `{}`", b.event);
        let why = match (b.event, &b.command) {
            (_, HookCommand::Shell(_)) => Some("the plugin only forwards to agentops; shell hooks are not run"),
            (HookEvent::PreCompact, _) => Some("OpenCode has no event before compaction"),
            (HookEvent::SessionEnd, _) => Some("OpenCode has no session-end event"),
            _ => None,
        };
        if let Some(why) = why {
            out.report.note(item, "event", Treatment::Dropped, why);
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
    let text = PLUGIN
        .replace("__BINARY__", &json!(out.options.binary).to_string())
        .replace("__BINDINGS__", &Value::Object(bindings).to_string());
    out.owned(".opencode/plugins/agentops.ts".into(), text)
}
