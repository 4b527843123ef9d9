//! What the loading tests share: the demo project compiled for one runtime
//! with two MCP servers of our own, over stdio (`mcp_probe.js`,
//! `[mcp_servers.probe]`) and over HTTP (`mcp_http.rs`, `[mcp_servers.probe-http]`),
//! what our importer reads back from the compiled files (the items each
//! client must show, as we meant them), and small readers of client output.
//!
//! The sessions (`claude_code.rs`, `codex.rs`, `opencode.rs`) show the hooks
//! work; these show each client loads every compiled skill, command, agent and
//! MCP server, as parsed by the client itself.

use std::fmt::Write as _;
use std::fs;
use std::time::Duration;

use agentops_converters::Runtime;
use agentops_converters::model::Bundle;

use crate::mcp_http;
use crate::session::Scratch;

/// How long one client command may take before it is killed.
pub const LOAD_TIMEOUT: Duration = Duration::from_secs(60);
/// The names of our MCP servers in the scratch project: stdio and HTTP.
pub const PROBE: &str = "probe";
pub const PROBE_HTTP: &str = "probe-http";
/// The one tool each lists.
pub const PROBE_TOOL: &str = "probe_echo";
/// The demo's own MCP server, started through npx: offline it fails at once
/// (`session.rs` puts a failing npx first on PATH), so clients list it as failed.
pub const OFFLINE_SERVER: &str = "filesystem";

/// The demo project, `agentops init`, our MCP servers added to its
/// `.agents/agentops.toml` (the HTTP one started, in this process),
/// compiled for `runtime` alone (so no other runtime's files are in the way).
pub fn compiled(runtime: &str) -> Scratch {
    compiled_with(runtime, "")
}

/// [`compiled`], with `more` (tables of agentops.toml) added to the sources.
pub fn compiled_with(runtime: &str, more: &str) -> Scratch {
    let scratch = Scratch::new(runtime);
    let probe = scratch.install("mcp-probe", include_str!("mcp_probe.js"));
    let url = mcp_http::start();
    let config = scratch.project.join(".agents/agentops.toml");
    let mut text = fs::read_to_string(&config).unwrap();
    write!(text, "\n[mcp_servers.{PROBE}]\ncommand = {}\n", toml_string(&probe.display().to_string())).unwrap();
    write!(text, "\n[mcp_servers.{PROBE_HTTP}]\nurl = {}\n{more}", toml_string(&url)).unwrap();
    fs::write(&config, text).unwrap();
    scratch.agentops(&["compile", "--runtime", runtime]);
    scratch
}

/// What our importer reads from the project's files for `runtime`: every
/// skill, command, agent and MCP server the compile wrote there.
pub fn imported(scratch: &Scratch, runtime: Runtime) -> Bundle {
    let bundle = imported_without_probe(scratch, runtime);
    for probe in [PROBE, PROBE_HTTP] {
        assert!(bundle.mcp_servers.iter().any(|s| s.name == probe), "{probe} is not in the {runtime} files");
    }
    bundle
}

/// [`imported`], for a project compiled without our MCP servers.
pub fn imported_without_probe(scratch: &Scratch, runtime: Runtime) -> Bundle {
    let imported = agentops_converters::import::import(&scratch.project, runtime)
        .unwrap_or_else(|e| panic!("reading back the compiled {runtime} files: {e}"));
    let bundle = imported.bundle;
    assert!(!bundle.skills.is_empty() && !bundle.agents.is_empty(), "nothing compiled for {runtime}");
    bundle
}

/// The names of `items`, sorted.
pub fn names<'a>(items: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut names: Vec<String> = items.into_iter().map(str::to_string).collect();
    names.sort();
    names
}

/// The names of `wanted` that `listed` lacks.
pub fn missing(wanted: &[String], listed: &[String]) -> Vec<String> {
    wanted.iter().filter(|w| !listed.contains(w)).cloned().collect()
}

/// The lines of `text` that are JSON objects (a client's JSON-lines output).
pub fn json_lines(text: &str) -> Vec<serde_json::Value> {
    text.lines().filter_map(|line| serde_json::from_str(line).ok()).filter(serde_json::Value::is_object).collect()
}

/// `text` without ANSI escape sequences (colours, cursor moves).
pub fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\u{1b}' {
            out.push(c);
            continue;
        }
        // CSI: ESC [ parameters, then one final byte in @..~.
        if chars.peek() == Some(&'[') {
            chars.next();
            for c in chars.by_ref() {
                if ('@'..='~').contains(&c) {
                    break;
                }
            }
        }
    }
    out
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    serde_json::Value::from(s).to_string()
}
