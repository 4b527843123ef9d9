//! `skill.toml`: what the host enforces for a skill — its component,
//! capabilities, limits, hook bindings and configuration.
//!
//! ```toml
//! [skill]
//! component = "guard.wasm"   # built component, relative to the skill folder
//! crate = "."                # the Rust crate that builds it
//!
//! [capabilities]
//! imports = ["workspace.read", "git.read"]   # host interfaces the skill may call
//! read = ["docs"]                             # folders preopened read-only for std::fs
//! write = []                                  # folders preopened read-write (policy must allow)
//!
//! [limits]
//! timeout_ms = 1000
//! memory_mb = 32
//!
//! [[on]]
//! event = "pre-tool-use"
//! matcher = "Bash"
//! mode = "gate"
//! fail = "open"
//!
//! [config]                   # free-form, handed to the skill as JSON
//! ```

use std::path::Path;

use serde::Deserialize;

use crate::error::ManifestError;
use crate::lines::line_of_key;
use crate::toml_file::{parse, read_optional};

/// A parsed and validated skill.toml.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkillToml {
    #[serde(default)]
    pub skill: SkillSection,
    #[serde(default)]
    pub capabilities: Capabilities,
    #[serde(default)]
    pub limits: Limits,
    #[serde(default)]
    pub on: Vec<Binding>,
    /// The free-form `[config]` table, converted to JSON for the skill.
    #[serde(default = "empty_config", deserialize_with = "config_as_json")]
    pub config: serde_json::Value,
}

/// The `[skill]` table.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkillSection {
    #[serde(default)]
    pub kind: SkillKind,
    /// The component file, relative to the skill folder.
    pub component: Option<String>,
    /// The crate that builds the component, relative to the skill folder.
    #[serde(rename = "crate")]
    pub crate_dir: Option<String>,
    /// For flows: the skills this flow may invoke.
    #[serde(default)]
    pub invokes: Vec<String>,
}

/// A plain skill, or a flow that may invoke other skills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SkillKind {
    #[default]
    Skill,
    Flow,
}

/// The `[capabilities]` table: what the skill asks for. Policy may grant less.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Capabilities {
    #[serde(default)]
    pub imports: Vec<Capability>,
    /// Project-relative folders to preopen read-only.
    #[serde(default)]
    pub read: Vec<String>,
    /// Project-relative folders to preopen read-write.
    #[serde(default)]
    pub write: Vec<String>,
}

/// A host capability a skill can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
pub enum Capability {
    #[serde(rename = "workspace.read")]
    WorkspaceRead,
    #[serde(rename = "git.read")]
    GitRead,
    #[serde(rename = "ledger.read")]
    LedgerRead,
    #[serde(rename = "ledger.write")]
    LedgerWrite,
    #[serde(rename = "judge")]
    Judge,
}

impl Capability {
    /// The spelling used in skill.toml and agentops.toml.
    pub fn as_str(self) -> &'static str {
        match self {
            Capability::WorkspaceRead => "workspace.read",
            Capability::GitRead => "git.read",
            Capability::LedgerRead => "ledger.read",
            Capability::LedgerWrite => "ledger.write",
            Capability::Judge => "judge",
        }
    }
}

/// The `[limits]` table; unset values take the policy's defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    pub timeout_ms: Option<u64>,
    pub memory_mb: Option<u64>,
    /// Captured stdout and stderr, each.
    pub output_kb: Option<u64>,
}

/// One `[[on]]` hook binding.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Binding {
    pub event: EventName,
    /// Tool names separated by `|`, or `*` for every tool.
    #[serde(default = "any_tool")]
    pub matcher: String,
    #[serde(default)]
    pub mode: Mode,
    #[serde(default)]
    pub fail: FailMode,
}

/// The normalized hook events a skill can bind to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EventName {
    SessionStart,
    UserPrompt,
    PreToolUse,
    PostToolUse,
    Stop,
    SessionEnd,
    PreCompact,
}

/// Whether a binding can block (`gate`) or only reports (`advise`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    Gate,
    #[default]
    Advise,
}

/// What a gate answers when the skill itself errs or times out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FailMode {
    #[default]
    Open,
    Closed,
}

fn any_tool() -> String {
    "*".into()
}

fn empty_config() -> serde_json::Value {
    serde_json::Value::Object(Default::default())
}

fn config_as_json<'de, D: serde::Deserializer<'de>>(d: D) -> Result<serde_json::Value, D::Error> {
    let table = toml::Table::deserialize(d)?;
    serde_json::to_value(table).map_err(serde::de::Error::custom)
}

impl SkillToml {
    /// Reads `dir/skill.toml`; `Ok(None)` when the skill has none.
    pub fn load(dir: &Path) -> Result<Option<Self>, ManifestError> {
        let path = dir.join("skill.toml");
        read_optional(&path)?.map(|text| Self::parse(&path, &text)).transpose()
    }

    /// Parses and validates skill.toml text.
    pub fn parse(path: &Path, text: &str) -> Result<Self, ManifestError> {
        let manifest: SkillToml = parse(path, text, "the skill.toml reference")?;
        manifest.validate(path, text)?;
        Ok(manifest)
    }

    fn validate(&self, path: &Path, text: &str) -> Result<(), ManifestError> {
        let at = |key: &str| line_of_key(text, key, 1);
        for dir in self.capabilities.read.iter().chain(&self.capabilities.write) {
            if let Err(why) = check_relative_folder(dir) {
                let key = if self.capabilities.read.contains(dir) { "read" } else { "write" };
                return Err(ManifestError::new(
                    path,
                    at(key),
                    format!("the folder `{dir}` {why}"),
                    "name a folder inside the project, like `docs` or `target/reports`",
                ));
            }
        }
        for (key, value) in [
            ("timeout_ms", self.limits.timeout_ms),
            ("memory_mb", self.limits.memory_mb),
            ("output_kb", self.limits.output_kb),
        ] {
            if value == Some(0) {
                return Err(ManifestError::new(
                    path,
                    at(key),
                    format!("`{key}` is 0"),
                    "give a positive limit or remove the line to take the default",
                ));
            }
        }
        if self.skill.kind == SkillKind::Skill && !self.skill.invokes.is_empty() {
            return Err(ManifestError::new(
                path,
                at("invokes"),
                "only a flow may invoke other skills",
                "set `kind = \"flow\"` in [skill] or remove `invokes`",
            ));
        }
        if let Some(component) = &self.skill.component
            && let Err(why) = check_relative_folder(component)
        {
            return Err(ManifestError::new(
                path,
                at("component"),
                format!("the component `{component}` {why}"),
                "name the .wasm file relative to the skill folder",
            ));
        }
        for binding in &self.on {
            if binding.matcher.trim().is_empty() {
                return Err(ManifestError::new(
                    path,
                    at("matcher"),
                    "an empty matcher matches nothing",
                    "use `*` for every tool or names like `Bash|Write`",
                ));
            }
        }
        Ok(())
    }

    /// Whether the skill asks for `capability`.
    pub fn wants(&self, capability: Capability) -> bool {
        self.capabilities.imports.contains(&capability)
    }
}

/// A path must be relative, stay inside its base, and never name `.git`.
fn check_relative_folder(path: &str) -> Result<(), &'static str> {
    let p = Path::new(path);
    if path.trim().is_empty() {
        return Err("is empty");
    }
    if p.is_absolute() {
        return Err("is absolute");
    }
    if p.components().any(|c| matches!(c, std::path::Component::ParentDir)) {
        return Err("leaves the project through `..`");
    }
    if p.components().any(|c| c.as_os_str() == ".git") {
        return Err("is inside `.git`, which skills never see");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<SkillToml, ManifestError> {
        SkillToml::parse(Path::new("skills/x/skill.toml"), text)
    }

    #[test]
    fn parses_every_section() {
        let m = parse(
            "[skill]\ncomponent = \"x.wasm\"\n[capabilities]\nimports = [\"workspace.read\"]\nread = [\"docs\"]\n[limits]\ntimeout_ms = 50\n[[on]]\nevent = \"pre-tool-use\"\nmatcher = \"Bash\"\nmode = \"gate\"\nfail = \"closed\"\n[config]\nlevel = 3\nnames = [\"a\"]\n",
        )
        .unwrap();
        assert_eq!(m.skill.component.as_deref(), Some("x.wasm"));
        assert!(m.wants(Capability::WorkspaceRead));
        assert_eq!(m.limits.timeout_ms, Some(50));
        assert_eq!(
            m.on[0],
            Binding { event: EventName::PreToolUse, matcher: "Bash".into(), mode: Mode::Gate, fail: FailMode::Closed }
        );
        assert_eq!(m.config, serde_json::json!({"level": 3, "names": ["a"]}));
    }

    #[test]
    fn empty_file_is_an_instruction_only_skill() {
        let m = parse("").unwrap();
        assert_eq!(m.skill.component, None);
        assert_eq!(m.config, serde_json::json!({}));
    }

    #[test]
    fn reports_the_line_of_each_problem() {
        let cases = [
            ("unknown event", "[[on]]\nevent = \"pre-tol-use\"\n", 2, "pre-tol-use"),
            ("unknown capability", "[capabilities]\nimports = [\"network\"]\n", 2, "network"),
            ("typo in key", "[limits]\ntimeout = 5\n", 2, "timeout"),
            ("zero limit", "[limits]\nmemory_mb = 0\n", 2, "memory_mb"),
            ("escape", "[capabilities]\n\nread = [\"../etc\"]\n", 3, ".."),
            ("git", "[capabilities]\nwrite = [\".git/hooks\"]\n", 2, ".git"),
            ("invokes", "[skill]\ninvokes = [\"vibe\"]\n", 2, "flow"),
            ("syntax", "[skill\n", 1, ""),
        ];
        for (case, text, line, needle) in cases {
            let err = parse(text).expect_err(case);
            assert_eq!(err.line, Some(line), "{case}: {err}");
            assert!(err.to_string().contains(needle), "{case}: {err}");
        }
    }
}
