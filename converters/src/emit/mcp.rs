//! MCP server entries in the `command`/`url` shape Claude Code, Cursor and
//! Codex share, spelled per [`McpSpelling`]. OpenCode builds its own entries
//! from the same model.

use serde_json::{Map, Value, json};

use crate::emit::Output;
use crate::fidelity::Subject;
use crate::layout::McpSpelling;
use crate::layout::mcp::{ARGS, COMMAND, ENV, HTTP, TYPE, URL};
use crate::merge::KeyPath;
use crate::model::{McpServer, McpTransport};

/// The servers sorted by name.
pub(crate) fn sorted_servers(servers: &[McpServer]) -> Vec<&McpServer> {
    let mut sorted: Vec<&McpServer> = servers.iter().collect();
    sorted.sort_by(|a, b| a.name.cmp(&b.name));
    sorted
}

/// `([table, name], entry)` for each server, sorted by name, with the
/// server's unknown keys read from this runtime after the known ones.
pub(crate) fn server_entries(servers: &[McpServer], out: &mut Output, spelling: McpSpelling) -> Vec<(KeyPath, Value)> {
    sorted_servers(servers)
        .into_iter()
        .map(|s| {
            let mut entry = entry(s, spelling);
            if let Some(extra) = out.own_extra(&Subject::McpServer(s.name.clone()), &s.extra) {
                entry.extend(extra.clone());
            }
            (vec![spelling.table.to_string(), s.name.clone()], Value::Object(entry))
        })
        .collect()
}

fn entry(server: &McpServer, spelling: McpSpelling) -> Map<String, Value> {
    let mut map = Map::new();
    match &server.transport {
        McpTransport::Stdio { command, args, env } => {
            map.insert(COMMAND.into(), command.as_str().into());
            if !args.is_empty() {
                map.insert(ARGS.into(), json!(args));
            }
            if !env.is_empty() {
                map.insert(ENV.into(), json!(env));
            }
        }
        McpTransport::Http { url, headers } => {
            if spelling.http_type {
                map.insert(TYPE.into(), HTTP.into());
            }
            map.insert(URL.into(), url.as_str().into());
            if !headers.is_empty() {
                map.insert(spelling.headers_key.into(), json!(headers));
            }
        }
    }
    map
}
