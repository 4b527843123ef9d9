//! vibe: reviews a change before it is committed or handed over. It reads
//! the staged diff (or, with `--arg base=REF`, the working tree against REF;
//! or a unified diff given as `--input`) and fails it for likely secrets and
//! merge-conflict markers, and warns about debugging leftovers, TODOs that
//! point nowhere, oversized files, long or deeply nested functions, source
//! changed without tests, and the ledger's rules and findings for the
//! changed paths. Severities and thresholds come from skill.toml `[config]`.

mod checks;
mod config;
mod diff;
mod host;
mod language;
mod review;
mod scan;

use agentops_skill_sdk::prelude::*;
use agentops_skill_sdk::workspace;

pub use config::Config;
pub use diff::{Diff, FileDiff, parse as parse_diff};
pub use host::Host;
pub use review::review;

/// The skill exported as the component's `run`.
pub struct Vibe;

impl Skill for Vibe {
    fn run(request: Request) -> Result<Outcome, SkillError> {
        let config: Config = request.config()?;
        config.validate().map_err(|e| invalid_input(format!("the [config] table of skill.toml: {e}")))?;
        let text = match request.input {
            Some(text) => text,
            None => workspace::git_diff(request.arg("base")).map_err(|e| {
                invalid_input(format!(
                    "vibe reviews the staged change, or the working tree against `--arg base=REF`, or a diff given with --input: {e}"
                ))
            })?,
        };
        Ok(review(&text, &config, &host::Imports))
    }
}

agentops_skill_sdk::export_skill!(Vibe);
