//! A skill: SKILL.md (Agent Skills format) plus the files that travel with it.

use crate::model::extra::Extra;
use crate::model::hook::HookBinding;
use crate::tree::RelativePath;

/// One skill, as every runtime's skills folder holds it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Skill {
    pub name: String,
    pub description: String,
    /// The markdown after the frontmatter, byte for byte.
    pub body: String,
    /// Frontmatter keys other than `name` and `description` (`license`,
    /// `allowed-tools`, `metadata`, ...): part of the Agent Skills standard,
    /// so every target writes them.
    pub extra: Extra,
    /// Companion files (`references/`, `scripts/`, `assets/`), copied byte-exact.
    pub files: Vec<CompanionFile>,
    /// Events the skill is bound to (from skill.toml `[[on]]`).
    pub hooks: Vec<HookBinding>,
}

/// A file beside SKILL.md, relative to the skill folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompanionFile {
    pub path: RelativePath,
    pub bytes: Vec<u8>,
    pub executable: bool,
}
