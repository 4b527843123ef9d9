//! The conformance suite: the real Claude Code, Codex and OpenCode run whole
//! sessions on the compiled demo project, offline, against a scripted model
//! server on loopback, and what our compiled hooks did is checked from the
//! outside — in the requests the model received, the project's files and the
//! run log.
//!
//! Each test re-runs itself inside an empty network and PID namespace
//! (`unshare`, loopback up), where it starts the model server, runs the
//! client with a scratch home under a deadline, and checks. Clients are named
//! by `AGENTOPS_CLAUDE`, `AGENTOPS_CODEX` and `AGENTOPS_OPENCODE`
//! (`scripts/conformance.sh` installs the pinned versions and sets them);
//! without a client or `unshare` a test says SKIP and why, unless
//! `AGENTOPS_CONFORMANCE=required`, which makes that a failure.
//! `AGENTOPS_CONFORMANCE_KEEP=1` keeps each scratch folder for a look.

mod claude_code;
mod codex;
mod opencode;
mod server;
mod session;
