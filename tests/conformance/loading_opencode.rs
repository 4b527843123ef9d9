//! OpenCode loads what `agentops compile --runtime opencode` wrote, each
//! command with a fresh home:
//!
//! - `opencode debug config`: every command with its description and prompt,
//!   every agent with its description, mode and prompt, every MCP server as
//!   we wrote it, and our plugin, as OpenCode parsed them;
//! - `opencode debug agent NAME`: the mode OpenCode gives each agent (`all`
//!   when the agent names none) and its model, read as `provider/model` (a
//!   bare name such as `opus` is not written: OpenCode would read it as a
//!   provider with no model);
//! - `opencode debug skill`: every skill, from `.opencode/skills/`, with its
//!   description;
//! - `opencode mcp list`: both probes connected.
//!
//! And a gap: OpenCode also scans the project's `.claude/skills/` and
//! `.agents/skills/`, so beside Codex it lists the skills our commands became
//! for Codex as skills of its own (docs/converters.md, "Tested with the real
//! clients").

use std::path::{Path, PathBuf};
use std::process::Command;

use agentops_converters::Runtime;
use agentops_converters::model::{Bundle, McpTransport};
use serde_json::{Value, json};

use crate::loading::{self, LOAD_TIMEOUT, OFFLINE_SERVER, PROBE, PROBE_HTTP, plain};
use crate::opencode::preinstall_plugin_package;
use crate::session::{self, Scratch};

#[test]
fn every_compiled_item_is_parsed() {
    let Some(opencode) = session::client("AGENTOPS_OPENCODE", "OpenCode") else { return };
    session::offline(|| {
        let scratch = loading::compiled_with("opencode", MODELS);
        preinstall_plugin_package(&scratch.project.join(".opencode"));
        let want = loading::imported(&scratch, Runtime::OpenCode);
        // The bare model name is not written; the `provider/model` one is.
        let model = |name: &str| want.agents.iter().find(|a| a.name == name).unwrap().model.clone();
        assert_eq!((model("model-alias"), model("model-id")), (None, Some("scripted/model".into())));

        let config: Value = json_of(&run(&scratch, &opencode, "opencode-debug-config", &["debug", "config"]));
        assert_commands(&config, &want);
        assert_agents(&config, &want);
        assert_servers(&config, &want);
        let plugin = format!("file://{}/.opencode/plugins/agentops.ts", scratch.project.display());
        assert!(config["plugin"].as_array().is_some_and(|p| p.contains(&json!(plugin))), "{}", config["plugin"]);

        for agent in &want.agents {
            let label = format!("opencode-debug-agent-{}", agent.name);
            let resolved = json_of(&run(&scratch, &opencode, &label, &["debug", "agent", &agent.name]));
            let mode = agent.mode.map_or("all", |m| m.as_str());
            assert_eq!(resolved["mode"], mode, "agent {}: {resolved}", agent.name);
            assert_eq!(resolved["description"], agent.description.as_str(), "{resolved}");
            let model = agent.model.as_deref().and_then(|m| m.split_once('/'));
            let model = model.map(|(provider, id)| json!({"providerID": provider, "modelID": id}));
            assert_eq!(resolved.get("model"), model.as_ref(), "agent {}: {resolved}", agent.name);
        }

        let skills = json_of(&run(&scratch, &opencode, "opencode-debug-skill", &["debug", "skill"]));
        assert_skills(&skills, &want, &scratch.project);

        let list = plain(&run(&scratch, &opencode, "opencode-mcp-list", &["mcp", "list"]));
        let status = |name: &str| {
            let line = list.lines().find(|l| l.split_whitespace().any(|w| w == name));
            line.unwrap_or_else(|| panic!("{name} is not listed: {list}")).trim_end().to_string()
        };
        for server in &want.mcp_servers {
            status(&server.name);
        }
        for probe in [PROBE, PROBE_HTTP] {
            assert!(status(probe).ends_with(" connected"), "{list}");
        }
        assert!(status(OFFLINE_SERVER).ends_with(" failed"), "{list}");
    });
}

#[test]
fn beside_codex_the_commands_are_also_listed_as_skills() {
    let Some(opencode) = session::client("AGENTOPS_OPENCODE", "OpenCode") else { return };
    session::offline(|| {
        let scratch = Scratch::new("opencode-all");
        scratch.agentops(&["compile", "--runtime", "all"]);
        preinstall_plugin_package(&scratch.project.join(".opencode"));
        let want = loading::imported_without_probe(&scratch, Runtime::OpenCode);
        let skills = json_of(&run(&scratch, &opencode, "opencode-debug-skill-all", &["debug", "skill"]));
        let listed = skills.as_array().unwrap_or_else(|| panic!("{skills}"));
        let location = |name: &str| {
            let found = listed.iter().find(|s| s["name"] == name);
            found.and_then(|s| s["location"].as_str()).unwrap_or_else(|| panic!("{name} is not listed")).to_string()
        };
        // Each skill once, from one of the folders that hold it (the same bytes in each).
        for skill in &want.skills {
            let from = location(&skill.name);
            let folders = [".claude/skills", ".agents/skills", ".opencode/skills"];
            assert!(folders.iter().any(|f| from.ends_with(&format!("{f}/{}/SKILL.md", skill.name))), "{from}");
        }
        // The gap: each command, already an OpenCode command, is a skill too: Codex's.
        assert!(!want.commands.is_empty(), "the demo compiles commands");
        for command in &want.commands {
            let from = location(&command.name);
            assert!(from.ends_with(&format!(".agents/skills/{}/SKILL.md", command.name)), "{from}");
        }
    });
}

/// Two agents naming a model: Claude Code's way (`opus`, which OpenCode would
/// read as a provider with no model, so it is not written) and OpenCode's.
const MODELS: &str = r#"
[[agents]]
name = "model-alias"
description = "Names its model the Claude Code way."
instructions = "You answer briefly.\n"
model = "opus"

[[agents]]
name = "model-id"
description = "Names its model the OpenCode way."
instructions = "You answer briefly.\n"
model = "scripted/model"
mode = "subagent"
"#;

/// Runs `opencode ARGS` in the project with a home of its own (an OpenCode
/// run leaves state behind in its home), and returns its standard output.
fn run(scratch: &Scratch, opencode: &Path, label: &str, args: &[&str]) -> String {
    let home = fresh_home(scratch, label);
    let mut command: Command = scratch.client(opencode);
    command.args(args).env("HOME", &home).env("OPENCODE_DISABLE_MODELS_FETCH", "1");
    let run = scratch.output(label, command, LOAD_TIMEOUT);
    assert!(run.status.is_some_and(|s| s.success()), "{label}: {}{}", run.stdout, run.stderr);
    run.stdout
}

fn fresh_home(scratch: &Scratch, label: &str) -> PathBuf {
    let home = scratch.home.join("runs").join(label);
    let config = home.join(".config/opencode");
    std::fs::create_dir_all(&config).unwrap();
    let settings = json!({"$schema": "https://opencode.ai/config.json", "autoupdate": false, "share": "disabled"});
    std::fs::write(config.join("opencode.json"), settings.to_string()).unwrap();
    preinstall_plugin_package(&config);
    home
}

fn json_of(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// Each command with its description and its body as the template.
fn assert_commands(config: &Value, want: &Bundle) {
    assert!(!want.commands.is_empty(), "the demo compiles commands");
    for command in &want.commands {
        let parsed = &config["command"][&command.name];
        assert!(parsed.is_object(), "command {} is not loaded: {}", command.name, config["command"]);
        assert_eq!(parsed["description"].as_str(), command.description.as_deref(), "{parsed}");
        assert_eq!(parsed["template"].as_str().map(str::trim), Some(command.body.trim()), "{parsed}");
        assert_eq!(parsed["agent"].as_str(), command.agent.as_deref(), "{parsed}");
    }
}

/// Each agent with its description, its mode (none unless it names one) and
/// its instructions as the prompt.
fn assert_agents(config: &Value, want: &Bundle) {
    for agent in &want.agents {
        let parsed = &config["agent"][&agent.name];
        assert!(parsed.is_object(), "agent {} is not loaded: {}", agent.name, config["agent"]);
        assert_eq!(parsed["description"], agent.description.as_str(), "{parsed}");
        assert_eq!(parsed["mode"].as_str(), agent.mode.map(|m| m.as_str()), "{parsed}");
        assert_eq!(parsed["prompt"].as_str().map(str::trim), Some(agent.instructions.trim()), "{parsed}");
    }
}

/// Each MCP server as we meant it: a local command line, or a remote URL.
fn assert_servers(config: &Value, want: &Bundle) {
    for server in &want.mcp_servers {
        let parsed = &config["mcp"][&server.name];
        let expected = match &server.transport {
            McpTransport::Stdio { command, args, .. } => {
                let line: Vec<&str> =
                    std::iter::once(command.as_str()).chain(args.iter().map(String::as_str)).collect();
                json!({"type": "local", "command": line})
            }
            McpTransport::Http { url, .. } => json!({"type": "remote", "url": url}),
        };
        for (key, value) in expected.as_object().unwrap() {
            assert_eq!(&parsed[key], value, "MCP server {}: {parsed}", server.name);
        }
        assert_eq!(parsed["enabled"], true, "{parsed}");
    }
}

/// Each skill from `.opencode/skills/NAME/SKILL.md`, with its description.
fn assert_skills(skills: &Value, want: &Bundle, project: &Path) {
    let listed = skills.as_array().unwrap_or_else(|| panic!("{skills}"));
    for skill in &want.skills {
        let found = listed.iter().find(|s| s["name"] == skill.name.as_str());
        let found = found.unwrap_or_else(|| panic!("skill {} is not listed", skill.name));
        assert_eq!(found["description"], skill.description.as_str(), "skill {}", skill.name);
        let location = project.join(format!(".opencode/skills/{}/SKILL.md", skill.name));
        assert_eq!(found["location"], location.display().to_string(), "skill {}", skill.name);
    }
}
