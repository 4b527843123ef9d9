//! Skill folders: every runtime reads the same Agent Skills layout, only the
//! root differs. Companion files are copied byte for byte with their exec bit.

use crate::emit::Output;
use crate::emit::frontmatter::Frontmatter;
use crate::error::ModelError;
use crate::layout::{DESCRIPTION, NAME};
use crate::model::{Extra, Skill};
use crate::tree::{OutputFile, Tree};

/// Writes `<skills dir>/<name>/SKILL.md` and the skill's companion files.
pub(crate) fn write_skill(out: &mut Output, skill: &Skill) -> Result<(), ModelError> {
    write_skill_in(out, out.runtime.skills_dir(), skill)
}

/// Writes the skill under `skills_dir`: a plugin keeps its skills at its root,
/// not where the runtime reads a project's.
pub(crate) fn write_skill_in(out: &mut Output, skills_dir: &str, skill: &Skill) -> Result<(), ModelError> {
    let dir = format!("{skills_dir}/{}", skill.name);
    out.owned(format!("{dir}/SKILL.md"), skill_md(&skill.name, &skill.description, &skill.extra, &skill.body))?;
    for file in &skill.files {
        let path = Tree::path(format!("{dir}/{}", file.path));
        out.tree.insert(path, OutputFile { executable: file.executable, ..OutputFile::owned(file.bytes.clone()) })?;
    }
    Ok(())
}

/// SKILL.md text: `name`, `description`, then the other keys.
pub(crate) fn skill_md(name: &str, description: &str, extra: &Extra, body: &str) -> String {
    Frontmatter::default().str(NAME, name).str(DESCRIPTION, description).extra(Some(extra)).document(body)
}
