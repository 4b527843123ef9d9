//! Codex (`codex exec`) against the OpenAI Responses API, through a model
//! provider in `$CODEX_HOME/config.toml` that trusts the project (so its
//! `.codex/hooks.json` is read). Stop carries the session's rollout file
//! (`~/.codex/sessions/**/rollout-*.jsonl`), which the bridge forges.
//!
//! Codex refuses `rm -rf` by itself too, after the PreToolUse hooks: that the
//! files survive proves little here; guard's reason in the next request and
//! the run log's denial show our hook stopped it first.

use crate::server::{Api, ModelServer};
use crate::session::{self, PROMPT, Scratch};

#[test]
fn a_real_session_is_injected_gated_and_forged() {
    let Some(codex) = session::client("AGENTOPS_CODEX", "Codex") else { return };
    session::offline(|| {
        let scratch = Scratch::new("codex");
        scratch.agentops(&["compile", "--runtime", "codex"]);
        let server = ModelServer::start(Api::OpenAiResponses, scratch.script());
        scratch.write_home(".codex/config.toml", &home_config(&scratch, &server));
        let mut codex = scratch.client(&codex);
        // Approvals and the sandbox are off, so only the compiled PreToolUse hook stands in
        // the way of `rm -rf`; the hooks of a trusted project need no review.
        codex
            .args(["exec", "--json", "--skip-git-repo-check", "--dangerously-bypass-approvals-and-sandbox"])
            .args(["--dangerously-bypass-hook-trust", PROMPT])
            .env("CODEX_HOME", scratch.home.join(".codex"));
        scratch.run("codex", codex);
        scratch.assert_session(&server);
        scratch.assert_forged(&scratch.home);
    });
}

/// `~/.codex/config.toml`: the scripted model provider, the project trusted
/// (so its `.codex/` is read), no analytics, no plugins.
pub fn home_config(scratch: &Scratch, server: &ModelServer) -> String {
    format!(
        r#"model = "scripted"
model_provider = "scripted"

[model_providers.scripted]
name = "scripted"
base_url = "{}/v1"
wire_api = "responses"

[projects."{}"]
trust_level = "trusted"

[analytics]
enabled = false

[features]
plugins = false
"#,
        server.base_url(),
        scratch.project.display()
    )
}
