//! evolve: the weakest goal (a host action over GOALS.md and the recorded
//! gate results) followed by the implement instructions, as one proposal for
//! the agent.

use agentops_skill_sdk::prelude::*;
use agentops_skill_sdk::skills;

/// The flow exported as the component's `run`.
pub struct Evolve;

impl Skill for Evolve {
    fn run(request: Request) -> Result<Outcome, SkillError> {
        let sub = Request { args: Vec::new(), input: None, event: request.event.clone(), config: "{}".into() };
        let proposal = skills::invoke("host/goals-next", &sub)?;
        let implement = skills::invoke("implement", &sub)?;
        let context = [proposal.context.unwrap_or_default(), implement.context.unwrap_or_default()].join("\n\n");
        let message = proposal.message.unwrap_or_else(|| "the next goal".into());
        Ok(Outcome { data: proposal.data, ..Outcome::pass() }.context(context).message(message))
    }
}

agentops_skill_sdk::export_skill!(Evolve);
