//! post-mortem: the findings of a finished piece of work become recorded
//! ledger findings (the serious ones) and proposed learnings (the recurring
//! ones), through the `ledger` import when the policy allows writing.

mod config;
mod lessons;

use agentops_skill_sdk::ledger;
use agentops_skill_sdk::prelude::*;
use agentops_skill_sdk::wire::finding_from_json;
use serde_json::{Value, json};

pub use config::Config;
pub use lessons::recurring;

/// The skill exported as the component's `run`.
pub struct PostMortem;

impl Skill for PostMortem {
    fn run(request: Request) -> Result<Outcome, SkillError> {
        let config: Config = request.config()?;
        let findings = read_findings(request.input.as_deref())?;
        Ok(review(&findings, &config))
    }
}

agentops_skill_sdk::export_skill!(PostMortem);

/// The findings of the input: `{"findings": [...]}` or a bare list.
pub fn read_findings(input: Option<&str>) -> Result<Vec<Finding>, SkillError> {
    let text = input.filter(|t| !t.trim().is_empty()).ok_or_else(|| {
        invalid_input("no findings given: pass the JSON of a review, e.g. `agentops run vibe --json > review.json`")
    })?;
    let value: Value = serde_json::from_str(text).map_err(|e| invalid_input(format!("the input is not JSON: {e}")))?;
    let list = value
        .get("findings")
        .unwrap_or(&value)
        .as_array()
        .ok_or_else(|| invalid_input("expected `{\"findings\": [...]}` or a list of findings"))?;
    list.iter()
        .enumerate()
        .map(|(i, f)| finding_from_json(f).map_err(|e| invalid_input(format!("finding {}: {e}", i + 1))))
        .collect()
}

/// Records what is serious, proposes what recurs, and says what it did.
fn review(findings: &[Finding], config: &Config) -> Outcome {
    let threshold = config.record_from.severity();
    let serious = findings.iter().filter(|f| threshold.is_some_and(|t| f.severity as u8 >= t as u8));
    let mut recorded = Vec::new();
    let mut notes = Vec::new();
    for finding in serious.take(config.max_recorded) {
        match ledger::record_finding(finding) {
            Ok(id) => recorded.push(id),
            Err(e) => {
                notes.push(Finding::new("post-mortem/not-recorded", Severity::Info, format!("not recorded: {e}")));
                break;
            }
        }
    }
    let mut proposed = Vec::new();
    let mut kept = Vec::new();
    for draft in recurring(findings, config.learn_after) {
        match ledger::propose_learning(&draft) {
            Ok(id) => proposed.push(id),
            Err(e) => {
                if kept.is_empty() {
                    notes.push(Finding::new(
                        "post-mortem/not-proposed",
                        Severity::Info,
                        format!("kept as drafts: {e}"),
                    ));
                }
                kept.push(draft);
            }
        }
    }
    let message = format!(
        "{} findings read; {} recorded; {} learnings proposed{}",
        findings.len(),
        recorded.len(),
        proposed.len(),
        if kept.is_empty() { String::new() } else { format!(", {} returned as drafts", kept.len()) }
    );
    let mut outcome = Outcome { findings: notes, ..Outcome::pass() }
        .message(message)
        .data(&json!({"recorded": recorded, "proposed": proposed}));
    outcome.learnings = kept;
    outcome
}
