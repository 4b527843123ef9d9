//! Claude Code loads what `agentops compile --runtime claude-code` wrote, and
//! the plugin form: `claude -p --output-format stream-json --verbose` prints,
//! after the session-start hooks and before it fails for lack of a login, an
//! `init` line naming every skill, slash command, agent and MCP server it
//! loaded (and each server's status); `claude plugin validate --strict`
//! accepts the plugin folder; `claude doctor` finds no invalid settings.

use std::path::Path;
use std::process::Command;

use agentops_converters::Runtime;
use serde_json::Value;

use crate::loading::{self, LOAD_TIMEOUT, OFFLINE_SERVER, PROBE, PROBE_HTTP, json_lines, missing, names};
use crate::session::{self, Scratch};

#[test]
fn the_compiled_project_is_loaded() {
    let Some(claude) = session::client("AGENTOPS_CLAUDE", "Claude Code") else { return };
    session::offline(|| {
        let scratch = loading::compiled("claude-code");
        let want = loading::imported(&scratch, Runtime::ClaudeCode);
        let lines = init_run(&scratch, &claude, "claude-init", &[], &scratch.project);
        let init = init_line(&lines);

        let skills = names(want.skills.iter().map(|s| s.name.as_str()));
        let commands = names(want.commands.iter().map(|c| c.name.as_str()));
        let agents = names(want.agents.iter().map(|a| a.name.as_str()));
        assert!(!commands.is_empty(), "the demo compiles commands");
        assert_eq!(missing(&skills, &strings(&init["skills"])), Vec::<String>::new(), "skills: {init}");
        // Skills are slash commands too.
        let slash = strings(&init["slash_commands"]);
        assert_eq!(missing(&commands, &slash), Vec::<String>::new(), "commands: {init}");
        assert_eq!(missing(&skills, &slash), Vec::<String>::new(), "skills as commands: {init}");
        assert_eq!(missing(&agents, &strings(&init["agents"])), Vec::<String>::new(), "agents: {init}");

        let servers = servers(&init);
        for server in &want.mcp_servers {
            assert!(servers.iter().any(|(name, _)| name == &server.name), "MCP server {}: {init}", server.name);
        }
        for probe in [PROBE, PROBE_HTTP] {
            assert!(servers.contains(&(probe.into(), "connected".into())), "{servers:?}");
            assert!(strings(&init["tools"]).contains(&format!("mcp__{probe}__probe_echo")), "{init}");
        }
        assert!(servers.contains(&(OFFLINE_SERVER.into(), "failed".into())), "{servers:?}");

        // The compiled SessionStart hook ran before the init line, and answered.
        let started = session_start(&lines);
        assert_eq!(started["exit_code"], 0, "{started}");
        assert!(started["stdout"].as_str().is_some_and(|s| s.contains("\"SessionStart\"")), "{started}");
    });
}

#[test]
fn the_plugin_validates_and_is_loaded() {
    let Some(claude) = session::client("AGENTOPS_CLAUDE", "Claude Code") else { return };
    session::offline(|| {
        let scratch = loading::compiled("claude-code");
        scratch.agentops(&["compile", "--plugin"]);
        let plugin = scratch.project.join("plugin");
        let want = agentops_converters::import::import(&plugin, Runtime::ClaudeCode).unwrap().bundle;
        let manifest: Value =
            serde_json::from_slice(&std::fs::read(plugin.join(".claude-plugin/plugin.json")).unwrap()).unwrap();
        let name = manifest["name"].as_str().unwrap();

        let mut validate = scratch.client(&claude);
        validate.args(["plugin", "validate"]).arg(&plugin).arg("--strict");
        let run = scratch.output("claude-plugin-validate", validate, LOAD_TIMEOUT);
        let said = format!("{}{}", run.stdout, run.stderr);
        assert!(run.status.is_some_and(|s| s.success()), "{said}");
        assert!(said.contains("Validation passed"), "{said}");
        // It names every component it found.
        for (kind, items) in [
            ("skills", names(want.skills.iter().map(|s| s.name.as_str()))),
            ("commands", names(want.commands.iter().map(|c| c.name.as_str()))),
            ("agents", names(want.agents.iter().map(|a| a.name.as_str()))),
        ] {
            for item in items {
                assert!(said.contains(&format!("{kind}: {name}:{item}\n")), "{kind} {item}: {said}");
            }
        }
        assert!(said.contains(&format!("mcpServers: {PROBE} stdio")), "{said}");
        assert!(said.contains(&format!("mcpServers: {PROBE_HTTP} http")), "{said}");

        // Loaded with --plugin-dir in a folder with no project files of its own.
        let elsewhere = scratch.home.join("elsewhere");
        std::fs::create_dir_all(&elsewhere).unwrap();
        let plugin_dir = plugin.display().to_string();
        let lines = init_run(&scratch, &claude, "claude-plugin-init", &["--plugin-dir", &plugin_dir], &elsewhere);
        let init = init_line(&lines);
        let namespaced = |items: Vec<String>| items.into_iter().map(|i| format!("{name}:{i}")).collect::<Vec<_>>();
        let skills = namespaced(names(want.skills.iter().map(|s| s.name.as_str())));
        let commands = namespaced(names(want.commands.iter().map(|c| c.name.as_str())));
        let agents = namespaced(names(want.agents.iter().map(|a| a.name.as_str())));
        assert_eq!(missing(&skills, &strings(&init["skills"])), Vec::<String>::new(), "{init}");
        assert_eq!(missing(&commands, &strings(&init["slash_commands"])), Vec::<String>::new(), "{init}");
        assert_eq!(missing(&agents, &strings(&init["agents"])), Vec::<String>::new(), "{init}");
        for probe in [PROBE, PROBE_HTTP] {
            assert!(servers(&init).contains(&(format!("plugin:{name}:{probe}"), "connected".into())), "{init}");
        }
        assert_eq!(session_start(&lines)["exit_code"], 0);
    });
}

#[test]
fn doctor_finds_no_invalid_settings() {
    let Some(claude) = session::client("AGENTOPS_CLAUDE", "Claude Code") else { return };
    session::offline(|| {
        let scratch = loading::compiled("claude-code");
        // Runs without a terminal or a login; its settings check reads the project's
        // .claude/settings.json (an unknown hook type or event would be listed here).
        let mut doctor = scratch.client(&claude);
        doctor.arg("doctor");
        let run = scratch.output("claude-doctor", doctor, LOAD_TIMEOUT);
        let said = format!("{}{}", run.stdout, run.stderr);
        assert!(run.status.is_some_and(|s| s.success()), "{said}");
        assert!(said.contains("Claude Code doctor"), "{said}");
        assert!(!said.contains("Invalid settings"), "{said}");
    });
}

/// Runs `claude -p x ARGS` in `cwd` with stream-json output, with no login
/// and no model: it loads everything, runs the session-start hooks, prints
/// `init`, then fails. Returns its output lines.
fn init_run(scratch: &Scratch, claude: &Path, label: &str, args: &[&str], cwd: &Path) -> Vec<Value> {
    let mut command: Command = scratch.client(claude);
    command.args(["-p", "x", "--output-format", "stream-json", "--verbose"]).args(args).current_dir(cwd);
    let run = scratch.output(label, command, LOAD_TIMEOUT);
    json_lines(&run.stdout)
}

fn init_line(lines: &[Value]) -> Value {
    let init = lines.iter().find(|l| l["type"] == "system" && l["subtype"] == "init");
    init.cloned().unwrap_or_else(|| panic!("no init line: {lines:#?}"))
}

/// The answer of the first SessionStart hook.
fn session_start(lines: &[Value]) -> Value {
    let hook = lines.iter().find(|l| l["subtype"] == "hook_response" && l["hook_event"] == "SessionStart");
    hook.cloned().unwrap_or_else(|| panic!("no SessionStart hook ran: {lines:#?}"))
}

/// `[(name, status)]` of the init line's MCP servers.
fn servers(init: &Value) -> Vec<(String, String)> {
    let list = init["mcp_servers"].as_array().cloned().unwrap_or_default();
    list.iter().map(|s| (s["name"].as_str().unwrap_or("").into(), s["status"].as_str().unwrap_or("").into())).collect()
}

fn strings(list: &Value) -> Vec<String> {
    list.as_array().into_iter().flatten().filter_map(Value::as_str).map(str::to_string).collect()
}
