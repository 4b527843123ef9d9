//! Reads a Claude Code project into the model: `.claude/skills|commands|agents`,
//! hooks and permissions from `.claude/settings.json`, `.mcp.json`, and the
//! rules in CLAUDE.md's agentops section. Files that do not exist are simply
//! absent from the model; malformed ones are errors naming file and line.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use agentops_manifest::SkillMd;
use serde_json::Value;

use crate::emit::Runtime;
use crate::error::FileError;
use crate::import::frontmatter::Document;
use crate::instructions;
use crate::merge::markdown_section;
use crate::model::{Agent, Bundle, Command, HookBinding, HookEvent, McpServer, McpTransport, Permissions, Skill};
use crate::skill_folder::{self, companion_files, entries};

/// Imports the Claude Code files under project `root`.
pub fn import_claude(root: &Path) -> Result<Bundle, FileError> {
    let mut bundle = Bundle::default();
    for dir in entries(&root.join(".claude/skills"))?.into_iter().filter(|d| d.join("SKILL.md").is_file()) {
        bundle.skills.push(skill(&dir)?);
    }
    for file in markdown_files(&root.join(".claude/commands"))? {
        bundle.commands.push(command(&file)?);
    }
    for file in markdown_files(&root.join(".claude/agents"))? {
        bundle.agents.push(agent(&file)?);
    }
    if let Some(settings) = read_json(&root.join(".claude/settings.json"))? {
        let path = root.join(".claude/settings.json");
        bundle.hooks = hooks(&path, &settings)?;
        bundle.permissions = permissions(&path, &settings)?;
    }
    if let Some(mcp) = read_json(&root.join(".mcp.json"))? {
        bundle.mcp_servers = mcp_servers(&root.join(".mcp.json"), &mcp)?;
    }
    let claude_md = root.join("CLAUDE.md");
    if let Some(text) = read_text(&claude_md)?
        && let Some((line, section)) = markdown_section(&claude_md, &text)?
    {
        bundle.rules = instructions::parse(&claude_md, &section, line)?;
    }
    Ok(bundle)
}

fn skill(dir: &Path) -> Result<Skill, FileError> {
    let path = dir.join("SKILL.md");
    let text = read_text(&path)?.unwrap_or_default();
    let folder = dir.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let md = SkillMd::parse(&path, &text, folder).map_err(|e| FileError::new(&path, e.line, e.message))?;
    let mut files = Vec::new();
    companion_files(dir, "", &mut files)?;
    skill_folder::skill(&path, md, files)
}

fn command(path: &Path) -> Result<Command, FileError> {
    let text = read_text(path)?.unwrap_or_default();
    let mut doc = Document::parse(path, &text)?;
    Ok(Command {
        name: stem(path),
        description: doc.take_str("description")?,
        argument_hint: doc.take_str("argument-hint")?,
        model: doc.take_str("model")?,
        agent: None,
        subtask: None,
        body: std::mem::take(&mut doc.body),
        extra: std::mem::take(&mut doc.fields),
    })
}

fn agent(path: &Path) -> Result<Agent, FileError> {
    let text = read_text(path)?.unwrap_or_default();
    let mut doc = Document::parse(path, &text)?;
    let name = doc.take_str("name")?.unwrap_or_else(|| stem(path));
    let description = doc.take_str("description")?.ok_or_else(|| doc.error("description", "is required"))?;
    Ok(Agent {
        name,
        description,
        tools: doc.take_list("tools")?,
        model: doc.take_str("model")?,
        mode: None,
        permission: None,
        instructions: std::mem::take(&mut doc.body),
        extra: std::mem::take(&mut doc.fields),
    })
}

/// `hooks.EVENT[].hooks[]` command handlers; events agentops does not model
/// (Notification, SubagentStop, ...) are left to the user's file.
fn hooks(path: &Path, settings: &Value) -> Result<Vec<HookBinding>, FileError> {
    let mut out = Vec::new();
    let Some(hooks) = settings.get("hooks") else { return Ok(out) };
    let hooks = hooks.as_object().ok_or_else(|| FileError::new(path, None, "`hooks` is not an object"))?;
    for (name, groups) in hooks {
        let Some(event) = HookEvent::from_pascal_case(name) else { continue };
        let bad = || FileError::new(path, None, format!("`hooks.{name}` is not a list of matcher groups"));
        for group in groups.as_array().ok_or_else(bad)? {
            let matcher = group.get("matcher").and_then(Value::as_str).filter(|m| !m.is_empty());
            for handler in group.get("hooks").and_then(Value::as_array).ok_or_else(bad)? {
                if let Some(command) = handler.get("command").and_then(Value::as_str) {
                    out.push(crate::emit::hook_binding(event, matcher, command, Runtime::ClaudeCode.as_str()));
                }
            }
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn permissions(path: &Path, settings: &Value) -> Result<Permissions, FileError> {
    let list = |key: &str| -> Result<Vec<String>, FileError> {
        match settings.pointer(&format!("/permissions/{key}")) {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => items
                .iter()
                .map(|v| v.as_str().map(String::from))
                .collect::<Option<_>>()
                .ok_or_else(|| FileError::new(path, None, format!("`permissions.{key}` must list strings"))),
            Some(_) => Err(FileError::new(path, None, format!("`permissions.{key}` must be a list"))),
        }
    };
    Ok(Permissions { allow: list("allow")?, ask: list("ask")?, deny: list("deny")? })
}

fn mcp_servers(path: &Path, mcp: &Value) -> Result<Vec<McpServer>, FileError> {
    let Some(servers) = mcp.get("mcpServers") else { return Ok(Vec::new()) };
    let servers = servers.as_object().ok_or_else(|| FileError::new(path, None, "`mcpServers` is not an object"))?;
    let mut out = Vec::new();
    for (name, entry) in servers {
        let bad = |msg: &str| FileError::new(path, None, format!("`mcpServers.{name}`: {msg}"));
        let mut entry = entry.as_object().cloned().ok_or_else(|| bad("not an object"))?;
        let kind = entry.get("type").and_then(Value::as_str).map(String::from);
        if matches!(kind.as_deref(), Some("stdio" | "http")) {
            entry.shift_remove("type");
        }
        let transport = if let Some(command) = entry.shift_remove("command") {
            McpTransport::Stdio {
                command: command.as_str().ok_or_else(|| bad("`command` must be a string"))?.to_string(),
                args: strings(entry.shift_remove("args")).ok_or_else(|| bad("`args` must list strings"))?,
                env: string_map(entry.shift_remove("env")).ok_or_else(|| bad("`env` must map names to strings"))?,
            }
        } else if let Some(url) = entry.shift_remove("url") {
            McpTransport::Http {
                url: url.as_str().ok_or_else(|| bad("`url` must be a string"))?.to_string(),
                headers: string_map(entry.shift_remove("headers"))
                    .ok_or_else(|| bad("`headers` must map names to strings"))?,
            }
        } else {
            return Err(bad("neither `command` nor `url`"));
        };
        out.push(McpServer { name: name.clone(), transport, extra: entry });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

fn strings(v: Option<Value>) -> Option<Vec<String>> {
    match v {
        None => Some(Vec::new()),
        Some(Value::Array(items)) => items.into_iter().map(|i| i.as_str().map(String::from)).collect(),
        Some(_) => None,
    }
}

fn string_map(v: Option<Value>) -> Option<BTreeMap<String, String>> {
    match v {
        None => Some(BTreeMap::new()),
        Some(Value::Object(map)) => map.into_iter().map(|(k, v)| v.as_str().map(|s| (k, s.to_string()))).collect(),
        Some(_) => None,
    }
}

fn stem(path: &Path) -> String {
    path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string()
}

fn markdown_files(dir: &Path) -> Result<Vec<PathBuf>, FileError> {
    Ok(entries(dir)?.into_iter().filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "md")).collect())
}

fn read_text(path: &Path) -> Result<Option<String>, FileError> {
    match fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(FileError::new(path, None, format!("cannot read: {e}"))),
    }
}

fn read_json(path: &Path) -> Result<Option<Value>, FileError> {
    let Some(text) = read_text(path)? else { return Ok(None) };
    let value: Value = serde_json::from_str(&text)
        .map_err(|e| FileError::new(path, Some(e.line()), format!("not valid JSON: {e}")))?;
    if !value.is_object() {
        return Err(FileError::new(path, Some(1), "expected a JSON object at the top level"));
    }
    Ok(Some(value))
}
