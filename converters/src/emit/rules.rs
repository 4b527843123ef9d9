//! Rules in an always-loaded markdown file's managed section: CLAUDE.md for
//! Claude Code, AGENTS.md for Codex and OpenCode (identical bytes from both, so
//! compiling for several runtimes agrees on the shared file).

use crate::emit::Output;
use crate::error::ModelError;
use crate::fidelity::{Subject, Treatment};
use crate::instructions;
use crate::merge::Managed;
use crate::model::Rule;

/// Rules as a managed section of an always-loaded markdown file (CLAUDE.md or
/// AGENTS.md); scoped rules are loaded always there, with their paths as a hint.
pub(crate) fn rules_section(out: &mut Output, path: &str, rules: &[Rule]) -> Result<(), ModelError> {
    if rules.is_empty() {
        return Ok(());
    }
    for rule in rules.iter().filter(|r| !r.always_apply) {
        out.report.note(
            &Subject::Rule(rule.id.clone()),
            "always_apply",
            Treatment::Lowered,
            format!("{path} is always loaded; the rule's paths are written as a hint"),
        );
    }
    out.shared(path, Managed::Markdown(instructions::render(rules)))
}
