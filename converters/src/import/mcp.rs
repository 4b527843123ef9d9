//! MCP server entries in the `command`/`url` shape (Claude Code and Cursor
//! JSON, Codex TOML), the mirror of the emitter: `type` only when it names the
//! transport the entry already implies, other keys into `extra`.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::config_file::ConfigFile;
use crate::error::FileError;
use crate::layout::McpSpelling;
use crate::layout::mcp::{ARGS, COMMAND, ENV, HTTP, STDIO, TYPE, URL};
use crate::model::names::check_key;
use crate::model::{McpServer, McpTransport};
use crate::runtime::Runtime;

/// The servers of `file` (the map under `spelling.table`).
pub(crate) fn servers(file: &ConfigFile, spelling: McpSpelling, runtime: Runtime) -> Result<Vec<McpServer>, FileError> {
    let Some(table) = file.root.get(spelling.table) else { return Ok(Vec::new()) };
    let table = table.as_object().ok_or_else(|| file.error(&[spelling.table], "is not a table of servers"))?;
    let mut out = Vec::new();
    for (name, entry) in table {
        let at = |key: Option<&'static str>| [&[spelling.table, name.as_str()][..], key.as_slice()].concat();
        let bad = |key: Option<&'static str>, msg: &str| file.error(&at(key), msg);
        check_key("", name).map_err(|e| bad(None, &e.message))?;
        let mut entry = entry.as_object().cloned().ok_or_else(|| bad(None, "is not a table"))?;
        if matches!(entry.get(TYPE).and_then(Value::as_str), Some(STDIO | HTTP)) {
            entry.shift_remove(TYPE);
        }
        let transport = if let Some(command) = entry.shift_remove(COMMAND) {
            McpTransport::Stdio {
                command: text(command).ok_or_else(|| bad(Some(COMMAND), "must be a string"))?,
                args: strings(entry.shift_remove(ARGS)).ok_or_else(|| bad(Some(ARGS), "must list strings"))?,
                env: string_map(entry.shift_remove(ENV)).ok_or_else(|| bad(Some(ENV), "must map names to strings"))?,
            }
        } else if let Some(url) = entry.shift_remove(URL) {
            let headers = entry.shift_remove(spelling.headers_key);
            McpTransport::Http {
                url: text(url).ok_or_else(|| bad(Some(URL), "must be a string"))?,
                headers: string_map(headers)
                    .ok_or_else(|| bad(Some(spelling.headers_key), "must map names to strings"))?,
            }
        } else {
            return Err(bad(None, "has neither `command` nor `url`"));
        };
        out.push(server(name, transport, entry, runtime));
    }
    Ok(out)
}

/// A server whose leftover keys go to `extra` under `runtime`.
pub(crate) fn server(name: &str, transport: McpTransport, rest: Map<String, Value>, runtime: Runtime) -> McpServer {
    let mut server = McpServer { name: name.to_string(), transport, extra: Default::default() };
    if !rest.is_empty() {
        server.extra.insert(runtime, rest);
    }
    server
}

pub(crate) fn text(v: Value) -> Option<String> {
    v.as_str().map(String::from)
}

pub(crate) fn strings(v: Option<Value>) -> Option<Vec<String>> {
    match v {
        None => Some(Vec::new()),
        Some(Value::Array(items)) => items.into_iter().map(text).collect(),
        Some(_) => None,
    }
}

pub(crate) fn string_map(v: Option<Value>) -> Option<BTreeMap<String, String>> {
    match v {
        None => Some(BTreeMap::new()),
        Some(Value::Object(map)) => map.into_iter().map(|(k, v)| text(v).map(|s| (k, s))).collect(),
        Some(_) => None,
    }
}
