//! The conformance suite: the real Claude Code, Codex and OpenCode run whole
//! sessions on the compiled demo project, offline, against a scripted model
//! server on loopback, and what our compiled hooks did is checked from the
//! outside — in the requests the model received, the project's files and the
//! run log. The loading tests (`loading_*.rs`) ask each client what it loaded
//! from the compiled files — every skill, command, agent and MCP server (one
//! of ours, over stdio and over HTTP, must connect) — and what it made of them, for
//! the demo and for a real-world plugin (`loading_superpowers.rs`).
//!
//! Each test re-runs itself inside an empty network and PID namespace
//! (`unshare`, loopback up), where it starts the model server, runs the
//! client with a scratch home under a deadline, and checks. Clients are named
//! by `AGENTOPS_CLAUDE`, `AGENTOPS_CODEX` and `AGENTOPS_OPENCODE`, and the
//! npm folder holding `@opencode-ai/plugin` for OpenCode's config folders by
//! `AGENTOPS_OPENCODE_DEPS` (`scripts/conformance.sh` installs the pinned
//! versions and sets them);
//! without a client or `unshare` a test says SKIP and why, unless
//! `AGENTOPS_CONFORMANCE=required`, which makes that a failure.
//! `AGENTOPS_CONFORMANCE_KEEP=1` keeps each scratch folder for a look.

mod app_server;
mod claude_code;
mod codex;
mod loading;
mod loading_claude;
mod loading_codex;
mod loading_opencode;
mod loading_superpowers;
mod mcp_http;
mod opencode;
mod server;
mod session;
