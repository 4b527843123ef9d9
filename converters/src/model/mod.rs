//! The neutral model: everything a project compiles into agent runtimes, with a
//! place for every field any of the four runtimes can express. Emitters read
//! it; importers produce it. Nothing here knows a file format.

mod agent;
mod command;
mod extra;
mod hook;
mod mcp;
pub(crate) mod names;
mod permissions;
mod rule;
mod skill;

use std::collections::BTreeSet;

pub use agent::{Agent, AgentMode};
pub use command::Command;
pub use extra::{Extra, Extras};
pub use hook::{HookBinding, HookCommand, HookEvent};
pub use mcp::{McpServer, McpTransport};
pub use names::MAX_DESCRIPTION_LEN;
pub use permissions::Permissions;
pub use rule::Rule;
pub use skill::{CompanionFile, Skill};

use crate::error::ModelError;
use names::{check_description, check_key, check_line, check_name};

/// One project's worth of agent configuration.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Bundle {
    pub skills: Vec<Skill>,
    pub commands: Vec<Command>,
    pub agents: Vec<Agent>,
    pub rules: Vec<Rule>,
    /// Project-wide bindings (the built-in session hooks, imported hooks);
    /// skills carry their own in [`Skill::hooks`].
    pub hooks: Vec<HookBinding>,
    pub mcp_servers: Vec<McpServer>,
    pub permissions: Permissions,
}

impl Bundle {
    /// Checks what every emitter relies on: names usable as file names, one-line
    /// descriptions, no duplicates, no command named like a skill (Codex turns
    /// commands into skills). Returns the first problem found.
    pub fn validate(&self) -> Result<(), ModelError> {
        let mut skill_names = BTreeSet::new();
        for skill in &self.skills {
            let item = format!("skill `{}`", skill.name);
            check_name(&item, &skill.name)?;
            check_description(&item, &skill.description)?;
            unique(&mut skill_names, &item, &skill.name)?;
            let mut paths = BTreeSet::new();
            for file in &skill.files {
                if file.path.as_str() == "SKILL.md" {
                    return Err(ModelError::new(&item, "files", "a companion file may not be SKILL.md"));
                }
                if !paths.insert(file.path.as_str()) {
                    return Err(ModelError::new(&item, "files", format!("`{}` appears twice", file.path)));
                }
            }
            check_hooks(&item, &skill.hooks)?;
        }
        let mut names = BTreeSet::new();
        for command in &self.commands {
            let item = format!("command `{}`", command.name);
            check_name(&item, &command.name)?;
            if let Some(d) = &command.description {
                check_description(&item, d)?;
            }
            unique(&mut names, &item, &command.name)?;
            if skill_names.contains(&command.name) {
                return Err(ModelError::new(
                    &item,
                    "name",
                    "a skill has the same name (Codex turns commands into skills)",
                ));
            }
            for (field, value) in
                [("argument_hint", &command.argument_hint), ("model", &command.model), ("agent", &command.agent)]
            {
                if let Some(v) = value {
                    check_line(&item, field, v)?;
                }
            }
        }
        let mut names = BTreeSet::new();
        for agent in &self.agents {
            let item = format!("agent `{}`", agent.name);
            check_name(&item, &agent.name)?;
            check_description(&item, &agent.description)?;
            unique(&mut names, &item, &agent.name)?;
            for tool in agent.tools.iter().flatten() {
                check_line(&item, "tools", tool)?;
                if tool.contains(',') {
                    return Err(ModelError::new(&item, "tools", format!("`{tool}` contains a comma")));
                }
            }
            if let Some(model) = &agent.model {
                check_line(&item, "model", model)?;
            }
        }
        let mut names = BTreeSet::new();
        for rule in &self.rules {
            let item = format!("rule `{}`", rule.id);
            check_name(&item, &rule.id)?;
            check_line(&item, "title", &rule.title)?;
            if let Some(d) = &rule.description {
                check_description(&item, d)?;
            }
            unique(&mut names, &item, &rule.id)?;
            if rule.body.contains("<!-- agentops:") {
                return Err(ModelError::new(
                    &item,
                    "body",
                    "contains an `<!-- agentops:` marker, which delimits managed sections",
                ));
            }
            for glob in &rule.globs {
                check_line(&item, "globs", glob)?;
                if glob.contains([',', '"']) {
                    return Err(ModelError::new(&item, "globs", format!("`{glob}` contains `,` or `\"`")));
                }
            }
        }
        check_hooks("project hooks", &self.hooks)?;
        let mut names = BTreeSet::new();
        for server in &self.mcp_servers {
            let item = format!("MCP server `{}`", server.name);
            check_key(&item, &server.name)?;
            unique(&mut names, &item, &server.name)?;
            match &server.transport {
                McpTransport::Stdio { command, .. } => check_line(&item, "command", command)?,
                McpTransport::Http { url, .. } => check_line(&item, "url", url)?,
            }
        }
        Ok(())
    }

    /// Every hook binding, the project's and each skill's, sorted and without
    /// duplicates: what a runtime's hook config must contain.
    pub fn all_hooks(&self) -> Vec<HookBinding> {
        let all = self.hooks.iter().chain(self.skills.iter().flat_map(|s| &s.hooks)).cloned();
        all.collect::<BTreeSet<_>>().into_iter().collect()
    }
}

fn unique(seen: &mut BTreeSet<String>, item: &str, name: &str) -> Result<(), ModelError> {
    if seen.insert(name.to_string()) { Ok(()) } else { Err(ModelError::new(item, "name", "defined twice")) }
}

fn check_hooks(item: &str, hooks: &[HookBinding]) -> Result<(), ModelError> {
    for hook in hooks {
        if let Some(m) = &hook.matcher {
            check_line(item, "hooks.matcher", m)?;
        }
        if let HookCommand::Shell(cmd) = &hook.command {
            check_line(item, "hooks.command", cmd)?;
        }
    }
    Ok(())
}
