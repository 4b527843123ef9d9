//! Skill folders, which every runtime lays out the same way (the Agent Skills
//! standard): SKILL.md, validated by `agentops-manifest` (kebab-case name equal
//! to the folder, a one-line description), and every other file beside it,
//! byte for byte with its exec bit.

use agentops_manifest::SkillMd;

use crate::error::FileError;
use crate::import::reader::{Reader, read_text};
use crate::model::Skill;
use crate::skill_folder::{self, companion_files, entries};

/// The skills in folder `rel`, sorted by name.
pub(crate) fn skills(r: &Reader, rel: &str) -> Result<Vec<Skill>, FileError> {
    let mut skills = Vec::new();
    for dir in entries(&r.path(rel))?.into_iter().filter(|d| d.join("SKILL.md").is_file()) {
        let path = dir.join("SKILL.md");
        let text = read_text(&path)?.unwrap_or_default();
        let folder = dir.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let md = SkillMd::parse(&path, &text, folder).map_err(|e| FileError::new(&path, e.line, e.message))?;
        let mut files = Vec::new();
        companion_files(&dir, "", &mut files)?;
        skills.push(skill_folder::skill(&path, md, files)?);
    }
    Ok(skills)
}
