//! Always-loaded markdown files (CLAUDE.md, AGENTS.md): the rules in the
//! agentops section, and the text written by hand around it. The hand-written
//! text becomes one always-applied rule titled with the file name, so a
//! conversion carries a project's own instructions to the other runtime.

use crate::error::FileError;
use crate::import::reader::Reader;
use crate::instructions;
use crate::merge::markdown_parts;
use crate::model::Rule;
use crate::model::names::kebab;

/// The id of the rule holding the text written by hand in `file`
/// (`CLAUDE.md` → `claude-md`).
pub fn hand_written_rule(file: &str) -> String {
    kebab(file)
}

/// The rules of markdown file `rel`: its section's rules when `section` (the
/// runtime writes one there), then the hand-written text as a rule.
pub(crate) fn rules(r: &Reader, rel: &str, section: bool) -> Result<Vec<Rule>, FileError> {
    let path = r.path(rel);
    let Some(text) = r.text(rel)? else { return Ok(Vec::new()) };
    let parts = markdown_parts(&path, &text)?;
    let mut rules = match (&parts.section, section) {
        (Some((line, inner)), true) => instructions::parse(&path, inner, *line)?,
        _ => Vec::new(),
    };
    let own = parts.outside.trim();
    if !own.is_empty() {
        rules.push(Rule {
            id: hand_written_rule(rel),
            title: rel.to_string(),
            description: None,
            body: format!("{own}\n"),
            globs: Vec::new(),
            always_apply: true,
        });
    }
    Ok(rules)
}
