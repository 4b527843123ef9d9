//! How a flow's `skills.invoke` calls are served: the named skill is found in
//! the project's catalog, loaded under the policy and run; a flow invoked by
//! a flow gets a host of its own one level deeper. Every invocation is
//! recorded as a step, for `-v` and `--json`.
//!
//! Recursion is refused by name (a flow that invokes itself, directly or
//! through others) and by depth. An instruction-only skill answers with its
//! SKILL.md body as context: the instructions the agent follows at that step.
//! Names under `host/` are host actions ([`crate::host_actions`]).

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use agentops_manifest::{Grant, Policy, SkillKind};
use agentops_runtime::{Invoker, Outcome, Request, RunError, Runtime, SkillError, Verdict};
use serde_json::{Value, json};

use crate::catalog::{Catalog, Entry};
use crate::{host_actions, launch};

/// Most flows nested in one another.
pub const MAX_DEPTH: usize = 8;

/// One invocation, as it went.
#[derive(Debug, Clone)]
pub struct Step {
    /// 1 for skills the top flow invoked, 2 for those a nested flow invoked, ...
    pub depth: usize,
    pub skill: String,
    /// `Err` holds why the skill produced no verdict.
    pub result: Result<Verdict, String>,
    pub elapsed: Duration,
}

impl Step {
    pub fn json(&self) -> Value {
        let (verdict, error) = match &self.result {
            Ok(v) => (Some(crate::render::verdict_str(*v)), None),
            Err(e) => (None, Some(e.as_str())),
        };
        json!({"depth": self.depth, "skill": self.skill, "verdict": verdict, "error": error,
               "elapsed_us": self.elapsed.as_micros() as u64})
    }
}

/// Serves the invocations of one flow.
#[derive(Debug, Clone)]
pub struct FlowHost {
    root: PathBuf,
    catalog: Arc<Catalog>,
    policy: Arc<Policy>,
    runtime: Arc<Runtime>,
    /// The flows running, outermost first; the last is the one served.
    chain: Vec<String>,
    /// The grant of the flow served, which host actions check.
    grant: Grant,
    steps: Arc<Mutex<Vec<Step>>>,
}

impl FlowHost {
    /// The host of the top flow `flow`, which was granted `grant`.
    pub fn new(
        root: PathBuf,
        catalog: Arc<Catalog>,
        policy: Arc<Policy>,
        runtime: Arc<Runtime>,
        flow: &str,
        grant: Grant,
    ) -> Self {
        FlowHost { root, catalog, policy, runtime, chain: vec![flow.to_string()], grant, steps: Default::default() }
    }

    /// The invocations so far, in the order they finished.
    pub fn steps(&self) -> Vec<Step> {
        self.steps.lock().map(|s| s.clone()).unwrap_or_default()
    }

    fn run(&self, entry: &Entry, request: Request) -> Result<Outcome, SkillError> {
        let name = entry.name();
        if !entry.has_logic() {
            return Ok(Outcome {
                verdict: Verdict::Pass,
                findings: Vec::new(),
                learnings: Vec::new(),
                context: Some(entry.md.body.trim().to_string()),
                message: Some(format!("instructions of `{name}` for the agent")),
                data: None,
            });
        }
        let component = entry.component_bytes().map_err(|e| failed(e.to_string()))?;
        let launched =
            launch::load_component(&self.runtime, &self.root, &self.policy, entry, &component).map_err(skill_error)?;
        let Request { args, input, event, .. } = request;
        let request = Request { event, ..launch::request(entry, &self.policy, input, args) };
        let is_flow = entry.manifest.as_ref().is_some_and(|m| m.skill.kind == SkillKind::Flow);
        let invoker: Option<Arc<dyn Invoker>> = is_flow.then(|| {
            let mut nested = self.clone();
            nested.chain.push(name.to_string());
            nested.grant = launched.grant.clone();
            Arc::new(nested) as Arc<dyn Invoker>
        });
        launched.skill.run_with(&request, invoker).map(|run| run.outcome).map_err(skill_error)
    }
}

/// A child's failure as the flow sees it: its own error when it returned
/// one, a refusal as denied, anything else (limits, traps) as failed.
fn skill_error(error: RunError) -> SkillError {
    match error {
        RunError::Guest { error, .. } => error,
        e @ RunError::Denied { .. } => SkillError::Denied(e.to_string()),
        e => failed(e.to_string()),
    }
}

fn failed(message: String) -> SkillError {
    SkillError::Failed(message)
}

impl Invoker for FlowHost {
    fn invoke(&self, name: &str, request: Request) -> Result<Outcome, SkillError> {
        let start = Instant::now();
        let chain = || format!("{} → {name}", self.chain.join(" → "));
        let result = if self.chain.iter().any(|flow| flow == name) {
            Err(failed(format!("`{name}` would run inside itself: {}", chain())))
        } else if self.chain.len() >= MAX_DEPTH {
            Err(failed(format!("flows nest deeper than {MAX_DEPTH}: {}", chain())))
        } else if name.starts_with(host_actions::PREFIX) {
            host_actions::invoke(name, &host_actions::Context { root: &self.root, grant: &self.grant }, &request)
        } else {
            match self.catalog.get(name) {
                Ok(entry) => self.run(entry, request),
                Err(e) => Err(SkillError::InvalidInput(format!("the flow invokes `{name}`: {e}"))),
            }
        };
        let step = Step {
            depth: self.chain.len(),
            skill: name.to_string(),
            result: result.as_ref().map(|o| o.verdict).map_err(describe),
            elapsed: start.elapsed(),
        };
        if let Ok(mut steps) = self.steps.lock() {
            steps.push(step);
        }
        result
    }
}

fn describe(error: &SkillError) -> String {
    match error {
        SkillError::InvalidInput(m) => format!("invalid input: {m}"),
        SkillError::Failed(m) => format!("failed: {m}"),
        SkillError::Denied(m) => format!("denied: {m}"),
    }
}
