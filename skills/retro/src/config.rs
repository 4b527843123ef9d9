//! The `[config]` table of skill.toml; every key optional.

use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Headings whose items are not lessons, compared without case by prefix.
    pub skip_sections: Vec<String>,
    /// Most drafts per retrospective.
    pub max_drafts: usize,
}

impl Default for Config {
    fn default() -> Self {
        let skip = ["what went well", "went well", "good", "kudos", "thanks"];
        Config { skip_sections: skip.iter().map(|s| s.to_string()).collect(), max_drafts: 20 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    agentops_skill_sdk::config_table_test!(Config);
}
