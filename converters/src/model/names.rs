//! Checks shared by every item: names that become file names, and descriptions
//! that become one frontmatter line. Skill-style names follow the Agent Skills
//! rules (kebab-case, at most 64 characters), checked by `agentops-manifest`
//! so both crates agree.

use crate::error::ModelError;

/// The longest description any runtime accepts.
pub const MAX_DESCRIPTION_LEN: usize = 1024;

/// A name that becomes a file or folder name: kebab-case, at most 64
/// characters, so it can never hold a separator or `..`.
pub(crate) fn check_name(item: &str, name: &str) -> Result<(), ModelError> {
    agentops_manifest::validate_skill_name(name).map_err(|msg| ModelError::new(item, "name", msg))
}

/// `text` as a name: ASCII letters and digits lowercased, anything else `-`
/// (`R-20261125-3f1a9c2e` → `r-20261125-3f1a9c2e`, `CLAUDE.md` → `claude-md`).
pub(crate) fn kebab(text: &str) -> String {
    text.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect()
}

/// An MCP server name: a key inside a config file, not a path, so runtimes
/// accept underscores too (`mcp_everything`). Still at most 64 characters of
/// ASCII letters, digits, `-` and `_`.
pub(crate) fn check_key(item: &str, name: &str) -> Result<(), ModelError> {
    let bad = name.chars().find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'));
    match (name.is_empty(), name.len() > 64, bad) {
        (true, _, _) => Err(ModelError::new(item, "name", "the name is empty")),
        (_, true, _) => {
            Err(ModelError::new(item, "name", format!("the name has {} characters; the limit is 64", name.len())))
        }
        (_, _, Some(c)) => {
            Err(ModelError::new(item, "name", format!("`{name}` contains `{c}`; use letters, digits, `-` and `_`")))
        }
        _ => Ok(()),
    }
}

/// A description: one line, at most 1024 characters, no leading or trailing
/// blanks (they would not survive a YAML round trip).
pub(crate) fn check_description(item: &str, text: &str) -> Result<(), ModelError> {
    let err = |msg: String| Err(ModelError::new(item, "description", msg));
    if text.trim().is_empty() {
        return err("the description is empty".into());
    }
    if text.contains(['\n', '\r']) {
        return err("the description spans several lines; write it on one line".into());
    }
    if text.trim() != text {
        return err("the description starts or ends with blanks".into());
    }
    let len = text.chars().count();
    if len > MAX_DESCRIPTION_LEN {
        return err(format!("the description has {len} characters; the limit is {MAX_DESCRIPTION_LEN}"));
    }
    Ok(())
}

/// A single-line value such as a model id, an argument hint or a rule title.
pub(crate) fn check_line(item: &str, field: &str, text: &str) -> Result<(), ModelError> {
    if text.trim().is_empty() || text.contains(['\n', '\r']) || text.trim() != text {
        return Err(ModelError::new(item, field, "must be one non-empty line without surrounding blanks"));
    }
    Ok(())
}
