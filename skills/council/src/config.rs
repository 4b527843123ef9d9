//! The `[config]` table of skill.toml; every key optional.

use agentops_skill_sdk::Verdict;
use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
// A misspelt key silently ignored could turn a gate into a rubber stamp.
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Judges by name; empty asks all configured judges.
    pub judges: Vec<String>,
    /// Judges that must answer for a verdict.
    pub quorum: u32,
    /// The verdict when vendors split between pass and fail.
    pub on_disagree: Level,
    /// The verdict without a quorum.
    pub on_no_quorum: Level,
    /// What the judges are asked.
    pub question: String,
    /// Most kilobytes of material sent.
    pub max_input_kb: u32,
}

/// A verdict as config spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Pass,
    Warn,
    Fail,
}

impl Level {
    pub fn verdict(self) -> Verdict {
        match self {
            Level::Pass => Verdict::Pass,
            Level::Warn => Verdict::Warn,
            Level::Fail => Verdict::Fail,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            judges: Vec::new(),
            quorum: 1,
            on_disagree: Level::Fail,
            on_no_quorum: Level::Warn,
            question: "Review this material for correctness, safety, missing tests and unclear intent.".into(),
            max_input_kb: 256,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    agentops_skill_sdk::config_table_test!(Config);
}
