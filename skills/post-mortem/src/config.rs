//! The `[config]` table of skill.toml; every key optional.

use agentops_skill_sdk::CheckLevel;
use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Deserialize)]
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

    #[test]
    fn skill_toml_spells_out_the_defaults() {
        let table: toml::Table = toml::from_str(include_str!("../skill.toml")).unwrap();
        let config: Config = serde_json::from_str(&serde_json::to_string(&table["config"]).unwrap()).unwrap();
        assert_eq!(config, Config::default());
    }
}
