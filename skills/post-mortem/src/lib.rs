//! post-mortem: what a finished piece of work leaves for the next one. The
//! review's findings become recorded ledger findings (the serious ones) and
//! proposed learnings (the recurring ones); the session transcript, when the
//! request names one (`--arg transcript=PATH`), is forged by the host into
//! the learnings the session taught. All of it goes through the `ledger`
//! import: written when the policy allows writing, else returned as drafts.

mod config;
mod learnings;
mod lessons;
mod transcript;

use agentops_skill_sdk::ledger;
use agentops_skill_sdk::prelude::*;
use agentops_skill_sdk::wire::finding_from_json;
use serde_json::{Value, json};

pub use config::Config;
pub use lessons::recurring;

use learnings::Learnings;
use transcript::Forging;

/// The skill exported as the component's `run`.
pub struct PostMortem;

impl Skill for PostMortem {
    fn run(request: Request) -> Result<Outcome, SkillError> {
        let config: Config = request.config()?;
        let findings = read_findings(request.input.as_deref())?;
        let transcript = request.arg("transcript");
        if findings.is_none() && transcript.is_none() {
            return Err(invalid_input(
                "nothing to look back on: pass the JSON of a review (`agentops run vibe --json > review.json`, \
                 then `--input review.json`), a session transcript (`--arg transcript=PATH`), or both",
            ));
        }
        // The transcript first: one that cannot be forged stops the run
        // before anything is written.
        let forging = transcript.map(transcript::forge).transpose()?;
        Ok(review(&findings.unwrap_or_default(), forging.as_ref(), &config))
    }
}

agentops_skill_sdk::export_skill!(PostMortem);

/// The findings of the input (`{"findings": [...]}` or a bare list); `None`
/// without one.
pub fn read_findings(input: Option<&str>) -> Result<Option<Vec<Finding>>, SkillError> {
    let Some(text) = input.filter(|t| !t.trim().is_empty()) else { return Ok(None) };
    let value: Value = serde_json::from_str(text).map_err(|e| invalid_input(format!("the input is not JSON: {e}")))?;
    let list = value
        .get("findings")
        .unwrap_or(&value)
        .as_array()
        .ok_or_else(|| invalid_input("expected `{\"findings\": [...]}` or a list of findings"))?;
    list.iter()
        .enumerate()
        .map(|(i, f)| finding_from_json(f).map_err(|e| invalid_input(format!("finding {}: {e}", i + 1))))
        .collect::<Result<_, _>>()
        .map(Some)
}

/// Records what is serious, proposes what recurs and what the transcript
/// taught, and says what it did.
fn review(findings: &[Finding], forging: Option<&Forging>, config: &Config) -> Outcome {
    let mut notes = Vec::new();
    let recorded = record(findings, config, &mut notes);
    let mut learnings = Learnings::default();
    if let Some(forging) = forging {
        forging.add_to(&mut learnings);
        notes.extend(forging.skipped_lines());
    }
    learnings.propose(recurring(findings, config.learn_after));
    if let Some(why) = &learnings.refused {
        notes.push(Finding::new("post-mortem/not-proposed", Severity::Info, format!("kept as drafts: {why}")));
    }
    let mut message = format!(
        "{} findings read; {} recorded; {} learnings proposed",
        findings.len(),
        recorded.len(),
        learnings.written.len()
    );
    if !learnings.drafts.is_empty() {
        message.push_str(&format!(", {} returned as drafts", learnings.drafts.len()));
    }
    let mut data = json!({"recorded": recorded, "proposed": learnings.written});
    if let Some(forging) = forging {
        message.push_str(&format!("; {}", forging.summary()));
        data["transcript"] = forging.to_json();
    }
    let mut outcome = Outcome { findings: notes, ..Outcome::pass() }.message(message).data(&data);
    outcome.learnings = learnings.drafts;
    outcome
}

/// Records the serious findings, at most `max_recorded`, and stops at the
/// first the ledger refuses (the rest would be refused alike).
fn record(findings: &[Finding], config: &Config, notes: &mut Vec<Finding>) -> Vec<String> {
    let threshold = config.record_from.severity();
    let serious = findings.iter().filter(|f| threshold.is_some_and(|t| f.severity as u8 >= t as u8));
    let mut recorded = Vec::new();
    for finding in serious.take(config.max_recorded) {
        match ledger::record_finding(finding) {
            Ok(id) => recorded.push(id),
            Err(e) => {
                notes.push(Finding::new("post-mortem/not-recorded", Severity::Info, format!("not recorded: {e}")));
                break;
            }
        }
    }
    recorded
}
