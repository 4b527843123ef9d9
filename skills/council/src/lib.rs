//! council: asks the project's judges (commands the user configured, reached
//! through the `judge` import) about a change or a document, in parallel, and
//! reaches one verdict by the rules of [`consensus`].
//!
//! The material is `--input` when given, else the staged diff (or the working
//! tree against `--arg base=REF`) from the `workspace` import.

mod config;
mod consensus;
mod prompt;

use agentops_skill_sdk::judge::{self, Judgment};
use agentops_skill_sdk::prelude::*;
use agentops_skill_sdk::workspace;
use serde_json::json;

pub use config::Config;
pub use consensus::{Consensus, decide};

/// The skill exported as the component's `run`.
pub struct Council;

impl Skill for Council {
    fn run(request: Request) -> Result<Outcome, SkillError> {
        let config: Config = request.config()?;
        let (what, material) = material(&request)?;
        let prompt = prompt::build(&config.question, &what, &material, config.max_input_kb as usize * 1024);
        let judgments = judge::ask(&config.judges, &prompt).map_err(failed)?;
        Ok(outcome(&judgments, &config))
    }
}

agentops_skill_sdk::export_skill!(Council);

/// What to judge, and how to name it to the judges.
fn material(request: &Request) -> Result<(String, String), SkillError> {
    if let Some(input) = request.input.as_deref() {
        if input.trim().is_empty() {
            return Err(invalid_input("the input is empty: give the judges something to review"));
        }
        return Ok(("a document".into(), input.to_string()));
    }
    let base = request.arg("base");
    let diff = workspace::git_diff(base).map_err(failed)?;
    if diff.trim().is_empty() {
        let hint = if base.is_some() { "the working tree equals the base" } else { "nothing is staged" };
        return Err(invalid_input(format!("nothing to judge: {hint}; stage a change or pass --input FILE")));
    }
    let what = base.map_or_else(|| "the staged diff".to_string(), |b| format!("the diff against {b}"));
    Ok((what, diff))
}

/// The outcome for the judgments: the consensus, every judge's findings, a
/// note per abstention, and a one-line tally.
pub fn outcome(judgments: &[Judgment], config: &Config) -> Outcome {
    let consensus = decide(judgments, config.quorum);
    let mut findings: Vec<Finding> = judgments.iter().flat_map(|j| j.findings.iter().cloned()).collect();
    for j in judgments.iter().filter(|j| j.verdict.is_none()) {
        findings.push(Finding::new("council/abstained", Severity::Info, format!("{} abstained: {}", j.judge, j.note)));
    }
    if consensus == Consensus::Disagree {
        findings.push(
            Finding::new("council/disagree", Severity::Significant, "judges of different vendors disagree")
                .fix("read both sides and decide; the judges' findings are listed"),
        );
    }
    let tally: Vec<String> = judgments
        .iter()
        .map(|j| match j.verdict {
            Some(v) => format!("{} {} {:.1}", j.judge, name(v), j.confidence),
            None => format!("{} abstained", j.judge),
        })
        .collect();
    let data = json!({
        "consensus": consensus.label(),
        "judges": judgments.iter().map(|j| json!({
            "judge": j.judge, "vendor": j.vendor, "verdict": j.verdict.map(name),
            "confidence": j.confidence, "note": j.note,
        })).collect::<Vec<_>>(),
    });
    Outcome { findings, ..Outcome::with_verdict(consensus.verdict(config)) }
        .message(format!("{} ({})", consensus.label(), tally.join(", ")))
        .data(&data)
}

fn name(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Pass => "PASS",
        Verdict::Warn => "WARN",
        Verdict::Fail => "FAIL",
    }
}
