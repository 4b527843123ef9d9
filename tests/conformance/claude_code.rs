//! Claude Code (`claude -p`) against the Anthropic Messages API. It fires
//! every compiled hook offline; Stop carries the session's transcript
//! (`~/.claude/projects/*/SESSION.jsonl`), which the bridge forges.

use crate::server::{Api, ModelServer};
use crate::session::{self, PROMPT, Scratch};

#[test]
fn a_real_session_is_injected_gated_and_forged() {
    let Some(claude) = session::client("AGENTOPS_CLAUDE", "Claude Code") else { return };
    session::offline(|| {
        let scratch = Scratch::new("claude-code");
        scratch.agentops(&["compile", "--runtime", "claude-code"]);
        let server = ModelServer::start(Api::AnthropicMessages, scratch.script());
        let mut claude = scratch.client(&claude);
        // Not `--bare`, which skips the hooks of settings.json. Bash is allowed
        // outright, so only the compiled PreToolUse hook stands in the way of `rm -rf`.
        claude
            .args(["-p", PROMPT, "--output-format", "stream-json", "--verbose", "--allowedTools", "Bash"])
            .env("ANTHROPIC_BASE_URL", server.base_url())
            .env("ANTHROPIC_API_KEY", "offline");
        scratch.run("claude-code", claude);
        scratch.assert_session(&server);
        scratch.assert_forged(&scratch.home);
    });
}
