//! Invokes each skill of `--arg invoke=a,b,...` in order, passing its own
//! input and `--arg pass=K=V` on, and reports per step `[name, verdict or
//! error, context]` in `data`. Fails when a step fails.

use agentops_skill_sdk::prelude::*;
use agentops_skill_sdk::skills;

struct FlowProbe;

impl Skill for FlowProbe {
    fn run(request: Request) -> Result<Outcome, SkillError> {
        let names = request.arg("invoke").unwrap_or_default();
        let passed: Vec<(String, String)> = request
            .arg("pass")
            .and_then(|p| p.split_once('='))
            .map(|(k, v)| vec![(k.to_string(), v.to_string())])
            .unwrap_or_default();
        let mut steps = Vec::new();
        let mut verdict = Verdict::Pass;
        for name in names.split(',').filter(|n| !n.is_empty()) {
            let sub = Request { args: passed.clone(), input: request.input.clone(), event: None, config: "{}".into() };
            let step = match skills::invoke(name, &sub) {
                Ok(outcome) => {
                    if outcome.verdict == Verdict::Fail {
                        verdict = Verdict::Fail;
                    }
                    let verdict = match outcome.verdict {
                        Verdict::Pass => "pass",
                        Verdict::Warn => "warn",
                        Verdict::Fail => "fail",
                    };
                    (name.to_string(), verdict.to_string(), outcome.context.unwrap_or_default())
                }
                Err(e) => {
                    verdict = Verdict::Fail;
                    (name.to_string(), format!("{e:?}"), String::new())
                }
            };
            steps.push(step);
        }
        Ok(Outcome::with_verdict(verdict).data(&steps))
    }
}

agentops_skill_sdk::export_skill!(FlowProbe);
