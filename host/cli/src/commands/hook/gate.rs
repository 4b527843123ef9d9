//! The before-tool gate's word: any `fail` verdict of a gate denies the call,
//! with every blocking finding as the reason; otherwise a gate's `warn` with
//! findings asks the person (where the runtime can ask; see [`super::answer`]);
//! otherwise the call is allowed. A gate that cannot run (trap, limit,
//! missing component) lets the call through unless its binding says
//! `fail = "closed"`.

use agentops_manifest::{FailMode, Mode};
use agentops_runtime::Verdict;

use super::answer::Permission;
use super::skills::{Said, SkillRun};

/// Allow, ask or deny when a gate ran; `None` when none did.
pub fn permission(runs: &[SkillRun]) -> Option<Permission> {
    let gates: Vec<&SkillRun> = runs.iter().filter(|r| r.mode == Mode::Gate).collect();
    if gates.is_empty() {
        return None;
    }
    let denials: Vec<String> = gates.iter().copied().filter_map(denial).collect();
    if !denials.is_empty() {
        return Some(Permission::Deny(denials.join("\n")));
    }
    let doubts: Vec<String> = gates.iter().copied().filter_map(doubt).collect();
    Some(if doubts.is_empty() { Permission::Allow } else { Permission::Ask(doubts.join("\n")) })
}

/// What this gate wants a person to look at, if it warns with findings.
fn doubt(run: &SkillRun) -> Option<String> {
    match &run.result {
        Ok(Said { verdict: Verdict::Warn, findings, .. }) if !findings.is_empty() => Some(findings.join("\n")),
        _ => None,
    }
}

/// Why this gate blocks the call, if it does.
fn denial(run: &SkillRun) -> Option<String> {
    match &run.result {
        Ok(Said { verdict: Verdict::Fail, findings, message, .. }) if findings.is_empty() => {
            Some(format!("{}: {}", run.skill, message.as_deref().unwrap_or("failed")))
        }
        Ok(Said { verdict: Verdict::Fail, findings, .. }) => Some(findings.join("\n")),
        Err(e) if run.fail == FailMode::Closed => {
            Some(format!("{}: could not run and its binding fails closed: {e}", run.skill))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(skill: &str, mode: Mode, result: Result<Said, String>, fail: FailMode) -> SkillRun {
        SkillRun { skill: skill.into(), mode, fail, result }
    }

    fn said(verdict: Verdict, findings: &[&str]) -> Result<Said, String> {
        Ok(Said { verdict, findings: findings.iter().map(|f| f.to_string()).collect(), message: None, context: None })
    }

    #[test]
    fn any_fail_denies_and_errors_deny_only_when_closed() {
        let pass = run("a", Mode::Gate, said(Verdict::Pass, &[]), FailMode::Open);
        let open_error = run("b", Mode::Gate, Err("trap".into()), FailMode::Open);
        assert_eq!(permission(&[pass, open_error]), Some(Permission::Allow));
        let fail = run("c", Mode::Gate, said(Verdict::Fail, &["guard/x: no (fix: yes)"]), FailMode::Open);
        let closed_error = run("d", Mode::Gate, Err("trap".into()), FailMode::Closed);
        let Some(Permission::Deny(reason)) = permission(&[fail, closed_error]) else { panic!("not denied") };
        assert!(reason.starts_with("guard/x: no (fix: yes)\nd: could not run"), "{reason}");
    }

    #[test]
    fn a_warning_gate_asks_unless_another_denies() {
        let warn =
            || run("w", Mode::Gate, said(Verdict::Warn, &["w/x: a force-push to a topic branch"]), FailMode::Open);
        let pass = run("p", Mode::Gate, said(Verdict::Pass, &[]), FailMode::Open);
        let quiet = run("q", Mode::Gate, said(Verdict::Warn, &[]), FailMode::Open);
        assert_eq!(
            permission(&[warn(), pass, quiet]),
            Some(Permission::Ask("w/x: a force-push to a topic branch".into()))
        );
        let fail = run("f", Mode::Gate, said(Verdict::Fail, &["f/y: no"]), FailMode::Open);
        assert_eq!(permission(&[warn(), fail]), Some(Permission::Deny("f/y: no".into())));
    }

    #[test]
    fn advisers_never_gate() {
        let advice = run("a", Mode::Advise, said(Verdict::Fail, &["a/x: careful"]), FailMode::Closed);
        assert_eq!(permission(&[advice]), None);
    }
}
