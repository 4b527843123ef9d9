//! dream: forge → harvest → promote → flywheel, each a host action bounded
//! by `--arg max=N` (harvest gathers from `--arg from=DIR,DIR`); a step that
//! cannot run is reported and the next one runs, since each is useful on its
//! own. Touches nothing but the ledgers.

use agentops_skill_sdk::prelude::*;
use agentops_skill_sdk::skills;

/// The flow exported as the component's `run`.
pub struct Dream;

const STEPS: [(&str, &str); 4] =
    [("forge", "host/forge"), ("harvest", "host/harvest"), ("promote", "host/promote"), ("flywheel", "host/flywheel")];

impl Skill for Dream {
    fn run(request: Request) -> Result<Outcome, SkillError> {
        let args: Vec<(String, String)> =
            request.args.iter().filter(|(k, _)| k == "max" || k == "from").cloned().collect();
        let mut trail = Vec::new();
        let mut findings = Vec::new();
        let mut context = Vec::new();
        let mut verdict = Verdict::Pass;
        for (step, action) in STEPS {
            let sub = Request { args: args.clone(), input: None, event: request.event.clone(), config: "{}".into() };
            match skills::invoke(action, &sub) {
                Ok(outcome) => {
                    if outcome.verdict != Verdict::Pass {
                        verdict = Verdict::Warn;
                    }
                    trail.push(format!("{step}: {}", outcome.message.unwrap_or_default()));
                    context.extend(outcome.context);
                }
                Err(e) => {
                    let why = e.text().to_string();
                    verdict = Verdict::Warn;
                    trail.push(format!("{step}: not run"));
                    findings.push(Finding::new(format!("dream/{step}"), Severity::Minor, why));
                }
            }
        }
        let mut outcome = Outcome { findings, ..Outcome::with_verdict(verdict) }.message(trail.join("; "));
        if !context.is_empty() {
            outcome = outcome.context(context.join("\n\n"));
        }
        Ok(outcome)
    }
}

agentops_skill_sdk::export_skill!(Dream);
