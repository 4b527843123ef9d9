//! The checks pre-mortem runs on a plan, and how their notes become
//! findings: each check has a name, a fix, and the severity the
//! configuration gives it.

pub mod ledger;
pub mod risks;
pub mod sections;
pub mod steps;
pub mod vague;

use agentops_skill_sdk::Finding;

use crate::config::Config;
use crate::sections::SectionKind;

/// One of pre-mortem's checks; its finding's rule id is `pre-mortem/<name>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// A part the plan lacks, or leaves empty.
    Missing(SectionKind),
    UnorderedSteps,
    LargeStep,
    UnmitigatedRisk,
    VagueWording,
    LedgerRule,
}

impl Check {
    /// The key in `[config.severity]`, and the end of the finding's rule id.
    pub fn name(self) -> &'static str {
        match self {
            Check::Missing(SectionKind::Goal) => "missing-goal",
            Check::Missing(SectionKind::Scope) => "missing-scope",
            Check::Missing(SectionKind::NonGoals) => "missing-non-goals",
            Check::Missing(SectionKind::Steps) => "missing-steps",
            Check::Missing(SectionKind::Risks) => "missing-risks",
            Check::Missing(SectionKind::Rollback) => "missing-rollback",
            Check::Missing(SectionKind::TestPlan) => "missing-test-plan",
            Check::Missing(SectionKind::AcceptanceCriteria) => "missing-acceptance-criteria",
            Check::UnorderedSteps => "unordered-steps",
            Check::LargeStep => "large-step",
            Check::UnmitigatedRisk => "unmitigated-risk",
            Check::VagueWording => "vague-wording",
            Check::LedgerRule => "ledger-rule",
        }
    }

    /// What to do about a finding.
    pub fn fix(self) -> &'static str {
        match self {
            Check::Missing(SectionKind::Goal) => {
                "write a `## Goal` section: one or two sentences on what changes and why"
            }
            Check::Missing(SectionKind::Scope) => "write a `## Scope` section: what this plan covers",
            Check::Missing(SectionKind::NonGoals) => {
                "write a `## Non-goals` section: what this plan deliberately leaves out"
            }
            Check::Missing(SectionKind::Steps) => "write a `## Steps` section: a numbered list, one action per step",
            Check::Missing(SectionKind::Risks) => {
                "write a `## Risks` section: what could go wrong, each with its mitigation"
            }
            Check::Missing(SectionKind::Rollback) => {
                "write a `## Rollback` section: how to undo the change if it goes wrong, and how long that takes"
            }
            Check::Missing(SectionKind::TestPlan) => {
                "write a `## Test plan` section: which tests prove the change works, and how to run them"
            }
            Check::Missing(SectionKind::AcceptanceCriteria) => {
                "write an `## Acceptance criteria` section: observable conditions that say the work is done"
            }
            Check::UnorderedSteps => "number the steps (`1.`, `2.`, …) in the order they will be done",
            Check::LargeStep => "split the step into smaller ones, each a single action that can be checked",
            Check::UnmitigatedRisk => "add a mitigation to the risk, e.g. `- Mitigation: …` under it or `→ …` after it",
            Check::VagueWording => "say exactly what, which or how much",
            Check::LedgerRule => {
                "address the rule in the plan (a step, a risk or a test), or say why it does not apply"
            }
        }
    }
}

/// Something a check noticed, before the configuration gives it a severity.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub check: Check,
    pub line: Option<u32>,
    pub message: String,
}

impl Note {
    pub fn at(check: Check, line: u32, message: impl Into<String>) -> Self {
        Note { check, line: Some(line), message: message.into() }
    }

    pub fn anywhere(check: Check, message: impl Into<String>) -> Self {
        Note { check, line: None, message: message.into() }
    }
}

/// The findings for `notes` in the plan at `path`, dropping checks that are
/// off; most severe first, then by line.
pub fn findings(notes: Vec<Note>, config: &Config, path: &str) -> Vec<Finding> {
    let mut findings: Vec<Finding> = notes
        .into_iter()
        .filter_map(|note| {
            let severity = config.severity.of(note.check).severity()?;
            let finding =
                Finding::new(format!("pre-mortem/{}", note.check.name()), severity, note.message).fix(note.check.fix());
            Some(match note.line {
                Some(line) => finding.at(path, line),
                None => finding.in_file(path),
            })
        })
        .collect();
    findings.sort_by(|a, b| (b.severity as u8).cmp(&(a.severity as u8)).then(a.line.cmp(&b.line)));
    findings
}

#[cfg(test)]
pub mod test_support {
    //! What the checks' tests share: the notes a check makes on a plan, and a
    //! stand-in host for the checks that ask the ledger.

    use std::cell::RefCell;

    use agentops_skill_sdk::Hit;

    use super::Note;
    use crate::config::Config;
    use crate::host::Host;
    use crate::plan::{Plan, parse};

    /// The (line, message) of each note `check` makes on the plan `text`,
    /// with the default configuration.
    pub fn notes_on(text: &str, check: fn(&Plan, &Config) -> Vec<Note>) -> Vec<(Option<u32>, String)> {
        check(&parse(text), &Config::default()).into_iter().map(|note| (note.line, note.message)).collect()
    }

    /// A ledger item of `kind` with a title.
    pub fn hit(id: &str, kind: &str, title: &str) -> Hit {
        Hit {
            id: id.into(),
            kind: kind.into(),
            title: title.into(),
            body: String::new(),
            paths: Vec::new(),
            score: 1.0,
            tier: "gold".into(),
        }
    }

    /// A host with fixed ledger answers, which remembers what it was asked and told.
    #[derive(Debug, Default)]
    pub struct FakeHost {
        hits: Vec<Hit>,
        error: Option<String>,
        queries: RefCell<Vec<String>>,
        warnings: RefCell<Vec<String>>,
    }

    impl FakeHost {
        pub fn with_hits(hits: Vec<Hit>) -> Self {
            FakeHost { hits, ..Self::default() }
        }

        pub fn failing(error: &str) -> Self {
            FakeHost { error: Some(error.into()), ..Self::default() }
        }

        pub fn queries(&self) -> Vec<String> {
            self.queries.borrow().clone()
        }

        pub fn warnings(&self) -> Vec<String> {
            self.warnings.borrow().clone()
        }
    }

    impl Host for FakeHost {
        fn lookup(&self, query: &str, _limit: u32) -> Result<Vec<Hit>, String> {
            self.queries.borrow_mut().push(query.to_string());
            match &self.error {
                Some(e) => Err(e.clone()),
                None => Ok(self.hits.clone()),
            }
        }

        fn warn(&self, message: &str) {
            self.warnings.borrow_mut().push(message.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use agentops_skill_sdk::{CheckLevel, Severity};

    #[test]
    fn check_names_are_the_severity_keys() {
        let table = serde_json::to_value(&Config::default().severity).unwrap();
        let mut keys: Vec<&str> = table.as_object().unwrap().keys().map(String::as_str).collect();
        let all = SectionKind::ALL.iter().map(|&kind| Check::Missing(kind)).chain([
            Check::UnorderedSteps,
            Check::LargeStep,
            Check::UnmitigatedRisk,
            Check::VagueWording,
            Check::LedgerRule,
        ]);
        let mut names: Vec<&str> = all.map(Check::name).collect();
        keys.sort_unstable();
        names.sort_unstable();
        assert_eq!(keys, names);
    }

    #[test]
    fn notes_take_the_configured_severity_and_sort_worst_first() {
        let mut config = Config::default();
        config.severity.vague_wording = CheckLevel::Off;
        let notes = vec![
            Note::at(Check::LargeStep, 9, "big"),
            Note::at(Check::VagueWording, 2, "off"),
            Note::anywhere(Check::Missing(SectionKind::Rollback), "no rollback"),
            Note::at(Check::UnorderedSteps, 4, "bullets"),
        ];
        let found = findings(notes, &config, "plan.md");
        let summary: Vec<(&str, Severity, Option<u32>)> =
            found.iter().map(|f| (f.rule.as_str(), f.severity, f.line)).collect();
        assert_eq!(
            summary,
            [
                ("pre-mortem/missing-rollback", Severity::Significant, None),
                ("pre-mortem/unordered-steps", Severity::Minor, Some(4)),
                ("pre-mortem/large-step", Severity::Minor, Some(9))
            ]
        );
        assert!(found.iter().all(|f| f.path.as_deref() == Some("plan.md")));
    }
}
