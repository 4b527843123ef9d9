//! Codex loads what `agentops compile --runtime codex` wrote, in a project
//! trusted by the scratch `$CODEX_HOME/config.toml`:
//!
//! - `codex app-server` over stdio: `skills/list` (our skills and the skills
//!   our commands became, with their descriptions), `hooks/list` (every
//!   handler of `.codex/hooks.json`), `mcpServerStatus/list` (both probes
//!   connected, their tool listed), then one turn against the scripted model,
//!   whose request lists our agents as roles of `spawn_agent`; no
//!   `configWarning`, `warning` or `error` on the way;
//! - `codex debug prompt-input x`: AGENTS.md and the skills in what the model
//!   would read first. It renders the input items only, not the tools, so the
//!   agent roles are checked in the turn above.

use std::path::Path;

use agentops_converters::Runtime;
use agentops_converters::model::Bundle;
use serde_json::{Value, json};

use crate::app_server::AppServer;
use crate::codex::home_config;
use crate::loading::{self, LOAD_TIMEOUT, OFFLINE_SERVER, PROBE, PROBE_HTTP, PROBE_TOOL, missing, names};
use crate::server::{Api, ModelServer, Step};
use crate::session::{self, Scratch};

#[test]
fn the_app_server_lists_every_compiled_item() {
    let Some(codex) = session::client("AGENTOPS_CODEX", "Codex") else { return };
    session::offline(|| {
        let scratch = loading::compiled("codex");
        let want = loading::imported(&scratch, Runtime::Codex);
        let model = ModelServer::start(Api::OpenAiResponses, vec![Step::Text("Loaded.".into())]);
        write_config(&scratch, &model);
        let project = scratch.project.display().to_string();

        let mut command = scratch.client(&codex);
        command.arg("app-server").env("CODEX_HOME", scratch.home.join(".codex"));
        let stderr = scratch.home.join("app-server.stderr");
        let started = std::time::Instant::now();
        let mut server = AppServer::start(command, &stderr, LOAD_TIMEOUT);
        let thread = server.request("thread/start", json!({"cwd": project}));
        let thread_id = thread["thread"]["id"].as_str().unwrap().to_string();
        let sources = thread["instructionSources"].as_array().cloned().unwrap_or_default();
        assert!(sources.contains(&json!(format!("{project}/AGENTS.md"))), "{thread}");

        let skills = server.request("skills/list", json!({"cwds": [project]}));
        assert_skills(&skills["data"][0], &want, &scratch.project);
        let hooks = server.request("hooks/list", json!({"cwds": [project]}));
        assert_hooks(&hooks["data"][0], &scratch.project);

        // The servers start with the thread; the probes must come up.
        for name in [PROBE, PROBE_HTTP] {
            let probe = server.wait_for("mcpServer/startupStatus/updated", |p| {
                p["name"] == name && (p["status"] == "ready" || p["status"] == "failed")
            });
            assert_eq!(probe["params"]["status"], "ready", "{probe}");
        }
        let servers = server.request("mcpServerStatus/list", json!({"threadId": thread_id}));
        assert_servers(&servers, &want);

        // One turn: the model's request names our agents as roles.
        server.request(
            "turn/start",
            json!({"threadId": thread_id, "input": [{"type": "text", "text": "Say you loaded."}]}),
        );
        let done = server.wait_for("turn/completed", |p| p["threadId"] == thread_id.as_str());
        assert_eq!(done["params"]["turn"]["status"], "completed", "{done}");
        assert_roles(&model, &want);

        for method in ["configWarning", "warning", "error", "deprecationNotice"] {
            // Our stand-in model is in no catalog: Codex says so once the turn starts.
            let stand_in =
                |n: &Value| n["message"].as_str().is_some_and(|m| m.starts_with("Model metadata for `scripted`"));
            let said: Vec<Value> = server.notified(method).into_iter().filter(|n| !stand_in(n)).collect();
            assert_eq!(said, Vec::<Value>::new(), "{method}");
        }
        server.close();
        println!("codex-app-server: took {:.1} s", started.elapsed().as_secs_f64());
    });
}

#[test]
fn the_prompt_input_holds_agents_md_and_the_skills() {
    let Some(codex) = session::client("AGENTOPS_CODEX", "Codex") else { return };
    session::offline(|| {
        let scratch = loading::compiled("codex");
        let want = loading::imported(&scratch, Runtime::Codex);
        let model = ModelServer::start(Api::OpenAiResponses, Vec::new());
        write_config(&scratch, &model);

        let mut command = scratch.client(&codex);
        command.args(["debug", "prompt-input", "x"]).env("CODEX_HOME", scratch.home.join(".codex"));
        let run = scratch.output("codex-prompt-input", command, LOAD_TIMEOUT);
        assert!(run.status.is_some_and(|s| s.success()), "{}{}", run.stdout, run.stderr);
        let input: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout));
        let said = texts(&input);

        let agents_md = std::fs::read_to_string(scratch.project.join("AGENTS.md")).unwrap();
        assert!(agents_md.contains("<!-- agentops:begin -->"), "{agents_md}");
        assert!(said.iter().any(|t| t.contains(agents_md.trim())), "AGENTS.md is not in the input: {said:#?}");
        let listing = said.iter().find(|t| t.contains("<skills_instructions>")).expect("a skills listing");
        for skill in &want.skills {
            let line = format!("- {}: {} (file: ", skill.name, skill.description);
            assert!(listing.contains(&line), "{line:?} is not in {listing}");
        }
        let last = input.as_array().and_then(|items| items.last()).cloned().unwrap_or_default();
        assert_eq!((&last["role"], &last["content"][0]["text"]), (&json!("user"), &json!("x")), "{last}");
    });
}

/// The scratch `$CODEX_HOME/config.toml`. `danger-full-access` spares the
/// sandbox, whose absence on this machine (no bubblewrap on PATH) would be
/// the one `configWarning`, about the machine rather than the project.
fn write_config(scratch: &Scratch, model: &ModelServer) {
    let config = format!("sandbox_mode = \"danger-full-access\"\n{}", home_config(scratch, model));
    scratch.write_home(".codex/config.toml", &config);
}

/// Every compiled skill, from `.agents/skills/NAME/SKILL.md`, with its
/// description; no errors.
fn assert_skills(entry: &Value, want: &Bundle, project: &Path) {
    assert_eq!(entry["errors"], json!([]), "{entry}");
    let listed = entry["skills"].as_array().unwrap_or_else(|| panic!("{entry}"));
    for skill in &want.skills {
        let found = listed.iter().find(|s| s["name"] == skill.name.as_str());
        let found = found.unwrap_or_else(|| panic!("skill {} is not listed: {entry}", skill.name));
        let path = project.join(format!(".agents/skills/{}/SKILL.md", skill.name));
        assert_eq!(found["description"], skill.description.as_str(), "{found}");
        assert_eq!(found["path"], path.display().to_string(), "{found}");
        assert_eq!((&found["scope"], &found["enabled"]), (&json!("repo"), &json!(true)), "{found}");
    }
}

/// Every handler of the compiled `.codex/hooks.json`, under its event;
/// no errors or warnings. (Their `trustStatus` is `untrusted` until a person
/// reviews them in `codex`; docs/hooks.md.)
fn assert_hooks(entry: &Value, project: &Path) {
    assert_eq!((&entry["errors"], &entry["warnings"]), (&json!([]), &json!([])), "{entry}");
    let file = project.join(".codex/hooks.json");
    let compiled: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    let listed = entry["hooks"].as_array().unwrap_or_else(|| panic!("{entry}"));
    let mut count = 0;
    for (event, groups) in compiled["hooks"].as_object().unwrap() {
        let camel = format!("{}{}", event[..1].to_lowercase(), &event[1..]);
        for handler in groups.as_array().unwrap().iter().flat_map(|g| g["hooks"].as_array().unwrap()) {
            count += 1;
            let found = listed.iter().any(|h| {
                h["eventName"] == camel.as_str()
                    && h["command"] == handler["command"]
                    && h["sourcePath"] == file.display().to_string()
                    && h["enabled"] == true
            });
            assert!(found, "{event} {handler} is not listed: {entry}");
        }
    }
    assert_eq!(listed.len(), count, "{entry}");
}

/// Every compiled MCP server is listed; the probes connected with their tool,
/// the demo's offline one failed.
fn assert_servers(servers: &Value, want: &Bundle) {
    let listed = servers["data"].as_array().unwrap_or_else(|| panic!("{servers}"));
    let names_listed = names(listed.iter().filter_map(|s| s["name"].as_str()));
    let wanted = names(want.mcp_servers.iter().map(|s| s.name.as_str()));
    assert_eq!(missing(&wanted, &names_listed), Vec::<String>::new(), "{servers}");
    for name in [PROBE, PROBE_HTTP] {
        let probe = listed.iter().find(|s| s["name"] == name).unwrap();
        assert_eq!(probe["runtimeStatus"], "connected", "{probe}");
        assert!(probe["tools"].get(PROBE_TOOL).is_some(), "{probe}");
    }
    let offline = listed.iter().find(|s| s["name"] == OFFLINE_SERVER).unwrap();
    assert_eq!(offline["runtimeStatus"], "failed", "{offline}");
}

/// The turn's request describes `spawn_agent`'s `agent_type` with one
/// `NAME: {\nDESCRIPTION\n}` per role, ours among them.
fn assert_roles(model: &ModelServer, want: &Bundle) {
    let turns = model.turns();
    let first = turns.first().expect("the turn reached the model");
    let roles = texts(&first["tools"]).into_iter().find(|t| t.contains("Available roles:"));
    let roles = roles.unwrap_or_else(|| panic!("no agent roles in the tools: {}", first["tools"]));
    for agent in &want.agents {
        let role = format!("\n{}: {{\n{}\n}}", agent.name, agent.description);
        assert!(roles.contains(&role), "{role:?} is not in {roles}");
    }
}

/// Every string inside `value`.
fn texts(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items.iter().flat_map(texts).collect(),
        Value::Object(map) => map.values().flat_map(texts).collect(),
        _ => Vec::new(),
    }
}
