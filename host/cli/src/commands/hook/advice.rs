//! What advisory skills say, as one block of additional context: each
//! adviser's own `context` text, then its findings as `rule: message (fix:
//! …)` lines; an adviser that warns or fails with neither gives its one-line
//! message. Advice never blocks, and an adviser that cannot run says nothing.

use agentops_manifest::Mode;
use agentops_runtime::Verdict;

use super::skills::SkillRun;

/// The advisers' words, each adviser's in its own paragraph; `None` when
/// none had anything to say.
pub fn advice(runs: &[SkillRun]) -> Option<String> {
    let said: Vec<String> = runs.iter().filter(|r| r.mode == Mode::Advise).filter_map(paragraph).collect();
    (!said.is_empty()).then(|| said.join("\n\n"))
}

fn paragraph(run: &SkillRun) -> Option<String> {
    let said = run.result.as_ref().ok()?;
    let mut lines: Vec<String> = said.context.iter().map(|c| c.trim().to_string()).filter(|c| !c.is_empty()).collect();
    lines.extend(said.findings.iter().cloned());
    if lines.is_empty() && said.verdict != Verdict::Pass {
        lines.push(format!("{}: {}", run.skill, said.message.as_deref()?));
    }
    (!lines.is_empty()).then(|| lines.join("\n"))
}

#[cfg(test)]
mod tests {
    use agentops_manifest::FailMode;

    use super::*;
    use crate::commands::hook::skills::Said;

    fn adviser(
        skill: &str,
        verdict: Verdict,
        context: Option<&str>,
        findings: &[&str],
        message: Option<&str>,
    ) -> SkillRun {
        let said = Said {
            verdict,
            findings: findings.iter().map(|f| f.to_string()).collect(),
            message: message.map(String::from),
            context: context.map(String::from),
        };
        SkillRun { skill: skill.into(), mode: Mode::Advise, fail: FailMode::Open, result: Ok(said) }
    }

    #[test]
    fn context_then_findings_per_adviser_and_messages_only_when_not_passing() {
        let runs = [
            adviser("a", Verdict::Warn, Some("Mind the API.\n"), &["a/x: slow (fix: cache it)"], Some("1 warning")),
            adviser("b", Verdict::Pass, None, &[], Some("all good")),
            adviser("c", Verdict::Fail, None, &[], Some("tests fail")),
        ];
        assert_eq!(advice(&runs).unwrap(), "Mind the API.\na/x: slow (fix: cache it)\n\nc: tests fail");
        let error =
            SkillRun { skill: "d".into(), mode: Mode::Advise, fail: FailMode::Open, result: Err("trap".into()) };
        assert_eq!(advice(&[adviser("b", Verdict::Pass, None, &[], Some("all good")), error]), None);
    }
}
