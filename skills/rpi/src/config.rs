//! The `[config]` table of skill.toml; every key optional.

use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Deserialize)]
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

    #[test]
    fn skill_toml_spells_out_the_defaults() {
        let table: toml::Table = toml::from_str(include_str!("../skill.toml")).unwrap();
        let config: Config = serde_json::from_str(&serde_json::to_string(&table["config"]).unwrap()).unwrap();
        assert_eq!(config, Config::default());
    }
}
