//! A rule: always-loaded (or path-scoped) instructions, e.g. a ledger rule.

/// One rule.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Rule {
    /// Stable id; the Cursor file name.
    pub id: String,
    pub title: String,
    /// When an agent should pull it in (Cursor `description`).
    pub description: Option<String>,
    pub body: String,
    /// Paths it applies to; empty means everywhere.
    pub globs: Vec<String>,
    /// Loaded in every session regardless of paths.
    pub always_apply: bool,
}
