//! validation: vibe → council (when judges are configured) → post-mortem,
//! stopping at the first FAIL. The steps are invoked through the host, which
//! runs each with its own grant, limits and configuration. Each step gets
//! the flow's arguments, and reads its own: `base` tells vibe and council
//! what to review, `transcript` tells post-mortem which session to forge.

mod report;

use agentops_skill_sdk::prelude::*;
use agentops_skill_sdk::skills;
use agentops_skill_sdk::wire::finding_to_json;
use serde_json::json;

use report::Report;

/// The flow exported as the component's `run`.
pub struct Validation;

impl Skill for Validation {
    fn run(request: Request) -> Result<Outcome, SkillError> {
        let step = |input: Option<String>| Request {
            args: request.args.clone(),
            input,
            event: request.event.clone(),
            config: "{}".into(),
        };
        let mut report = Report::default();
        let vibe = skills::invoke("vibe", &step(None)).map_err(|e| e.in_step("vibe"))?;
        if report.ran("vibe", vibe) == Verdict::Fail {
            return Ok(report.stopped_at("vibe"));
        }
        match skills::invoke("council", &step(None)) {
            Ok(outcome) => {
                if report.ran("council", outcome) == Verdict::Fail {
                    return Ok(report.stopped_at("council"));
                }
            }
            Err(e) => match skip_reason(&e) {
                Some(reason) => report.skipped("council", reason),
                None => return Err(e.in_step("council")),
            },
        }
        let findings = json!({"findings": report.findings().iter().map(finding_to_json).collect::<Vec<_>>()});
        match skills::invoke("post-mortem", &step(Some(findings.to_string()))) {
            Ok(outcome) => {
                report.ran("post-mortem", outcome);
            }
            // The review stands without its bookkeeping.
            Err(e) => report.skipped("post-mortem", e.text()),
        }
        Ok(report.finished())
    }
}

agentops_skill_sdk::export_skill!(Validation);

/// Why council was skipped, when its error means "not set up here".
fn skip_reason(error: &SkillError) -> Option<&'static str> {
    match error {
        SkillError::Denied(_) => Some("the policy does not allow `judge`"),
        SkillError::Failed(m) if m.contains("no judges are configured") => Some("no judges are configured"),
        _ => None,
    }
}
