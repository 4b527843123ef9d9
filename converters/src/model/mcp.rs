//! MCP servers: a local process spoken to over stdio, or a remote HTTP endpoint.

use std::collections::BTreeMap;

use crate::model::extra::Extra;

/// One MCP server.
#[derive(Debug, Clone, PartialEq)]
pub struct McpServer {
    /// The key in each runtime's server map.
    pub name: String,
    pub transport: McpTransport,
    /// Unknown keys of the server entry; written back only to Claude Code.
    pub extra: Extra,
}

/// How to reach the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum McpTransport {
    Stdio { command: String, args: Vec<String>, env: BTreeMap<String, String> },
    Http { url: String, headers: BTreeMap<String, String> },
}
