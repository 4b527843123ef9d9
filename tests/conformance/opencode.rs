//! OpenCode (`opencode run`) against Chat Completions, through a provider on
//! the bundled `@ai-sdk/openai-compatible`. Our hooks reach it through the
//! compiled plugin `.opencode/plugins/agentops.ts`.
//!
//! What OpenCode cannot do (docs/hooks.md, "Tested with the real clients"):
//! its `session.idle` names no transcript, and it keeps sessions in its own
//! database (`~/.local/share/opencode/opencode.db`), not a file forge reads;
//! so stop is recorded but nothing is forged.

use std::path::Path;

use crate::server::{Api, ModelServer};
use crate::session::{self, PROMPT, Scratch};

/// A lock naming the package OpenCode installs into each of its config folders.
const PLUGIN_LOCK: &str = r#"{"packages": {"": {"dependencies": {"@opencode-ai/plugin": "*"}}}}"#;

#[test]
fn a_real_session_is_injected_and_gated_and_its_stop_is_recorded() {
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
            skip_plugin_install(&folder);
        }
        let mut opencode = scratch.client(&opencode);
        opencode.args(["run", "--auto", "--format", "json", PROMPT]).env("OPENCODE_DISABLE_MODELS_FETCH", "1");
        scratch.run("opencode", opencode);
        scratch.assert_session(&server);

        // The gap: stop names no transcript, so there is nothing to forge; the session
        // itself is in OpenCode's database under the scratch home.
        let stop = scratch.stop_line();
        assert!(stop["transcript_path"].is_null() && stop.get("forged").is_none(), "{stop}");
        assert!(scratch.home.join(".local/share/opencode/opencode.db").is_file());
    });
}

/// Before loading plugins OpenCode installs `@opencode-ai/plugin` into every
/// config folder (`.opencode/`, `~/.config/opencode/`) without `node_modules`
/// or whose lock lacks it, and offline it waits on the registry. Our plugin
/// imports nothing from it: an empty `node_modules` and a lock naming it
/// make OpenCode skip the install.
pub fn skip_plugin_install(folder: &Path) {
    std::fs::create_dir_all(folder.join("node_modules")).unwrap();
    std::fs::write(folder.join("package-lock.json"), PLUGIN_LOCK).unwrap();
}
