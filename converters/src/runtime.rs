//! The four agent runtimes, by the name `--runtime` spells them. The model
//! needs them too: keys read from one runtime's files are written back to
//! that runtime only.

use std::fmt;

/// A target agent runtime.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Runtime {
    ClaudeCode,
    Codex,
    Cursor,
    OpenCode,
}

impl Runtime {
    pub const ALL: [Runtime; 4] = [Runtime::ClaudeCode, Runtime::Codex, Runtime::Cursor, Runtime::OpenCode];

    /// The spelling of `--runtime`.
    pub fn as_str(self) -> &'static str {
        match self {
            Runtime::ClaudeCode => "claude-code",
            Runtime::Codex => "codex",
            Runtime::Cursor => "cursor",
            Runtime::OpenCode => "opencode",
        }
    }

    /// The runtime spelled `name` (as [`Runtime::as_str`] spells it).
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == name)
    }

    /// The product's own name, for messages.
    pub fn title(self) -> &'static str {
        match self {
            Runtime::ClaudeCode => "Claude Code",
            Runtime::Codex => "Codex",
            Runtime::Cursor => "Cursor",
            Runtime::OpenCode => "OpenCode",
        }
    }
}

impl fmt::Display for Runtime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
