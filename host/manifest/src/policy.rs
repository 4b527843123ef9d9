//! The project's policy: the `[policy]` table of `.agents/agentops.toml`.
//!
//! Deny by default: a skill gets a capability only when its manifest asks and
//! this policy allows. Without a policy file the defaults below apply.
//!
//! ```toml
//! [policy]
//! allow = ["workspace.read", "git.read", "ledger.read"]  # capabilities skills may be granted
//! read = ["*"]        # folders skills may preopen read-only; "*" = any folder but .git
//! write = []          # folders skills may preopen read-write
//! private = ["secrets/**"]   # paths skills never read; guard blocks agents from them too
//!
//! [policy.limits]     # defaults for every skill, and the most a skill.toml may ask
//! timeout_ms = 2000
//! memory_mb = 64
//! output_kb = 256
//! max_timeout_ms = 30000
//! max_memory_mb = 512
//! max_output_kb = 4096
//! ```

use std::path::Path;

use serde::Deserialize;

use crate::error::ManifestError;
use crate::skill_toml::Capability;
use crate::toml_file::{parse, read_optional};

/// The project policy.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Policy {
    pub allow: Vec<Capability>,
    pub read: Vec<String>,
    pub write: Vec<String>,
    pub private: Vec<String>,
    pub limits: PolicyLimits,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            allow: vec![Capability::WorkspaceRead, Capability::GitRead, Capability::LedgerRead],
            read: vec!["*".into()],
            write: Vec::new(),
            private: Vec::new(),
            limits: PolicyLimits::default(),
        }
    }
}

/// Default and maximum limits for every skill call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PolicyLimits {
    pub timeout_ms: u64,
    pub memory_mb: u64,
    pub output_kb: u64,
    pub max_timeout_ms: u64,
    pub max_memory_mb: u64,
    pub max_output_kb: u64,
}

impl Default for PolicyLimits {
    fn default() -> Self {
        PolicyLimits {
            timeout_ms: 2_000,
            memory_mb: 64,
            output_kb: 256,
            max_timeout_ms: 30_000,
            max_memory_mb: 512,
            max_output_kb: 4_096,
        }
    }
}

/// `agentops.toml` holds more than the policy; only `[policy]` is read here.
#[derive(Deserialize)]
struct ConfigFile {
    #[serde(default)]
    policy: Policy,
}

impl Policy {
    /// The policy of the project at `root`: `.agents/agentops.toml`, or the
    /// defaults when the file does not exist.
    pub fn load(root: &Path) -> Result<Self, ManifestError> {
        let path = root.join(".agents").join("agentops.toml");
        match read_optional(&path)? {
            Some(text) => Self::parse(&path, &text),
            None => Ok(Policy::default()),
        }
    }

    /// Parses the `[policy]` table out of agentops.toml text.
    pub fn parse(path: &Path, text: &str) -> Result<Self, ManifestError> {
        parse::<ConfigFile>(path, text, "the [policy] reference").map(|file| file.policy)
    }

    /// Whether skills may be granted `capability`.
    pub fn allows(&self, capability: Capability) -> bool {
        self.allow.contains(&capability)
    }

    /// Whether skills may preopen `folder` read-only.
    pub fn allows_read(&self, folder: &str) -> bool {
        covered(&self.read, folder) || covered(&self.write, folder)
    }

    /// Whether skills may preopen `folder` read-write.
    pub fn allows_write(&self, folder: &str) -> bool {
        covered(&self.write, folder)
    }
}

/// Whether `folder` is one of `allowed` or inside one; `*` covers every folder.
fn covered(allowed: &[String], folder: &str) -> bool {
    let folder = folder.trim_end_matches('/');
    allowed.iter().any(|a| {
        let a = a.trim_end_matches('/');
        a == "*" || folder == a || folder.strip_prefix(a).is_some_and(|rest| rest.starts_with('/'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_deny_writes_and_judges() {
        let p = Policy::default();
        assert!(p.allows(Capability::WorkspaceRead));
        assert!(!p.allows(Capability::Judge));
        assert!(!p.allows(Capability::LedgerWrite));
        assert!(p.allows_read("docs"));
        assert!(!p.allows_write("docs"));
    }

    #[test]
    fn folders_are_covered_by_prefix_not_by_substring() {
        let p = Policy::parse(Path::new("a.toml"), "[policy]\nread = [\"docs\"]\nwrite = [\"out/\"]\n").unwrap();
        assert!(p.allows_read("docs/api"));
        assert!(!p.allows_read("docsx"));
        assert!(p.allows_read("out"));
        assert!(p.allows_write("out/reports"));
        assert!(!p.allows_write("docs"));
    }

    #[test]
    fn other_tables_are_ignored_and_errors_have_lines() {
        let p = Policy::parse(Path::new("a.toml"), "[budgets]\ntokens = 3\n[policy]\nallow = [\"judge\"]\n").unwrap();
        assert_eq!(p.allow, vec![Capability::Judge]);
        let err = Policy::parse(Path::new("a.toml"), "[policy]\nallow = [\"judge\"]\nreed = []\n").unwrap_err();
        assert_eq!(err.line, Some(3));
    }
}
