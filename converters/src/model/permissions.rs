//! Permission rules in Claude Code's spelling: `Tool` or `Tool(pattern)`, e.g.
//! `Bash(git diff:*)`, `Read(./docs/**)`. OpenCode gets them lowered to its
//! per-tool map; Codex and Cursor have no project-level equivalent.

/// Allow / ask / deny lists.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Permissions {
    pub allow: Vec<String>,
    pub ask: Vec<String>,
    pub deny: Vec<String>,
}

impl Permissions {
    pub fn is_empty(&self) -> bool {
        self.allow.is_empty() && self.ask.is_empty() && self.deny.is_empty()
    }

    /// Every rule with its action word (`allow`, `ask`, `deny`), in that order.
    pub fn rules(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.allow
            .iter()
            .map(|r| ("allow", r.as_str()))
            .chain(self.ask.iter().map(|r| ("ask", r.as_str())))
            .chain(self.deny.iter().map(|r| ("deny", r.as_str())))
    }
}
