//! MCP servers: a local process spoken to over stdio, or a remote HTTP endpoint.

use std::collections::BTreeMap;

use crate::model::extra::Extras;

/// One MCP server.
#[derive(Debug, Clone, PartialEq)]
pub struct McpServer {
    /// The key in each runtime's server map.
    pub name: String,
    pub transport: McpTransport,
    /// Unknown keys of the server entry, per runtime they were read from.
    pub extra: Extras,
}

/// How to reach the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum McpTransport {
    Stdio { command: String, args: Vec<String>, env: BTreeMap<String, String> },
    Http { url: String, headers: BTreeMap<String, String> },
}
