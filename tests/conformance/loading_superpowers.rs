//! A real-world corpus written elsewhere: the superpowers plugin
//! (`tests/fixtures/superpowers`, 14 skills) imported into the demo project
//! with `agentops import --from claude-code --path`, compiled for one runtime,
//! and every skill loaded by the real client, with its description where the
//! client reports one.

use std::path::{Path, PathBuf};

use agentops_converters::Runtime;
use agentops_converters::model::Bundle;
use serde_json::{Value, json};

use crate::app_server::AppServer;
use crate::codex::home_config;
use crate::loading::{self, LOAD_TIMEOUT, json_lines, missing, names};
use crate::opencode::preinstall_plugin_package;
use crate::server::{Api, ModelServer};
use crate::session::{self, Scratch};

#[test]
fn claude_code_loads_every_skill() {
    let Some(claude) = session::client("AGENTOPS_CLAUDE", "Claude Code") else { return };
    session::offline(|| {
        let (scratch, want) = compiled("claude-code", Runtime::ClaudeCode);
        let mut command = scratch.client(&claude);
        command.args(["-p", "x", "--output-format", "stream-json", "--verbose"]);
        let run = scratch.output("claude-superpowers", command, LOAD_TIMEOUT);
        let lines = json_lines(&run.stdout);
        let init = lines.iter().find(|l| l["subtype"] == "init").unwrap_or_else(|| panic!("no init: {}", run.stdout));
        let listed: Vec<String> = serde_json::from_value(init["skills"].clone()).unwrap();
        assert_eq!(missing(&names(want.skills.iter().map(|s| s.name.as_str())), &listed), Vec::<String>::new());
    });
}

#[test]
fn codex_loads_every_skill() {
    let Some(codex) = session::client("AGENTOPS_CODEX", "Codex") else { return };
    session::offline(|| {
        let (scratch, want) = compiled("codex", Runtime::Codex);
        let model = ModelServer::start(Api::OpenAiResponses, Vec::new());
        scratch.write_home(".codex/config.toml", &home_config(&scratch, &model));
        // `skills/list` gives every description whole; the model's first prompt shortens
        // them once the listing outgrows its budget (docs/converters.md).
        let mut command = scratch.client(&codex);
        command.arg("app-server").env("CODEX_HOME", scratch.home.join(".codex"));
        let mut server = AppServer::start(command, &scratch.home.join("app-server.stderr"), LOAD_TIMEOUT);
        let listed = server.request("skills/list", json!({"cwds": [scratch.project]}));
        server.close();
        let entry = &listed["data"][0];
        assert_eq!(entry["errors"], json!([]), "{entry}");
        for skill in &want.skills {
            let found = entry["skills"].as_array().unwrap().iter().find(|s| s["name"] == skill.name.as_str());
            let found = found.unwrap_or_else(|| panic!("skill {} is not listed", skill.name));
            assert_eq!(found["description"], skill.description.as_str(), "{found}");
        }
    });
}

#[test]
fn opencode_loads_every_skill() {
    let Some(opencode) = session::client("AGENTOPS_OPENCODE", "OpenCode") else { return };
    session::offline(|| {
        let (scratch, want) = compiled("opencode", Runtime::OpenCode);
        preinstall_plugin_package(&scratch.project.join(".opencode"));
        preinstall_plugin_package(&scratch.home.join(".config/opencode"));
        let mut command = scratch.client(&opencode);
        command.args(["debug", "skill"]).env("OPENCODE_DISABLE_MODELS_FETCH", "1");
        let run = scratch.output("opencode-superpowers", command, LOAD_TIMEOUT);
        assert!(run.status.is_some_and(|s| s.success()), "{}{}", run.stdout, run.stderr);
        let listed: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout));
        for skill in &want.skills {
            let found = listed.as_array().unwrap().iter().find(|s| s["name"] == skill.name.as_str());
            let found = found.unwrap_or_else(|| panic!("skill {} is not listed", skill.name));
            assert_eq!(found["description"], skill.description.as_str(), "{found}");
        }
    });
}

/// The demo with the superpowers skills imported, compiled for `runtime`, and
/// what our importer reads back from the compiled files (every corpus skill
/// among them).
fn compiled(runtime: &str, rt: Runtime) -> (Scratch, Bundle) {
    let scratch = Scratch::new(&format!("superpowers-{runtime}"));
    let corpus = corpus();
    scratch.agentops(&["import", "--from", "claude-code", "--path", corpus.to_str().unwrap()]);
    scratch.agentops(&["compile", "--runtime", runtime]);
    let want = loading::imported_without_probe(&scratch, rt);
    let compiled = names(want.skills.iter().map(|s| s.name.as_str()));
    let corpus_skills: Vec<String> = std::fs::read_dir(corpus.join("skills"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(corpus_skills.len(), 14);
    assert_eq!(missing(&corpus_skills, &compiled), Vec::<String>::new(), "not compiled for {runtime}");
    (scratch, want)
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/superpowers").canonicalize().unwrap()
}
