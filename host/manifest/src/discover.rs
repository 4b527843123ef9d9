//! Finding a project's skills: every folder under `skills/` with a SKILL.md.

use std::path::{Path, PathBuf};

use crate::error::ManifestError;
use crate::skill_md::SkillMd;
use crate::skill_toml::SkillToml;

/// One skill folder, parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct SkillDir {
    pub dir: PathBuf,
    pub md: SkillMd,
    /// `None` for an instruction-only skill.
    pub manifest: Option<SkillToml>,
}

impl SkillDir {
    /// Parses the skill in `dir`.
    pub fn load(dir: &Path) -> Result<Self, ManifestError> {
        let md = SkillMd::load(dir)?;
        let manifest = SkillToml::load(dir)?;
        Ok(SkillDir { dir: dir.to_path_buf(), md, manifest })
    }

    pub fn name(&self) -> &str {
        &self.md.name
    }

    /// The component file, when the skill has logic.
    pub fn component_path(&self) -> Option<PathBuf> {
        let m = self.manifest.as_ref()?;
        let file = m.skill.component.clone().unwrap_or_else(|| format!("{}.wasm", self.md.name));
        (m.skill.component.is_some() || m.skill.crate_dir.is_some()).then(|| self.dir.join(file))
    }

    /// The crate that builds the component, when there is one.
    pub fn crate_dir(&self) -> Option<PathBuf> {
        let m = self.manifest.as_ref()?;
        let dir = self.dir.join(m.skill.crate_dir.as_deref().unwrap_or("."));
        dir.join("Cargo.toml").is_file().then_some(dir)
    }
}

/// Every skill under `root/skills/`, sorted by folder name. A folder whose
/// files do not parse yields its error; the others still load.
pub fn discover_skills(root: &Path) -> Vec<Result<SkillDir, ManifestError>> {
    let Ok(entries) = std::fs::read_dir(root.join("skills")) else {
        return Vec::new();
    };
    let mut dirs: Vec<PathBuf> =
        entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.join("SKILL.md").is_file()).collect();
    dirs.sort();
    dirs.iter().map(|d| SkillDir::load(d)).collect()
}
