//! MCP server entries in the `mcpServers` JSON shape Claude Code and Cursor
//! share (`command`/`args`/`env`, or `url`/`headers`). Codex and OpenCode spell
//! them differently and build their own entries from the same model.

use serde_json::{Map, Value, json};

use crate::emit::Output;
use crate::fidelity::Treatment;
use crate::merge::KeyPath;
use crate::model::{McpServer, McpTransport};

/// How a runtime spells a server entry in the shared `command`/`url` shape.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Spelling {
    /// Write `"type": "http"`, which Claude Code needs to tell HTTP from stdio.
    pub http_type: bool,
    /// The key of HTTP headers: `headers`, or Codex's `http_headers`.
    pub headers_key: &'static str,
    /// Carry the server's unknown keys (only Claude Code, where they came from).
    pub keep_extra: bool,
}

/// The servers sorted by name. Where the runtime cannot carry a server's
/// unknown keys, the fidelity report says they were dropped.
pub(crate) fn sorted_servers<'a>(servers: &'a [McpServer], out: &mut Output, keep_extra: bool) -> Vec<&'a McpServer> {
    let mut sorted: Vec<&McpServer> = servers.iter().collect();
    sorted.sort_by(|a, b| a.name.cmp(&b.name));
    if !keep_extra {
        for s in sorted.iter().filter(|s| !s.extra.is_empty()) {
            out.report.note(
                format!("MCP server `{}`", s.name),
                "extra",
                Treatment::Dropped,
                "unknown keys are kept for Claude Code only",
            );
        }
    }
    sorted
}

/// `([table, name], entry)` for each server, sorted by name.
pub(crate) fn server_entries(
    servers: &[McpServer],
    out: &mut Output,
    table: &str,
    spelling: Spelling,
) -> Vec<(KeyPath, Value)> {
    sorted_servers(servers, out, spelling.keep_extra)
        .into_iter()
        .map(|s| (vec![table.to_string(), s.name.clone()], entry(s, spelling)))
        .collect()
}

fn entry(server: &McpServer, spelling: Spelling) -> Value {
    let mut map = Map::new();
    match &server.transport {
        McpTransport::Stdio { command, args, env } => {
            map.insert("command".into(), command.as_str().into());
            if !args.is_empty() {
                map.insert("args".into(), json!(args));
            }
            if !env.is_empty() {
                map.insert("env".into(), json!(env));
            }
        }
        McpTransport::Http { url, headers } => {
            if spelling.http_type {
                map.insert("type".into(), "http".into());
            }
            map.insert("url".into(), url.as_str().into());
            if !headers.is_empty() {
                map.insert(spelling.headers_key.into(), json!(headers));
            }
        }
    }
    if spelling.keep_extra {
        map.extend(server.extra.clone());
    }
    Value::Object(map)
}
