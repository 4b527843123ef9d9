//! The grant a skill actually gets: what its manifest asks, intersected with
//! what the policy allows, with limits bounded by the policy's maxima.

use crate::policy::Policy;
use crate::skill_toml::{Capability, SkillKind, SkillToml};

/// What the host gives one skill.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub imports: Vec<Capability>,
    /// Folders preopened read-only.
    pub read: Vec<String>,
    /// Folders preopened read-write.
    pub write: Vec<String>,
    pub timeout_ms: u64,
    pub memory_bytes: usize,
    pub output_bytes: usize,
    /// What the manifest asked for and the policy refused, for messages.
    pub refused: Vec<String>,
    /// For flows, the skills they may invoke (`invokes` in skill.toml);
    /// `None` for plain skills, which may invoke nothing.
    pub invokes: Option<Vec<String>>,
}

impl Grant {
    /// Whether `capability` was granted.
    pub fn has(&self, capability: Capability) -> bool {
        self.imports.contains(&capability)
    }
}

/// Computes the grant of a skill under a policy.
pub fn grant(manifest: &SkillToml, policy: &Policy) -> Grant {
    let mut refused = Vec::new();
    let mut imports = Vec::new();
    for &cap in &manifest.capabilities.imports {
        if policy.allows(cap) {
            imports.push(cap);
        } else {
            refused.push(cap.as_str().to_string());
        }
    }
    imports.sort();
    imports.dedup();
    let mut read = Vec::new();
    let mut write = Vec::new();
    for folder in &manifest.capabilities.write {
        if policy.allows_write(folder) {
            write.push(folder.clone());
        } else if policy.allows_read(folder) {
            // Writes need both the manifest and the policy: fall back to read-only.
            refused.push(format!("write {folder}"));
            read.push(folder.clone());
        } else {
            refused.push(format!("write {folder}"));
        }
    }
    for folder in &manifest.capabilities.read {
        if policy.allows_read(folder) {
            read.push(folder.clone());
        } else {
            refused.push(format!("read {folder}"));
        }
    }
    let l = &policy.limits;
    let m = &manifest.limits;
    Grant {
        imports,
        read,
        write,
        timeout_ms: m.timeout_ms.unwrap_or(l.timeout_ms).min(l.max_timeout_ms),
        memory_bytes: mib(m.memory_mb.unwrap_or(l.memory_mb).min(l.max_memory_mb)),
        output_bytes: kib(m.output_kb.unwrap_or(l.output_kb).min(l.max_output_kb)),
        refused,
        invokes: (manifest.skill.kind == SkillKind::Flow).then(|| manifest.skill.invokes.clone()),
    }
}

fn mib(n: u64) -> usize {
    usize::try_from(n.saturating_mul(1 << 20)).unwrap_or(usize::MAX)
}

fn kib(n: u64) -> usize {
    usize::try_from(n.saturating_mul(1 << 10)).unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn manifest(text: &str) -> SkillToml {
        SkillToml::parse(Path::new("skill.toml"), text).unwrap()
    }

    #[test]
    fn needs_both_manifest_and_policy() {
        let m = manifest("[capabilities]\nimports = [\"workspace.read\", \"judge\"]\nwrite = [\"out\"]\n");
        let g = grant(&m, &Policy::default());
        assert_eq!(g.imports, vec![Capability::WorkspaceRead]);
        assert_eq!(g.write, Vec::<String>::new());
        assert_eq!(g.read, vec!["out".to_string()]);
        assert_eq!(g.refused, vec!["judge".to_string(), "write out".to_string()]);
    }

    #[test]
    fn nothing_asked_nothing_granted() {
        let g = grant(&manifest(""), &Policy::default());
        assert!(g.imports.is_empty() && g.read.is_empty() && g.write.is_empty());
        assert_eq!(g.timeout_ms, 2_000);
    }

    #[test]
    fn limits_are_bounded_by_policy() {
        let g = grant(&manifest("[limits]\ntimeout_ms = 999999\nmemory_mb = 8\n"), &Policy::default());
        assert_eq!(g.timeout_ms, 30_000);
        assert_eq!(g.memory_bytes, 8 << 20);
    }
}
