//! Reading a skill folder into a [`Skill`]: SKILL.md through
//! `agentops-manifest`, and the files beside it byte-exact with their exec
//! bits. Shared by the importers (which read every file of a runtime's skill
//! folder) and the project source loader (which reads every file of a plain
//! skill, and only `references/`, `scripts/` and `assets/` of one with a
//! skill.toml, leaving the crate and component out).

use std::fs;
use std::path::{Path, PathBuf};

use agentops_manifest::SkillMd;

use crate::error::FileError;
use crate::model::{CompanionFile, Extra, Skill};
use crate::tree::RelativePath;

/// A skill from its parsed SKILL.md (at `path`) and its companion files; no hooks.
pub(crate) fn skill(path: &Path, md: SkillMd, files: Vec<CompanionFile>) -> Result<Skill, FileError> {
    let mut extra = Extra::new();
    for (k, v) in md.frontmatter.iter().filter(|(k, _)| !matches!(k.as_str(), Some("name" | "description"))) {
        let key = k.as_str().ok_or_else(|| FileError::new(path, Some(2), "a frontmatter key is not a string"))?;
        let value = serde_json::to_value(v).map_err(|e| FileError::new(path, None, format!("`{key}`: {e}")))?;
        extra.insert(key.to_string(), value);
    }
    Ok(Skill { name: md.name, description: md.description, body: md.body, extra, files, hooks: Vec::new() })
}

/// Every file under `dir` (recursively, sorted), named `prefix` + its path
/// below `dir`, except a top-level SKILL.md. A missing `dir` adds nothing.
pub(crate) fn companion_files(dir: &Path, prefix: &str, files: &mut Vec<CompanionFile>) -> Result<(), FileError> {
    for path in entries(dir)? {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let rel = format!("{prefix}{name}");
        if path.is_dir() {
            companion_files(&path, &format!("{rel}/"), files)?;
        } else if rel != "SKILL.md" {
            let bytes = fs::read(&path).map_err(|e| FileError::new(&path, None, format!("cannot read: {e}")))?;
            let rel = RelativePath::new(rel).map_err(|e| FileError::new(&path, None, e))?;
            files.push(CompanionFile { path: rel, bytes, executable: is_executable(&path) });
        }
    }
    Ok(())
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(_: &Path) -> bool {
    false
}

/// Children of `dir`, sorted; none when it does not exist.
pub(crate) fn entries(dir: &Path) -> Result<Vec<PathBuf>, FileError> {
    let Ok(read) = fs::read_dir(dir) else { return Ok(Vec::new()) };
    let mut paths = read
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| FileError::new(dir, None, format!("cannot list: {e}")))?;
    paths.sort();
    Ok(paths)
}
