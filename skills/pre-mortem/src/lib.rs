//! pre-mortem: reviews a plan before the work starts. It reads the plan's
//! markdown (`--input`) and checks that it has a goal, scope and non-goals,
//! numbered steps small enough to do one at a time, risks each with a
//! mitigation, a rollback, a test plan and acceptance criteria; flags vague
//! wording; and checks the plan against the ledger's pre-mortem rules.
//! Severities and thresholds come from skill.toml `[config]`.

mod checks;
mod config;
mod host;
mod input;
mod plan;
mod review;
mod sections;

use agentops_skill_sdk::prelude::*;

pub use config::Config;
pub use host::Host;
pub use plan::parse as parse_plan;
pub use review::review;

/// The skill exported as the component's `run`.
pub struct PreMortem;

impl Skill for PreMortem {
    fn run(request: Request) -> Result<Outcome, SkillError> {
        let config: Config = request.config()?;
        config.validate().map_err(|e| invalid_input(format!("the [config] table of skill.toml: {e}")))?;
        let text = input::plan_text(request.input.as_deref(), config.max_plan_bytes)?;
        let path = request.arg("path").unwrap_or("plan");
        Ok(review(text, &config, &host::Imports, path))
    }
}

agentops_skill_sdk::export_skill!(PreMortem);
