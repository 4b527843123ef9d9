//! The `command`/`url` shape of MCP server entries that Claude Code, Cursor
//! and Codex share (JSON for the first two, TOML tables for Codex), with each
//! runtime's spelling. OpenCode's `mcp` entries differ and live in
//! [`super::opencode`].

/// How one runtime spells a server entry.
#[derive(Debug, Clone, Copy)]
pub(crate) struct McpSpelling {
    /// The file holding the servers.
    pub file: &'static str,
    /// The key of the server map: `mcpServers` or `mcp_servers`.
    pub table: &'static str,
    /// Write `"type": "http"`, which Claude Code needs to tell HTTP from stdio.
    pub http_type: bool,
    /// The key of HTTP headers: `headers`, or Codex's `http_headers`.
    pub headers_key: &'static str,
}

/// Keys every spelling shares.
pub(crate) const COMMAND: &str = "command";
pub(crate) const ARGS: &str = "args";
pub(crate) const ENV: &str = "env";
pub(crate) const URL: &str = "url";
/// The transport marker; only Claude Code needs it written.
pub(crate) const TYPE: &str = "type";
/// The values of `type` that name the transports the model has.
pub(crate) const STDIO: &str = "stdio";
pub(crate) const HTTP: &str = "http";
