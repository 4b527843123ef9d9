//! The `[config]` table of skill.toml; every key optional.

use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Validation runs allowed for one plan.
    pub max_attempts: u32,
}

impl Default for Config {
    fn default() -> Self {
        Config { max_attempts: 3 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    agentops_skill_sdk::config_table_test!(Config);
}
