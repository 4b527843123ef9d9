//! OpenCode (`opencode run`) against Chat Completions, through a provider on
//! the bundled `@ai-sdk/openai-compatible`. Our hooks reach it through the
//! compiled plugin `.opencode/plugins/agentops.ts`.
//!
//! OpenCode keeps its sessions in a database, and `session.idle` names no
//! transcript: the plugin asks OpenCode for the session's messages and
//! writes them to `.agents/cache/opencode/<session>.jsonl`, which stop
//! forges; with `[hooks] handoff` on, its last words become the handoff.

use std::path::{Path, PathBuf};

use crate::server::{Api, ModelServer};
use crate::session::{self, PROMPT, Scratch};

/// The npm folder where scripts/conformance.sh installed `@opencode-ai/plugin`
/// beside the clients (its `node_modules` and `package-lock.json`).
const DEPS: &str = "AGENTOPS_OPENCODE_DEPS";

#[test]
fn a_real_session_is_injected_gated_and_forged() {
    let Some(opencode) = session::client("AGENTOPS_OPENCODE", "OpenCode") else { return };
    session::offline(|| {
        let scratch = Scratch::new("opencode");
        scratch.agentops(&["compile", "--runtime", "opencode"]);
        let server = ModelServer::start(Api::ChatCompletions, scratch.script());
        let config = serde_json::json!({
            "$schema": "https://opencode.ai/config.json",
            "provider": {"scripted": {
                "npm": "@ai-sdk/openai-compatible",
                "name": "Scripted",
                "options": {"baseURL": format!("{}/v1", server.base_url()), "apiKey": "offline"},
                "models": {"model": {"name": "Scripted model", "tool_call": true}},
            }},
            "model": "scripted/model",
            "small_model": "scripted/model",
            "autoupdate": false,
            "share": "disabled",
        });
        scratch.write_home(".config/opencode/opencode.json", &config.to_string());
        for folder in [scratch.project.join(".opencode"), scratch.home.join(".config/opencode")] {
            preinstall_plugin_package(&folder);
        }
        // With handoffs on, the session's last words become its handoff.
        let config = scratch.project.join(".agents/agentops.toml");
        let text = std::fs::read_to_string(&config).unwrap();
        std::fs::write(&config, format!("{text}\n[hooks]\nhandoff = true\n")).unwrap();
        let mut opencode = scratch.client(&opencode);
        opencode.args(["run", "--auto", "--format", "json", PROMPT]).env("OPENCODE_DISABLE_MODELS_FETCH", "1");
        scratch.run("opencode", opencode);
        scratch.assert_session(&server);

        // OpenCode keeps the session in its database; the plugin wrote its
        // messages into the ledger's cache for stop to forge.
        let cache = scratch.project.join(".agents/cache/opencode");
        scratch.assert_forged(&cache);
        let stop = scratch.stop_line();
        let handoff = stop["handoff"].as_str().unwrap_or_else(|| panic!("no handoff: {stop}"));
        let shown: serde_json::Value = serde_json::from_str(&scratch.agentops(&["handoff", "show", "--json"])).unwrap();
        assert!(shown.to_string().contains(handoff) && shown.to_string().contains("Lesson learned"), "{shown}");
    });
}

/// Before loading plugins OpenCode installs `@opencode-ai/plugin`, of its
/// own version, into every config folder (`.opencode/`, `~/.config/opencode/`)
/// that has no `node_modules`, or whose `package-lock.json` does not name it;
/// offline it would wait on the registry. The suite installs that version
/// beside the clients ([`DEPS`]); with their `node_modules` and lock linked
/// into `folder`, OpenCode finds the package installed there and goes on to
/// load the plugins.
pub fn preinstall_plugin_package(folder: &Path) {
    let deps = std::env::var_os(DEPS).map(PathBuf::from);
    let deps =
        deps.unwrap_or_else(|| panic!("{DEPS} is not set (scripts/conformance.sh installs the package and sets it)"));
    let package = deps.join("node_modules/@opencode-ai/plugin/package.json");
    assert!(package.is_file(), "{DEPS}: {} is missing", package.display());
    std::fs::create_dir_all(folder).unwrap();
    for name in ["node_modules", "package-lock.json"] {
        std::os::unix::fs::symlink(deps.join(name), folder.join(name)).unwrap();
    }
}
