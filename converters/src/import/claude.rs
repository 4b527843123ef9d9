//! Claude Code's files into the model: `.claude/skills|commands|agents`, hooks
//! and permissions from `.claude/settings.json`, `.mcp.json`, CLAUDE.md; and,
//! when `.claude-plugin/plugin.json` is there, the plugin's own components at
//! its root (`skills/`, `commands/`, `agents/`, `hooks/hooks.json`, or the
//! paths its manifest adds).

use serde_json::Value;

use crate::config_file::ConfigFile;
use crate::error::FileError;
use crate::import::agents::markdown_agent;
use crate::import::commands::commands;
use crate::import::frontmatter::Document;
use crate::import::hooks::hooks;
use crate::import::instructions::rules;
use crate::import::mcp::{self, servers};
use crate::import::reader::Reader;
use crate::import::skills::skills;
use crate::layout::claude::{
    AGENT_TOOLS, AGENTS, COMMANDS, HOOKS, INSTRUCTIONS, MCP, PERMISSIONS, SETTINGS, SKILLS, plugin,
};
use crate::model::{Agent, Bundle, Permissions};
use crate::runtime::Runtime;
use crate::tree::RelativePath;

pub(crate) fn import(r: &mut Reader) -> Result<Bundle, FileError> {
    let mut b = Bundle {
        skills: skills(r, SKILLS)?,
        commands: commands(r, &COMMANDS, r.files(COMMANDS.dir, "md")?)?,
        agents: agents(r, r.files(AGENTS, "md")?)?,
        ..Default::default()
    };
    if let Some(settings) = r.json(SETTINGS)? {
        b.hooks = hooks(r, &HOOKS, &settings)?;
        b.permissions = permissions(&settings)?;
    }
    if let Some(file) = r.json(MCP.file)? {
        b.mcp_servers = servers(&file, MCP, Runtime::ClaudeCode)?;
    }
    b.rules = rules(r, INSTRUCTIONS, true)?;
    if let Some(manifest) = r.json(plugin::MANIFEST)? {
        plugin(r, &manifest, &mut b)?;
    }
    Ok(b)
}

/// Subagent files; `tools` is one string `A, B` (or a list).
fn agents(r: &Reader, files: Vec<String>) -> Result<Vec<Agent>, FileError> {
    let tools = |doc: &mut Document, agent: &mut Agent| {
        agent.tools = doc.take_list(AGENT_TOOLS)?;
        Ok(())
    };
    files.iter().map(|rel| markdown_agent(r, rel, tools)).collect()
}

/// `permissions.allow|ask|deny`; the other settings stay the user's.
fn permissions(settings: &ConfigFile) -> Result<Permissions, FileError> {
    let list = |key: &str| -> Result<Vec<String>, FileError> {
        let at = [PERMISSIONS, key];
        match settings.root.get(PERMISSIONS).and_then(|p| p.get(key)) {
            None => Ok(Vec::new()),
            Some(v) => mcp::strings(Some(v.clone())).ok_or_else(|| settings.error(&at, "must list strings")),
        }
    };
    Ok(Permissions { allow: list("allow")?, ask: list("ask")?, deny: list("deny")? })
}

/// A plugin's components: the default folders at its root plus the paths
/// its manifest adds; its metadata (name, version, author...) is not part of
/// the model.
fn plugin(r: &mut Reader, manifest: &ConfigFile, b: &mut Bundle) -> Result<(), FileError> {
    let paths = |(key, default): (&str, &str)| -> Result<Vec<String>, FileError> {
        let mut paths = vec![default.to_string()];
        let extra = match manifest.root.get(key) {
            None | Some(Value::Object(_)) => Vec::new(),
            Some(Value::String(p)) => vec![p.clone()],
            Some(v) => mcp::strings(Some(v.clone())).ok_or_else(|| manifest.error(&[key], "must be paths"))?,
        };
        for p in extra {
            let clean = p.trim_start_matches("./").trim_end_matches('/');
            let rel = RelativePath::new(clean).map_err(|e| manifest.error(&[key], e))?;
            paths.push(rel.to_string());
        }
        paths.dedup();
        Ok(paths)
    };
    for dir in paths(plugin::SKILLS)? {
        b.skills.extend(skills(r, &dir)?);
    }
    for dir in paths(plugin::COMMANDS)? {
        b.commands.extend(commands(r, &COMMANDS, r.files(&dir, "md")?)?);
    }
    for dir in paths(plugin::AGENTS)? {
        b.agents.extend(agents(r, r.files(&dir, "md")?)?);
    }
    for rel in paths(plugin::HOOKS)? {
        if let Some(file) = r.json(&rel)? {
            b.hooks.extend(hooks(r, &HOOKS, &file)?);
        }
    }
    for rel in paths(plugin::MCP)?.into_iter().filter(|rel| rel != MCP.file) {
        if let Some(file) = r.json(&rel)? {
            b.mcp_servers.extend(servers(&file, MCP, Runtime::ClaudeCode)?);
        }
    }
    for key in
        [plugin::HOOKS.0, plugin::MCP.0].into_iter().filter(|k| manifest.root.get(*k).is_some_and(Value::is_object))
    {
        r.skip(
            plugin::MANIFEST,
            manifest.line(&[key]),
            format!("inline `{key}`"),
            "only a path to a file of its own is read",
        );
    }
    let components = [plugin::SKILLS.0, plugin::COMMANDS.0, plugin::AGENTS.0, plugin::HOOKS.0, plugin::MCP.0];
    let metadata: Vec<&str> = manifest.root.keys().map(String::as_str).filter(|k| !components.contains(k)).collect();
    if !metadata.is_empty() {
        let what =
            format!("plugin metadata ({})", metadata.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", "));
        r.skip(plugin::MANIFEST, Some(1), what, "a plugin's manifest is not part of the model");
    }
    Ok(())
}
