//! The tables of `.agents/agentops.toml` the compiler reads:
//!
//! ```toml
//! [compile]
//! runtimes = ["claude-code", "codex"]   # default: all four
//! binary = "/opt/agentops/bin/agentops" # default: `agentops` through PATH
//! token_budget = 8000                   # per runtime (or `{ cursor = 12000 }`); 0: no check
//!
//! [compile.plugin]                      # the Claude Code plugin `--plugin` writes
//! name = "our-tools"                    # see [`super::PluginTable`] for every key
//!
//! [[commands]]
//! name = "review"
//! description = "Review the current diff"
//! body = "Review $ARGUMENTS with care."
//! argument_hint = "[files]"   # optional, as are model, agent, subtask
//!
//! [[agents]]
//! name = "reviewer"
//! description = "Reviews code for bugs"
//! instructions = "You review code."
//! tools = ["Read", "Grep"]    # optional, as are model and mode (primary | subagent | all)
//! permission = { deny = ["Edit"] }            # optional: allow / ask / deny rules
//! extra = { claude-code = { color = "blue" } } # optional: keys for one runtime only
//!
//! [mcp_servers.ledger]        # stdio: command, args, env; or http: url, headers
//! command = "agentops"
//! args = ["mcp"]
//! ```
//!
//! `extra` (on commands, agents and servers too) holds keys a runtime's own
//! files had that the model has no field for, per runtime: `agentops import`
//! writes them, and compiling writes each back to its runtime only.
//!
//! Unknown keys inside these tables are errors with their line, so a typo is
//! never silently ignored; so are names and descriptions emitting would refuse
//! (`name = "../evil"`, a command defined twice), checked here where the
//! entry's line is known. Other top-level tables (`[policy]`, `[ledger]`, ...)
//! belong to other parsers and are skipped here.

use std::collections::BTreeMap;
use std::path::Path;

use agentops_manifest::lines::{line_of_offset, line_starting_with};
use serde::Deserialize;

use crate::config_file;
use crate::error::{FileError, ModelError};
use crate::model::{
    Agent, AgentMode, Bundle, Command, Extra, Extras, McpServer, McpTransport, Permissions, check_each,
};
use crate::runtime::Runtime;
use crate::source::plugin::PluginTable;
use crate::tokens::TokenBudget;

/// The project's configuration file, relative to its root.
pub const CONFIG: &str = ".agents/agentops.toml";

/// How to compile: the `[compile]` table.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompileConfig {
    /// Targets when `--runtime` is not given; `None` means all four.
    #[serde(default, deserialize_with = "runtimes")]
    pub runtimes: Option<Vec<Runtime>>,
    /// How hook configs call agentops; `None` means `agentops` through PATH.
    pub binary: Option<String>,
    /// What each runtime may load in every session (see [`crate::tokens`]).
    #[serde(default)]
    pub token_budget: TokenBudget,
    /// `[compile.plugin]`: the Claude Code plugin `--plugin` writes.
    #[serde(default)]
    pub plugin: PluginTable,
    /// `[hooks] prompt_lookup`: whether user prompts are wired to the bridge.
    #[serde(skip)]
    pub prompt_lookup: bool,
}

/// The one key of `[hooks]` the compiler needs (the hook bridge reads and
/// checks the whole table).
#[derive(Debug, Default, Deserialize)]
struct HooksFlags {
    #[serde(default)]
    prompt_lookup: bool,
}

#[derive(Deserialize)]
struct ConfigFile {
    #[serde(default)]
    compile: CompileConfig,
    #[serde(default)]
    commands: Vec<CommandEntry>,
    #[serde(default)]
    agents: Vec<AgentEntry>,
    #[serde(default)]
    mcp_servers: BTreeMap<String, McpEntry>,
    #[serde(default)]
    hooks: HooksFlags,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CommandEntry {
    name: String,
    description: Option<String>,
    body: String,
    argument_hint: Option<String>,
    model: Option<String>,
    agent: Option<String>,
    subtask: Option<bool>,
    #[serde(default, deserialize_with = "extras")]
    extra: Extras,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AgentEntry {
    name: String,
    description: String,
    instructions: String,
    tools: Option<Vec<String>>,
    model: Option<String>,
    mode: Option<ModeName>,
    permission: Option<PermissionEntry>,
    #[serde(default, deserialize_with = "extras")]
    extra: Extras,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PermissionEntry {
    #[serde(default)]
    allow: Vec<String>,
    #[serde(default)]
    ask: Vec<String>,
    #[serde(default)]
    deny: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
enum ModeName {
    Primary,
    Subagent,
    All,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct McpEntry {
    command: Option<String>,
    #[serde(default)]
    args: Vec<String>,
    #[serde(default)]
    env: BTreeMap<String, String>,
    url: Option<String>,
    #[serde(default)]
    headers: BTreeMap<String, String>,
    #[serde(default, deserialize_with = "extras")]
    extra: Extras,
}

fn runtimes<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Vec<Runtime>>, D::Error> {
    let names = Vec::<String>::deserialize(d)?;
    let known = || Runtime::ALL.map(Runtime::as_str).join(", ");
    let parsed = names.iter().map(|n| {
        Runtime::parse(n).ok_or_else(|| serde::de::Error::custom(format!("unknown runtime `{n}`; use {}", known())))
    });
    parsed.collect::<Result<Vec<_>, _>>().map(Some)
}

/// `extra` tables, keyed by runtime name.
fn extras<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Extras, D::Error> {
    let by_name = BTreeMap::<String, Extra>::deserialize(d)?;
    let known = || Runtime::ALL.map(Runtime::as_str).join(", ");
    by_name
        .into_iter()
        .map(|(name, keys)| match Runtime::parse(&name) {
            Some(runtime) => Ok((runtime, keys)),
            None => Err(serde::de::Error::custom(format!("unknown runtime `{name}` in `extra`; use {}", known()))),
        })
        .collect()
}

/// The commands, agents and MCP servers of the project at `root` (an otherwise
/// empty bundle) and its `[compile]` table; all empty without the file.
pub(super) fn load(root: &Path) -> Result<(Bundle, CompileConfig), FileError> {
    let path = root.join(CONFIG);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Default::default()),
        Err(e) => return Err(FileError::new(&path, None, format!("cannot read: {e}"))),
    };
    parse(&path, &text)
}

pub(super) fn parse(path: &Path, text: &str) -> Result<(Bundle, CompileConfig), FileError> {
    let file: ConfigFile = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_of_offset(text.as_bytes(), s.start));
        FileError::new(path, line, format!("{} (see the compiler's tables in docs/converters.md)", e.message().trim()))
    })?;
    let mut bundle = Bundle {
        commands: file.commands.into_iter().map(command).collect(),
        agents: file.agents.into_iter().map(agent).collect(),
        ..Default::default()
    };
    for (name, mut entry) in file.mcp_servers {
        let extra = std::mem::take(&mut entry.extra);
        let transport = match entry {
            McpEntry { command: Some(command), url: None, args, env, headers, .. } if headers.is_empty() => {
                McpTransport::Stdio { command, args, env }
            }
            McpEntry { command: None, url: Some(url), args, env, headers, .. } if args.is_empty() && env.is_empty() => {
                McpTransport::Http { url, headers }
            }
            _ => {
                let line = line_starting_with(text, &format!("[mcp_servers.{name}]"));
                let message = format!(
                    "MCP server `{name}` needs either `command` (with optional args, env) or `url` (with optional headers)"
                );
                return Err(FileError::new(path, line, message));
            }
        };
        bundle.mcp_servers.push(McpServer { name, transport, extra });
    }
    check(path, text, &bundle)?;
    Ok((bundle, CompileConfig { prompt_lookup: file.hooks.prompt_lookup, ..file.compile }))
}

/// Runs the model's checks of each entry (see [`Bundle::validate`]) and names
/// the line of the key at fault, which `emit` cannot: it knows no file.
fn check(path: &Path, text: &str, bundle: &Bundle) -> Result<(), FileError> {
    let at = |table: &str, entry: String, e: ModelError| {
        let keys = [table, &entry, &e.field];
        let line = config_file::ConfigFile::toml(path, text).ok().and_then(|file| file.line(&keys));
        FileError::new(path, line, e.to_string())
    };
    check_each(&bundle.commands).map_err(|(i, e)| at("commands", i.to_string(), e))?;
    check_each(&bundle.agents).map_err(|(i, e)| at("agents", i.to_string(), e))?;
    check_each(&bundle.mcp_servers).map_err(|(i, e)| at("mcp_servers", bundle.mcp_servers[i].name.clone(), e))
}

fn command(c: CommandEntry) -> Command {
    Command {
        name: c.name,
        description: c.description,
        body: c.body,
        argument_hint: c.argument_hint,
        model: c.model,
        agent: c.agent,
        subtask: c.subtask,
        extra: c.extra,
    }
}

fn agent(a: AgentEntry) -> Agent {
    let mode = a.mode.map(|m| match m {
        ModeName::Primary => AgentMode::Primary,
        ModeName::Subagent => AgentMode::Subagent,
        ModeName::All => AgentMode::All,
    });
    Agent {
        name: a.name,
        description: a.description,
        instructions: a.instructions,
        tools: a.tools,
        model: a.model,
        mode,
        permission: a.permission.map(|p| Permissions { allow: p.allow, ask: p.ask, deny: p.deny }),
        extra: a.extra,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_err(text: &str) -> FileError {
        parse(Path::new("agentops.toml"), text).unwrap_err()
    }

    #[test]
    fn reads_every_table_and_ignores_other_parsers_tables() {
        let text = "[policy]\nallow = []\n\n[ledger]\nhalf_life_days = 9.0\n\n[compile]\nruntimes = [\"codex\"]\n\n\
            [[commands]]\nname = \"review\"\nbody = \"Review.\\n\"\n\n\
            [[agents]]\nname = \"reviewer\"\ndescription = \"Reviews.\"\ninstructions = \"Be kind.\"\nmode = \"subagent\"\n\n\
            [mcp_servers.docs]\nurl = \"https://example.test/mcp\"\n";
        let (bundle, config) = parse(Path::new("agentops.toml"), text).unwrap();
        assert_eq!(config.runtimes, Some(vec![Runtime::Codex]));
        assert_eq!(bundle.commands[0].body, "Review.\n");
        assert_eq!(bundle.agents[0].mode, Some(AgentMode::Subagent));
        assert!(matches!(bundle.mcp_servers[0].transport, McpTransport::Http { .. }));
    }

    #[test]
    fn unknown_keys_and_runtimes_name_their_line() {
        let err =
            parse_err("[compile]\nruntimes = [\"codex\"]\n\n[[commands]]\nname = \"x\"\nbody = \"y\"\nbdoy = 1\n");
        assert_eq!(err.line, Some(7), "{err}");
        assert!(err.message.contains("unknown field `bdoy`"), "{err}");
        let err = parse_err("[compile]\nruntimes = [\"vim\"]\n");
        assert_eq!(err.line, Some(2), "{err}");
        assert!(err.message.contains("unknown runtime `vim`"), "{err}");
        let err = parse_err("[mcp_servers.x]\nargs = [\"a\"]\n");
        assert_eq!(err.line, Some(1), "{err}");
        let err =
            parse_err("[[agents]]\nname = \"a\"\ndescription = \"d\"\ninstructions = \"\"\nextra = { vim = {} }\n");
        assert_eq!(err.line, Some(5), "{err}");
        assert!(err.message.contains("unknown runtime `vim` in `extra`"), "{err}");
    }
}
