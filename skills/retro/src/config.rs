//! The `[config]` table of skill.toml; every key optional.

use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Deserialize)]
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

    #[test]
    fn skill_toml_spells_out_the_defaults() {
        let table: toml::Table = toml::from_str(include_str!("../skill.toml")).unwrap();
        let config: Config = serde_json::from_str(&serde_json::to_string(&table["config"]).unwrap()).unwrap();
        assert_eq!(config, Config::default());
    }
}
