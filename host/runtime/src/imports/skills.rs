//! `agentops:skill/skills`: a flow invoking other skills through the host.
//!
//! The runtime enforces who may be invoked (the flow's `invokes` list from
//! its skill.toml); finding, loading and running the invoked skill is the
//! embedder's job, through an [`Invoker`], since only it knows the project's
//! skills. Time spent in an invoked skill counts against the flow's deadline.

use crate::bindings::agentops::skill::skills::Host;
use crate::bindings::agentops::skill::types::{Outcome, Request, SkillError};
use crate::state::HostState;

/// Runs the skills a flow invokes.
pub trait Invoker: Send + Sync {
    /// Runs skill `name` with `request` and returns its outcome, or why it
    /// could not produce one.
    fn invoke(&self, name: &str, request: Request) -> Result<Outcome, SkillError>;
}

impl Host for HostState {
    fn invoke(&mut self, name: String, request: Request) -> Result<Outcome, SkillError> {
        let Some(allowed) = &self.invokes else {
            return Err(SkillError::Denied("only flows invoke skills".into()));
        };
        if !allowed.contains(&name) {
            let listed = if allowed.is_empty() { "none".to_string() } else { allowed.join(", ") };
            return Err(SkillError::Denied(format!(
                "this flow may invoke only the skills its skill.toml lists in `invokes` ({listed}), not `{name}`"
            )));
        }
        match &self.invoker {
            Some(invoker) => invoker.clone().invoke(&name, request),
            None => Err(SkillError::Denied("this host runs flows only through `agentops flow run`".into())),
        }
    }
}
