//! The `[config]` table of skill.toml; every key optional.

use agentops_skill_sdk::CheckLevel;
use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The lowest severity recorded in the ledger.
    pub record_from: CheckLevel,
    /// Times a rule must fire to become a proposed learning.
    pub learn_after: usize,
    /// Most findings recorded per run.
    pub max_recorded: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config { record_from: CheckLevel::Significant, learn_after: 2, max_recorded: 50 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    agentops_skill_sdk::config_table_test!(Config);
}
