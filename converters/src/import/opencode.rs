//! OpenCode's files into the model: `.opencode/skills/`, commands and agents
//! in `.opencode/commands|agents/*.md`, the `mcp` servers and `permission` map
//! of `opencode.json`, the bindings baked into our plugin
//! `.opencode/plugins/agentops.ts`, and AGENTS.md. Other plugins are code,
//! not configuration: they are listed as skipped.

use serde_json::{Map, Value};

use crate::config_file::ConfigFile;
use crate::error::FileError;
use crate::import::agents::markdown_agent;
use crate::import::commands::commands;
use crate::import::frontmatter::Document;
use crate::import::instructions::rules;
use crate::import::mcp::{server, string_map, strings};
use crate::import::reader::Reader;
use crate::import::skills::skills;
use crate::layout::AGENTS_MD;
use crate::layout::opencode::{
    AGENTS, ANY, COMMANDS, CONFIG, INSTRUCTIONS, MCP, MODE, PERMISSION, PLUGIN, PLUGINS, SKILLS, TOOLS,
    bindings_prefix, server as key, tool_name,
};
use crate::model::names::check_key;
use crate::model::{Agent, AgentMode, Bundle, HookBinding, HookCommand, HookEvent, McpServer, McpTransport};
use crate::permission::from_opencode;
use crate::runtime::Runtime;
use crate::skill_folder::entries;

pub(crate) fn import(r: &mut Reader) -> Result<Bundle, FileError> {
    let mut b = Bundle {
        skills: skills(r, SKILLS)?,
        commands: commands(r, &COMMANDS, r.files(COMMANDS.dir, "md")?)?,
        ..Default::default()
    };
    for rel in r.files(AGENTS, "md")? {
        b.agents.push(markdown_agent(r, &rel, agent_keys)?);
    }
    if let Some(file) = r.json(CONFIG)? {
        config(r, &file, &mut b)?;
    }
    b.hooks = plugin(r)?;
    b.rules = rules(r, AGENTS_MD, true)?;
    Ok(b)
}

/// `mode`; `tools` when it is an allowlist (`"*": false` and tools set to
/// true) and `permission` when the model can say it, else both stay in
/// `extra` as written.
fn agent_keys(doc: &mut Document, agent: &mut Agent) -> Result<(), FileError> {
    if let Some(mode) = doc.take_str(MODE)? {
        agent.mode = Some(AgentMode::parse(&mode).ok_or_else(|| doc.error(MODE, "must be primary, subagent or all"))?);
    }
    if let Some(Value::Object(map)) = doc.fields.get(TOOLS)
        && let Some(tools) = allowlist(map)
    {
        agent.tools = Some(tools);
        doc.fields.shift_remove(TOOLS);
    }
    if let Some(Value::Object(map)) = doc.fields.get(PERMISSION)
        && let Some(permission) = from_opencode(map)
    {
        agent.permission = Some(permission);
        doc.fields.shift_remove(PERMISSION);
    }
    Ok(())
}

/// `{"*": false, "read": true, ...}` as Claude Code tool names.
fn allowlist(map: &Map<String, Value>) -> Option<Vec<String>> {
    if map.get(ANY) != Some(&Value::Bool(false)) {
        return None;
    }
    let rest = map.iter().filter(|(k, _)| *k != ANY);
    rest.map(|(id, on)| (on == &Value::Bool(true)).then(|| tool_name(id))).collect()
}

/// `opencode.json`: servers and permissions; agents, commands and
/// instruction files declared there are listed as skipped.
fn config(r: &mut Reader, file: &ConfigFile, b: &mut Bundle) -> Result<(), FileError> {
    if let Some(servers) = file.root.get(MCP) {
        let servers = servers.as_object().ok_or_else(|| file.error(&[MCP], "is not an object"))?;
        for (name, entry) in servers {
            b.mcp_servers.push(mcp_server(file, name, entry)?);
        }
    }
    if let Some(p) = file.root.get(PERMISSION) {
        match p.as_object().and_then(from_opencode) {
            Some(permissions) => b.permissions = permissions,
            None => {
                r.skip(CONFIG, file.line(&[PERMISSION]), "`permission`", "not expressible as allow / ask / deny rules")
            }
        }
    }
    for key in [INSTRUCTIONS, "agent", "command"].into_iter().filter(|k| file.root.contains_key(*k)) {
        let why = "only `.opencode/agents|commands/*.md` and AGENTS.md are read";
        r.skip(CONFIG, file.line(&[key]), format!("`{key}`"), why);
    }
    Ok(())
}

/// `{type: local, command: [cmd, args...], environment?}` or
/// `{type: remote, url, headers?}`; `enabled: true` is the default.
fn mcp_server(file: &ConfigFile, name: &str, entry: &Value) -> Result<McpServer, FileError> {
    let at = |k: Option<&'static str>| [&[MCP, name][..], k.as_slice()].concat();
    let bad = |k: Option<&'static str>, msg: &str| file.error(&at(k), msg);
    check_key("", name).map_err(|e| bad(None, &e.message))?;
    let mut entry = entry.as_object().cloned().ok_or_else(|| bad(None, "is not an object"))?;
    if entry.get(key::ENABLED) == Some(&Value::Bool(true)) {
        entry.shift_remove(key::ENABLED);
    }
    let kind = entry.shift_remove(key::TYPE);
    let transport = match kind.as_ref().and_then(Value::as_str) {
        Some(key::LOCAL) => {
            let command = strings(entry.shift_remove(key::COMMAND)).unwrap_or_default();
            let (command, args) =
                command.split_first().ok_or_else(|| bad(Some(key::COMMAND), "must be a non-empty list of strings"))?;
            let env = string_map(entry.shift_remove(key::ENVIRONMENT));
            let env = env.ok_or_else(|| bad(Some(key::ENVIRONMENT), "must map names to strings"))?;
            McpTransport::Stdio { command: command.clone(), args: args.to_vec(), env }
        }
        Some(key::REMOTE) => {
            let url = entry.shift_remove(key::URL).and_then(|u| u.as_str().map(String::from));
            let headers = string_map(entry.shift_remove(key::HEADERS));
            McpTransport::Http {
                url: url.ok_or_else(|| bad(Some(key::URL), "must be a string"))?,
                headers: headers.ok_or_else(|| bad(Some(key::HEADERS), "must map names to strings"))?,
            }
        }
        _ => return Err(bad(Some(key::TYPE), "must be `local` or `remote`")),
    };
    Ok(server(name, transport, entry, Runtime::OpenCode))
}

/// The bindings baked into our plugin; any other plugin is skipped.
fn plugin(r: &mut Reader) -> Result<Vec<HookBinding>, FileError> {
    for path in entries(&r.path(PLUGINS))? {
        let rel = r.rel(&path);
        if rel != PLUGIN {
            r.skip(&rel, None, "a plugin", "plugins are code; only agentops' own is read");
        }
    }
    let Some(text) = r.text(PLUGIN)? else { return Ok(Vec::new()) };
    let path = r.path(PLUGIN);
    let prefix = bindings_prefix().trim_start();
    let found =
        text.lines().enumerate().find_map(|(i, l)| l.trim_start().strip_prefix(prefix).map(|json| (i + 1, json)));
    let Some((line, json)) = found else {
        return Err(FileError::new(
            &path,
            None,
            format!("no `{}` line: not a plugin agentops wrote", prefix.trim_end()),
        ));
    };
    let bad = |msg: String| FileError::new(&path, Some(line), msg);
    let map: Map<String, Value> =
        serde_json::from_str(json).map_err(|e| bad(format!("the bindings are not JSON: {e}")))?;
    let mut out = Vec::new();
    for (name, matchers) in map {
        let event = HookEvent::parse(&name).ok_or_else(|| bad(format!("unknown event `{name}`")))?;
        for m in matchers.as_array().ok_or_else(|| bad(format!("`{name}` is not a list")))? {
            let matcher = match m {
                Value::Null => None,
                Value::String(m) => Some(m.clone()),
                _ => return Err(bad(format!("a matcher of `{name}` is not a string"))),
            };
            out.push(HookBinding { event, matcher, command: HookCommand::Bridge });
        }
    }
    Ok(out)
}
