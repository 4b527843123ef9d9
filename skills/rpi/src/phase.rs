//! Which phase a run is in, from its request.

use agentops_skill_sdk::prelude::*;

/// What this run of the flow does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// No plan yet: hand out the research and plan instructions.
    Plan,
    /// A plan to gate, then the implement instructions.
    Implement,
    /// A plan and a change to validate; `attempt` counts from 1.
    Validate { attempt: u32 },
}

/// The phase of `request`; a bad `phase` or `attempt` is invalid input.
pub fn of(request: &Request) -> Result<Phase, SkillError> {
    let has_plan = request.input.as_deref().is_some_and(|p| !p.trim().is_empty());
    let attempt = match request.arg("attempt") {
        None => 1,
        Some(n) => n
            .parse::<u32>()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(|| invalid_input(format!("`attempt` must be a whole number from 1, not `{n}`")))?,
    };
    match (request.arg("phase"), has_plan) {
        (None, false) => Ok(Phase::Plan),
        (None | Some("implement"), true) => Ok(Phase::Implement),
        (Some("validate"), true) => Ok(Phase::Validate { attempt }),
        (Some("implement" | "validate"), false) => {
            Err(invalid_input("this phase needs the plan: pass it with --input PLAN.md"))
        }
        (Some(other), _) => Err(invalid_input(format!("unknown phase `{other}`; use implement or validate"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(input: Option<&str>, args: &[(&str, &str)]) -> Request {
        Request {
            args: args.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            input: input.map(str::to_string),
            event: None,
            config: "{}".into(),
        }
    }

    #[test]
    fn phases_follow_the_plan_and_the_arguments() {
        assert_eq!(of(&request(None, &[])).unwrap(), Phase::Plan);
        assert_eq!(of(&request(Some("  "), &[])).unwrap(), Phase::Plan);
        assert_eq!(of(&request(Some("# Plan"), &[])).unwrap(), Phase::Implement);
        let validate = request(Some("# Plan"), &[("phase", "validate"), ("attempt", "2")]);
        assert_eq!(of(&validate).unwrap(), Phase::Validate { attempt: 2 });
        assert!(of(&request(None, &[("phase", "validate")])).is_err());
        assert!(of(&request(Some("p"), &[("phase", "ship")])).is_err());
        assert!(of(&request(Some("p"), &[("phase", "validate"), ("attempt", "0")])).is_err());
    }
}
