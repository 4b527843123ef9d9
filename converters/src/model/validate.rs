//! What every emitter relies on: names usable as file names, one-line
//! descriptions, no duplicates, no command named like a skill (Codex turns
//! commands into skills). Each kind of item checks itself through [`Checked`],
//! so the source loader can run the same checks on the entries of
//! agentops.toml and name the line of the one at fault.

use std::collections::BTreeSet;

use crate::error::ModelError;
use crate::model::names::{check_description, check_key, check_line, check_name};
use crate::model::{Agent, Bundle, Command, HookBinding, HookCommand, McpServer, McpTransport, Rule, Skill};

/// An item whose name is unique among its kind.
pub(crate) trait Checked {
    /// How errors name the kind: `command`, `MCP server`.
    const KIND: &'static str;
    fn name(&self) -> &str;
    /// The checks of the item alone; `item` names it in errors.
    fn check(&self, item: &str) -> Result<(), ModelError>;
}

/// Checks each item, then that no name is used twice. The error comes with
/// the index of the item at fault.
pub(crate) fn check_each<T: Checked>(items: &[T]) -> Result<(), (usize, ModelError)> {
    let mut seen = BTreeSet::new();
    for (i, it) in items.iter().enumerate() {
        let item = format!("{} `{}`", T::KIND, it.name());
        it.check(&item).map_err(|e| (i, e))?;
        if !seen.insert(it.name()) {
            return Err((i, ModelError::new(&item, "name", "defined twice")));
        }
    }
    Ok(())
}

impl Bundle {
    /// Checks what every emitter relies on: names usable as file names, one-line
    /// descriptions, no duplicates, no command named like a skill (Codex turns
    /// commands into skills). Returns the first problem found.
    pub fn validate(&self) -> Result<(), ModelError> {
        let first = |checked: Result<(), (usize, ModelError)>| checked.map_err(|(_, e)| e);
        first(check_each(&self.skills))?;
        first(check_each(&self.commands))?;
        if let Some(c) = self.commands.iter().find(|c| self.skills.iter().any(|s| s.name == c.name)) {
            let item = format!("{} `{}`", Command::KIND, c.name);
            return Err(ModelError::new(item, "name", "a skill has the same name (Codex turns commands into skills)"));
        }
        first(check_each(&self.agents))?;
        first(check_each(&self.rules))?;
        check_hooks("project hooks", &self.hooks)?;
        first(check_each(&self.mcp_servers))
    }
}

impl Checked for Skill {
    const KIND: &'static str = "skill";

    fn name(&self) -> &str {
        &self.name
    }

    fn check(&self, item: &str) -> Result<(), ModelError> {
        check_name(item, &self.name)?;
        check_description(item, &self.description)?;
        let mut paths = BTreeSet::new();
        for file in &self.files {
            if file.path.as_str() == "SKILL.md" {
                return Err(ModelError::new(item, "files", "a companion file may not be SKILL.md"));
            }
            if !paths.insert(file.path.as_str()) {
                return Err(ModelError::new(item, "files", format!("`{}` appears twice", file.path)));
            }
        }
        check_hooks(item, &self.hooks)
    }
}

impl Checked for Command {
    const KIND: &'static str = "command";

    fn name(&self) -> &str {
        &self.name
    }

    fn check(&self, item: &str) -> Result<(), ModelError> {
        check_name(item, &self.name)?;
        if let Some(d) = &self.description {
            check_description(item, d)?;
        }
        for (field, value) in [("argument_hint", &self.argument_hint), ("model", &self.model), ("agent", &self.agent)] {
            if let Some(v) = value {
                check_line(item, field, v)?;
            }
        }
        Ok(())
    }
}

impl Checked for Agent {
    const KIND: &'static str = "agent";

    fn name(&self) -> &str {
        &self.name
    }

    fn check(&self, item: &str) -> Result<(), ModelError> {
        check_name(item, &self.name)?;
        check_description(item, &self.description)?;
        for tool in self.tools.iter().flatten() {
            check_line(item, "tools", tool)?;
            if tool.contains(',') {
                return Err(ModelError::new(item, "tools", format!("`{tool}` contains a comma")));
            }
        }
        if let Some(model) = &self.model {
            check_line(item, "model", model)?;
        }
        Ok(())
    }
}

impl Checked for Rule {
    const KIND: &'static str = "rule";

    fn name(&self) -> &str {
        &self.id
    }

    fn check(&self, item: &str) -> Result<(), ModelError> {
        check_name(item, &self.id)?;
        check_line(item, "title", &self.title)?;
        if let Some(d) = &self.description {
            check_description(item, d)?;
        }
        if self.body.contains("<!-- agentops:") {
            let why = "contains an `<!-- agentops:` marker, which delimits managed sections";
            return Err(ModelError::new(item, "body", why));
        }
        for glob in &self.globs {
            check_line(item, "globs", glob)?;
            if glob.contains([',', '"']) {
                return Err(ModelError::new(item, "globs", format!("`{glob}` contains `,` or `\"`")));
            }
        }
        Ok(())
    }
}

impl Checked for McpServer {
    const KIND: &'static str = "MCP server";

    fn name(&self) -> &str {
        &self.name
    }

    fn check(&self, item: &str) -> Result<(), ModelError> {
        check_key(item, &self.name)?;
        match &self.transport {
            McpTransport::Stdio { command, .. } => check_line(item, "command", command),
            McpTransport::Http { url, .. } => check_line(item, "url", url),
        }
    }
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
