//! rpi: research and plan (instructions) → pre-mortem gate → implement
//! (instructions) → validation, one phase per run, with a limit on
//! validation attempts so an agent that cannot fix a failure stops and asks.

mod config;
mod phase;

use agentops_skill_sdk::prelude::*;
use agentops_skill_sdk::skills;

pub use config::Config;
use phase::Phase;

/// The flow exported as the component's `run`.
pub struct Rpi;

impl Skill for Rpi {
    fn run(request: Request) -> Result<Outcome, SkillError> {
        let config: Config = request.config()?;
        match phase::of(&request)? {
            Phase::Plan => {
                let research = instructions("research", &request)?;
                let plan = instructions("plan", &request)?;
                Ok(Outcome::pass()
                    .context(format!("{research}\n\n{plan}"))
                    .message("research, then write the plan; next: agentops flow run rpi --input PLAN.md"))
            }
            Phase::Implement => {
                let gate = invoke("pre-mortem", &request, request.input.clone())?;
                if gate.verdict == Verdict::Fail {
                    return Ok(Outcome { findings: gate.findings, ..Outcome::with_verdict(Verdict::Fail) }.message(
                        "the plan is not ready: fix the findings and run `agentops flow run rpi --input PLAN.md` again",
                    ));
                }
                let implement = instructions("implement", &request)?;
                Ok(Outcome { findings: gate.findings, ..Outcome::with_verdict(gate.verdict) }
                    .context(implement)
                    .message("the plan passed pre-mortem: implement it, then run with --arg phase=validate"))
            }
            Phase::Validate { attempt } => validate(&request, attempt, config.max_attempts),
        }
    }
}

agentops_skill_sdk::export_skill!(Rpi);

/// Runs validation; a FAIL says what to run next, or stops at the limit.
fn validate(request: &Request, attempt: u32, max: u32) -> Result<Outcome, SkillError> {
    if attempt > max {
        return Err(invalid_input(format!("attempt {attempt} is past the limit of {max}; ask a person")));
    }
    let checked = invoke("validation", request, None)?;
    if checked.verdict != Verdict::Fail {
        let message = format!("validated on attempt {attempt}: {}", checked.message.clone().unwrap_or_default());
        return Ok(Outcome { message: None, ..checked }.message(message));
    }
    let mut findings = checked.findings;
    let message = if attempt < max {
        format!(
            "validation failed (attempt {attempt} of {max}): fix the findings, then run \
             `agentops flow run rpi --input PLAN.md --arg phase=validate --arg attempt={}`",
            attempt + 1
        )
    } else {
        findings.push(
            Finding::new("rpi/retry-limit", Severity::Critical, format!("validation failed {max} times for this plan"))
                .fix("stop and ask a person: the plan or the approach needs another look"),
        );
        format!("validation failed {max} times: stop and ask a person")
    };
    Ok(Outcome { findings, ..Outcome::with_verdict(Verdict::Fail) }.message(message))
}

/// Invokes `skill` with the flow's arguments (without its own) and `input`.
fn invoke(skill: &str, request: &Request, input: Option<String>) -> Result<Outcome, SkillError> {
    let args = request.args.iter().filter(|(k, _)| k != "phase" && k != "attempt").cloned().collect();
    let sub = Request { args, input, event: request.event.clone(), config: "{}".into() };
    skills::invoke(skill, &sub).map_err(|e| e.in_step(skill))
}

/// The instructions of an instruction-only skill, as its context.
fn instructions(skill: &str, request: &Request) -> Result<String, SkillError> {
    Ok(invoke(skill, request, None)?.context.unwrap_or_default())
}
