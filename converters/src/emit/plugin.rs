//! The Claude Code plugin form: the project's skills, commands and agents at a
//! plugin's root (`skills/`, `commands/`, `agents/`), its hooks in
//! `hooks/hooks.json`, its MCP servers in `.mcp.json`, described by
//! `.claude-plugin/plugin.json`, and a one-plugin `marketplace.json` beside it
//! so the folder can be added with `/plugin marketplace add DIR` as is.
//!
//! Every file of a plugin folder is ours, so nothing here is merged. What a
//! plugin cannot carry is in the fidelity report: rules (a plugin has no
//! always-loaded instructions) and permission rules (they belong to the
//! settings of the user or the project that installs it).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::emit::claude::agent_md;
use crate::emit::components::{Components, write_components};
use crate::emit::hooks::hook_slots;
use crate::emit::mcp::server_entries;
use crate::emit::{EmitOptions, Emitted, Output};
use crate::error::ModelError;
use crate::fidelity::{Subject, Treatment};
use crate::layout::claude::plugin as files;
use crate::layout::claude::{HOOKS, MCP};
use crate::layout::{DESCRIPTION, NAME};
use crate::merge::JsonManaged;
use crate::model::Bundle;
use crate::model::names::{check_description, check_line, check_name};
use crate::runtime::Runtime;

/// What `plugin.json` says about the plugin, in the order Claude Code's own
/// plugins write it. `None` and empty fields are left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plugin {
    /// Kebab-case: the namespace of its skills and commands (`/name:skill`).
    pub name: String,
    pub description: String,
    /// Claude Code offers an update when this changes, and only then.
    pub version: String,
    /// Required here: `claude plugin validate --strict` fails without one.
    pub author: Author,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub homepage: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repository: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub license: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
}

/// A plugin's author, who is also its marketplace's owner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Author {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl Plugin {
    /// Checks what Claude Code refuses to load: a name that is not kebab-case,
    /// a description on several lines, an empty author name.
    pub fn validate(&self) -> Result<(), ModelError> {
        const ITEM: &str = "plugin";
        check_name(ITEM, &self.name)?;
        check_description(ITEM, &self.description)?;
        check_line(ITEM, "version", &self.version)?;
        check_line(ITEM, "author.name", &self.author.name)?;
        let optional = [
            ("author.email", &self.author.email),
            ("author.url", &self.author.url),
            ("homepage", &self.homepage),
            ("repository", &self.repository),
            ("license", &self.license),
        ];
        for (field, value) in optional {
            if let Some(v) = value {
                check_line(ITEM, field, v)?;
            }
        }
        self.keywords.iter().try_for_each(|k| check_line(ITEM, "keywords", k))
    }
}

/// Validates `bundle` and `plugin` and writes the bundle as a Claude Code
/// plugin folder (paths relative to the plugin's root).
pub fn emit_plugin(bundle: &Bundle, plugin: &Plugin, options: &EmitOptions) -> Result<Emitted, ModelError> {
    bundle.validate()?;
    plugin.validate()?;
    Output::run(Runtime::ClaudeCode, options, |out| write_plugin(bundle, plugin, out))
}

fn write_plugin(bundle: &Bundle, plugin: &Plugin, out: &mut Output) -> Result<(), ModelError> {
    let at =
        Components { skills: files::SKILLS.1, commands: &files::COMMAND_FORMAT, agents: files::AGENTS.1, agent_md };
    write_components(bundle, out, &at)?;
    if let Some(hooks) = hook_slots(out, bundle, &HOOKS) {
        out.owned_json(files::HOOKS.1, JsonManaged { hooks: Some(hooks), ..Default::default() })?;
    }
    if !bundle.mcp_servers.is_empty() {
        let keys = server_entries(&bundle.mcp_servers, out, MCP);
        out.owned_json(files::MCP.1, JsonManaged { keys, ..Default::default() })?;
    }
    for rule in &bundle.rules {
        out.report.note(
            &Subject::Rule(rule.id.clone()),
            "rule",
            Treatment::Dropped,
            "a plugin has no always-loaded instructions; compile without --plugin to put rules in CLAUDE.md",
        );
    }
    if !bundle.permissions.is_empty() {
        out.report.note(
            &Subject::Permissions,
            "allow/ask/deny",
            Treatment::Dropped,
            "a plugin cannot set permission rules; they belong to the settings of whoever installs it",
        );
    }
    out.owned(files::MANIFEST.into(), pretty(&serde_json::to_value(plugin).expect("plain strings serialize")))?;
    out.owned(files::MARKETPLACE.into(), pretty(&marketplace(plugin)))
}

/// A marketplace named and described as the plugin, owned by its author,
/// listing the plugin at its own root (as the plugins Claude Code's own
/// marketplaces list: name, description, version, source, author).
fn marketplace(plugin: &Plugin) -> Value {
    let mut owner = Map::new();
    owner.insert(NAME.into(), plugin.author.name.as_str().into());
    if let Some(email) = &plugin.author.email {
        owner.insert("email".into(), email.as_str().into());
    }
    let entry = json!({
        NAME: plugin.name,
        DESCRIPTION: plugin.description,
        "version": plugin.version,
        "source": files::SOURCE_HERE,
        "author": plugin.author,
    });
    json!({NAME: plugin.name, DESCRIPTION: plugin.description, "owner": owner, "plugins": [entry]})
}

/// Two-space JSON with a final newline, as the merged JSON files are written.
fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("a JSON value always serializes");
    text.push('\n');
    text
}
