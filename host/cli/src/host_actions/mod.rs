//! Host actions: ledger and goals operations a flow invokes like skills,
//! under names that no skill can take (`host/forge`, `host/harvest`,
//! `host/promote`, `host/flywheel`, `host/goals-next`). They let flows such as `dream` and
//! `evolve` do bookkeeping that lives on the host — reading transcripts in the
//! user's home, rewriting ledger items — without giving the component any
//! file access. They only ever touch `.agents/` (the project's, and for
//! harvest the user-global one), never source code.
//!
//! Each needs the calling flow's grant: `ledger.read` to read, `ledger.write`
//! to write; a flow must also list the action in `invokes`.

mod flywheel;
mod forge;
mod goals;
mod harvest;
mod promote;

use std::path::Path;

use agentops_ledger::{Ledger, LedgerError};
use agentops_manifest::{Capability, Grant};
use agentops_runtime::{Outcome, Request, SkillError, Verdict};
use serde_json::Value;

/// The prefix of every host action's name.
pub const PREFIX: &str = "host/";

/// What an action gets: the project and the calling flow's grant.
#[derive(Debug)]
pub struct Context<'a> {
    pub root: &'a Path,
    pub grant: &'a Grant,
}

impl Context<'_> {
    /// The project's ledger, when the caller was granted `capability`.
    fn ledger(&self, capability: Capability) -> Result<Ledger, SkillError> {
        if !self.grant.has(capability) {
            return Err(SkillError::Denied(format!(
                "this action needs the `{}` capability in the flow's skill.toml and the policy",
                capability.as_str()
            )));
        }
        Ledger::open(self.root).map_err(ledger_error)
    }
}

/// Runs the host action `name`.
pub fn invoke(name: &str, context: &Context<'_>, request: &Request) -> Result<Outcome, SkillError> {
    match name.strip_prefix(PREFIX) {
        Some("forge") => forge::run(context, request),
        Some("promote") => promote::run(context, request),
        Some("flywheel") => flywheel::run(context, request),
        Some("harvest") => harvest::run(context, request),
        Some("goals-next") => goals::next(context),
        _ => Err(SkillError::InvalidInput(format!(
            "there is no host action `{name}`; there are host/forge, host/harvest, host/promote, host/flywheel and host/goals-next"
        ))),
    }
}

/// A ledger failure as the flow sees it.
fn ledger_error(e: LedgerError) -> SkillError {
    SkillError::Failed(e.to_string())
}

/// An outcome carrying a report: a message, the text for the agent, and data.
fn report(verdict: Verdict, message: String, context: Option<String>, data: &Value) -> Outcome {
    Outcome {
        verdict,
        findings: Vec::new(),
        learnings: Vec::new(),
        context,
        message: Some(message),
        data: Some(data.to_string()),
    }
}

/// A whole-number argument with a default and an upper bound.
fn bounded(request: &Request, name: &str, default: usize, max: usize) -> Result<usize, SkillError> {
    match request.args.iter().find(|(k, _)| k == name) {
        None => Ok(default),
        Some((_, v)) => v.parse::<usize>().ok().filter(|n| (1..=max).contains(n)).ok_or_else(|| {
            SkillError::InvalidInput(format!("`{name}` must be a whole number from 1 to {max}, not `{v}`"))
        }),
    }
}
