//! The `[config]` table of skill.toml. Every key is optional: a missing key
//! takes the built-in default, so `{}` configures the stock review.

use agentops_skill_sdk::CheckLevel;
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

/// One [`CheckLevel`] per check, keyed by the check's name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Severities {
    pub missing_goal: CheckLevel,
    pub missing_scope: CheckLevel,
    pub missing_non_goals: CheckLevel,
    pub missing_steps: CheckLevel,
    pub missing_risks: CheckLevel,
    pub missing_rollback: CheckLevel,
    pub missing_test_plan: CheckLevel,
    pub missing_acceptance_criteria: CheckLevel,
    pub unordered_steps: CheckLevel,
    pub large_step: CheckLevel,
    pub unmitigated_risk: CheckLevel,
    pub vague_wording: CheckLevel,
    pub ledger_rule: CheckLevel,
}

impl Severities {
    pub fn of(&self, check: Check) -> CheckLevel {
        match check {
            Check::Missing(SectionKind::Goal) => self.missing_goal,
            Check::Missing(SectionKind::Scope) => self.missing_scope,
            Check::Missing(SectionKind::NonGoals) => self.missing_non_goals,
            Check::Missing(SectionKind::Steps) => self.missing_steps,
            Check::Missing(SectionKind::Risks) => self.missing_risks,
            Check::Missing(SectionKind::Rollback) => self.missing_rollback,
            Check::Missing(SectionKind::TestPlan) => self.missing_test_plan,
            Check::Missing(SectionKind::AcceptanceCriteria) => self.missing_acceptance_criteria,
            Check::UnorderedSteps => self.unordered_steps,
            Check::LargeStep => self.large_step,
            Check::UnmitigatedRisk => self.unmitigated_risk,
            Check::VagueWording => self.vague_wording,
            Check::LedgerRule => self.ledger_rule,
        }
    }
}

impl Default for Severities {
    fn default() -> Self {
        Severities {
            missing_goal: CheckLevel::Significant,
            missing_scope: CheckLevel::Minor,
            missing_non_goals: CheckLevel::Minor,
            missing_steps: CheckLevel::Significant,
            missing_risks: CheckLevel::Significant,
            missing_rollback: CheckLevel::Significant,
            missing_test_plan: CheckLevel::Significant,
            missing_acceptance_criteria: CheckLevel::Significant,
            unordered_steps: CheckLevel::Minor,
            large_step: CheckLevel::Minor,
            unmitigated_risk: CheckLevel::Significant,
            vague_wording: CheckLevel::Minor,
            ledger_rule: CheckLevel::Minor,
        }
    }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|item| item.to_string()).collect()
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
        let positive = [
            ("max_plan_bytes", self.max_plan_bytes),
            ("max_step_words", self.max_step_words),
            ("max_step_actions", self.max_step_actions),
        ];
        match positive.iter().find(|(_, value)| *value == 0) {
            Some((key, _)) => Err(format!("{key} must be at least 1")),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_table_is_the_default() {
        let config: Config = serde_json::from_str("{}").unwrap();
        assert_eq!(config, Config::default());
        assert!(config.validate().is_ok());
    }

    #[test]
    fn skill_toml_spells_out_the_defaults() {
        let manifest: toml::Table = include_str!("../skill.toml").parse().unwrap();
        let table = serde_json::to_value(&manifest["config"]).unwrap();
        assert_eq!(table, serde_json::to_value(Config::default()).unwrap());
    }

    #[test]
    fn keys_may_be_partial_but_not_unknown() {
        let config: Config =
            serde_json::from_str(r#"{"max_step_words": 25, "severity": {"missing-scope": "off"}}"#).unwrap();
        assert_eq!(config.max_step_words, 25);
        assert_eq!(config.severity.missing_scope, CheckLevel::Off);
        assert_eq!(config.severity.missing_rollback, CheckLevel::Significant);
        assert!(serde_json::from_str::<Config>(r#"{"max_steps_words": 3}"#).is_err());
        assert!(serde_json::from_str::<Config>(r#"{"severity": {"rollback": "off"}}"#).is_err());
        assert!(
            Config { max_step_actions: 0, ..Config::default() }.validate().unwrap_err().contains("max_step_actions")
        );
    }
}
