//! The `[config]` table of skill.toml. Every key is optional: a missing key
//! takes the built-in default, so `{}` configures the stock review.

use agentops_skill_sdk::config::{at_least_one, strings};
use serde::{Deserialize, Serialize};

use crate::checks::Check;
use crate::sections::SectionKind;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
// Unknown keys are refused: a misspelt threshold silently ignored would change the review unseen.
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The severity of each check's findings, or `off`.
    pub severity: Severities,
    /// A larger input is refused rather than read.
    pub max_plan_bytes: usize,
    /// A part with fewer words than this counts as missing.
    pub min_section_words: usize,
    /// A step with more words than this is too large.
    pub max_step_words: usize,
    /// A step with more actions (clauses led by a verb) than this is too large.
    pub max_step_actions: usize,
    /// The most ledger rules and patterns looked up.
    pub ledger_limit: u32,
    /// Words and phrases that leave the reader guessing.
    pub vague_phrases: Vec<String>,
    /// Text that shows a risk comes with a mitigation.
    pub mitigation_markers: Vec<String>,
}

agentops_skill_sdk::severity_table! {
    /// One [`CheckLevel`](agentops_skill_sdk::CheckLevel) per check, keyed by the check's name.
    pub struct Severities for Check {
        missing_goal: Check::Missing(SectionKind::Goal) => Significant,
        missing_scope: Check::Missing(SectionKind::Scope) => Minor,
        missing_non_goals: Check::Missing(SectionKind::NonGoals) => Minor,
        missing_steps: Check::Missing(SectionKind::Steps) => Significant,
        missing_risks: Check::Missing(SectionKind::Risks) => Significant,
        missing_rollback: Check::Missing(SectionKind::Rollback) => Significant,
        missing_test_plan: Check::Missing(SectionKind::TestPlan) => Significant,
        missing_acceptance_criteria: Check::Missing(SectionKind::AcceptanceCriteria) => Significant,
        unordered_steps: Check::UnorderedSteps => Minor,
        large_step: Check::LargeStep => Minor,
        unmitigated_risk: Check::UnmitigatedRisk => Significant,
        vague_wording: Check::VagueWording => Minor,
        ledger_rule: Check::LedgerRule => Minor,
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            severity: Severities::default(),
            max_plan_bytes: 1 << 20,
            min_section_words: 3,
            max_step_words: 40,
            max_step_actions: 2,
            ledger_limit: 5,
            vague_phrases: strings(&[
                "somehow",
                "etc",
                "and so on",
                "should work",
                "should be fine",
                "tbd",
                "to be determined",
                "to be decided",
                "as needed",
                "as appropriate",
                "as necessary",
                "if needed",
                "various",
                "some kind of",
                "stuff",
                "hopefully",
                "figure out",
                "just works",
                "todo",
            ]),
            mitigation_markers: strings(&[
                "mitigat",
                "fallback",
                "fall back",
                "contingency",
                "plan b",
                "prevented by",
                "prevention",
                "guard against",
                "feature flag",
                "->",
                "→",
                "if so,",
                "if it happens",
                "in that case",
                "handled by",
            ]),
        }
    }
}

impl Config {
    /// Refuses settings that would make a check meaningless.
    pub fn validate(&self) -> Result<(), String> {
        at_least_one(&[
            ("max_plan_bytes", self.max_plan_bytes),
            ("max_step_words", self.max_step_words),
            ("max_step_actions", self.max_step_actions),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    agentops_skill_sdk::config_table_test!(Config);

    #[test]
    fn zero_limits_are_refused() {
        assert!(Config::default().validate().is_ok());
        let zero = Config { max_step_actions: 0, ..Config::default() };
        assert!(zero.validate().unwrap_err().contains("max_step_actions"));
    }
}
