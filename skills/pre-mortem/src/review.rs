//! One review: parse the plan, run every check, ask the ledger for its
//! pre-mortem rules, and sum it up in an outcome whose verdict the worst
//! finding decides.

use agentops_skill_sdk::{Outcome, Severity};
use serde::Serialize;

use crate::checks::{self, Note};
use crate::config::Config;
use crate::host::Host;
use crate::plan::{self, Plan};
use crate::sections::SectionKind;

/// What the outcome's `data` holds, for machines: where each part starts.
#[derive(Debug, Serialize)]
struct Summary {
    sections: Vec<(SectionKind, u32)>,
    steps: usize,
    risks: usize,
}

/// Reviews the markdown plan `text`; findings name `path`.
pub fn review(text: &str, config: &Config, host: &dyn Host, path: &str) -> Outcome {
    let plan = plan::parse(text);
    let mut notes: Vec<Note> = Vec::new();
    notes.extend(checks::sections::check(&plan, config));
    notes.extend(checks::steps::check(&plan, config));
    notes.extend(checks::risks::check(&plan, config));
    notes.extend(checks::vague::check(&plan, config));
    let (ledger_notes, context) = checks::ledger::check(&plan, config, host);
    notes.extend(ledger_notes);
    let findings = checks::findings(notes, config, path);
    let message = message(&plan, &findings);
    let mut outcome = Outcome::from_findings(findings).message(message).data(&summarize(&plan));
    if let Some(context) = context {
        outcome = outcome.context(context);
    }
    outcome
}

fn summarize(plan: &Plan) -> Summary {
    let mut sections: Vec<(SectionKind, u32)> = Vec::new();
    for section in &plan.sections {
        for &kind in &section.kinds {
            if !sections.iter().any(|(seen, _)| *seen == kind) {
                sections.push((kind, section.line));
            }
        }
    }
    sections.sort();
    let count = |kind| plan.sections_of(kind).map(|section| section.units().len()).sum();
    Summary { sections, steps: count(SectionKind::Steps), risks: count(SectionKind::Risks) }
}

fn message(plan: &Plan, findings: &[agentops_skill_sdk::Finding]) -> String {
    let present = SectionKind::ALL.iter().filter(|&&kind| plan.sections_of(kind).next().is_some()).count();
    if present == 0 {
        return "no plan structure recognised: no heading names a goal, steps, risks, rollback, test plan or acceptance criteria".into();
    }
    let counts: Vec<String> =
        [(Severity::Critical, "critical"), (Severity::Significant, "significant"), (Severity::Minor, "minor")]
            .iter()
            .map(|&(severity, name)| (findings.iter().filter(|f| f.severity == severity).count(), name))
            .filter(|&(count, _)| count > 0)
            .map(|(count, name)| format!("{count} {name}"))
            .collect();
    let found = if counts.is_empty() { "nothing found".to_string() } else { counts.join(", ") };
    format!("{present} of {} parts: {found}", SectionKind::ALL.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::FakeHost;
    use agentops_skill_sdk::Verdict;

    const GOOD: &str = "\
# Resumable nightly export

## Goal

Let the nightly export resume from its last finished batch after a crash.

## Scope

The export job and its checkpoint table.

## Non-goals

No change to the export format or its schedule.

## Steps

1. Add a `checkpoints` table keyed by export id
2. Write a checkpoint after each batch of 10,000 rows
3. Start from the last checkpoint when one exists

## Risks

- Checkpoints drift from the exported data
  - Mitigation: write both in one transaction
- A resumed run duplicates the last batch → make batch writes idempotent

## Rollback

Set `export.resume = false` and redeploy; the table stays unused and harmless.

## Test plan

Kill the job mid-run in the integration test and check the resumed output equals a clean run.

## Acceptance criteria

- A killed export finishes within one batch of where it stopped
- Output is byte-identical to an uninterrupted run
";

    #[test]
    fn a_complete_plan_passes() {
        let outcome = review(GOOD, &Config::default(), &FakeHost::default(), "plan.md");
        assert_eq!(outcome.verdict, Verdict::Pass, "{:#?}", outcome.findings);
        assert_eq!(outcome.message.as_deref(), Some("8 of 8 parts: nothing found"));
        let data: serde_json::Value = serde_json::from_str(outcome.data.as_deref().unwrap()).unwrap();
        assert_eq!(data["steps"], 3);
        assert_eq!(data["risks"], 2);
        assert_eq!(data["sections"][0], serde_json::json!(["goal", 3]));
    }

    #[test]
    fn a_plan_without_rollback_or_risks_fails_with_a_finding_for_each() {
        let cut: String = GOOD.split("## Risks").next().unwrap().to_string()
            + "## Test plan\n\nRun the integration test with a killed job.\n\n## Acceptance criteria\n\n- Resumes within one batch\n";
        let outcome = review(&cut, &Config::default(), &FakeHost::default(), "plan.md");
        assert_eq!(outcome.verdict, Verdict::Fail);
        let rules: Vec<&str> = outcome.findings.iter().map(|f| f.rule.as_str()).collect();
        assert_eq!(rules, ["pre-mortem/missing-risks", "pre-mortem/missing-rollback"]);
        assert_eq!(outcome.message.as_deref(), Some("6 of 8 parts: 2 significant"));
    }

    #[test]
    fn text_without_structure_says_so() {
        let outcome = review("We will make it faster somehow.", &Config::default(), &FakeHost::default(), "plan.md");
        assert_eq!(outcome.verdict, Verdict::Fail);
        assert!(outcome.message.unwrap().starts_with("no plan structure recognised"));
        assert!(outcome.findings.iter().any(|f| f.rule == "pre-mortem/vague-wording" && f.line == Some(1)));
    }
}
