//! The `[config]` table of skill.toml. Every key is optional: a missing key
//! takes the built-in default, so `{}` configures the stock policy.

use agentops_skill_sdk::config::strings;
use serde::Deserialize;

use crate::rules::Rule;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
// Unknown keys are refused: a misspelt key silently ignored would weaken the policy unseen.
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Branches (globs) that must not be force-pushed.
    pub protected_branches: Vec<String>,
    /// Whether `--force-with-lease` counts as safe enough for protected branches.
    pub allow_force_with_lease: bool,
    /// Commands that fetch from the network.
    pub download_commands: Vec<String>,
    /// Commands that run the code they read (`sudo` counts when it wraps nothing, as in `sudo -s`).
    pub shells: Vec<String>,
    /// Paths (globs) an agent must not read.
    pub private_paths: Vec<String>,
    /// Paths (globs) exempt from `private_paths`, such as templates.
    pub allowed_paths: Vec<String>,
    /// Rules turned off, by name without the `guard/` prefix.
    pub disabled_rules: Vec<String>,
    /// Commands refused outright, each a command word and arguments it must have.
    pub extra_blocked_commands: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            protected_branches: strings(&["main", "master", "trunk", "release/*", "production"]),
            allow_force_with_lease: false,
            download_commands: strings(&["curl", "wget", "fetch", "iwr", "Invoke-WebRequest"]),
            shells: strings(&[
                "sh",
                "bash",
                "zsh",
                "dash",
                "ksh",
                "fish",
                "python",
                "python3",
                "perl",
                "ruby",
                "node",
                "sudo",
                "iex",
                "Invoke-Expression",
            ]),
            private_paths: strings(&[
                ".env",
                ".env.*",
                "**/.env",
                "**/.env.*",
                "**/*.pem",
                "**/*.key",
                "**/id_rsa",
                "**/id_rsa*",
                "**/id_ed25519*",
                "**/id_ecdsa*",
                "**/.ssh/**",
                "**/.aws/credentials",
                "**/.netrc",
                "**/*.p12",
                "**/*.pfx",
            ]),
            allowed_paths: strings(&[".env.example", "**/.env.example", ".env.sample", "**/.env.sample", "**/*.pub"]),
            disabled_rules: Vec::new(),
            extra_blocked_commands: Vec::new(),
        }
    }
}

impl Config {
    /// Refuses settings that would otherwise be ignored without a word.
    pub fn validate(&self) -> Result<(), String> {
        for name in &self.disabled_rules {
            if !Rule::ALL.iter().any(|rule| rule.name() == name) {
                let known: Vec<&str> = Rule::ALL.iter().map(|rule| rule.name()).collect();
                return Err(format!("disabled_rules names no rule `{name}`; the rules are: {}", known.join(", ")));
            }
        }
        Ok(())
    }

    pub fn enabled(&self, rule: Rule) -> bool {
        !self.disabled_rules.iter().any(|name| name == rule.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    agentops_skill_sdk::config_table_test!(Config);

    #[test]
    fn disabled_rules_are_off_and_the_others_on() {
        let config: Config = serde_json::from_str(r#"{"disabled_rules": ["force-push"]}"#).unwrap();
        assert!(!config.enabled(Rule::ForcePush));
        assert!(config.enabled(Rule::PipeToShell));
    }

    #[test]
    fn unknown_rule_names_are_refused() {
        let config = Config { disabled_rules: vec!["force-pushes".into()], ..Config::default() };
        let error = config.validate().unwrap_err();
        assert!(error.contains("force-pushes") && error.contains("force-push,"), "{error}");
        assert!(Config::default().validate().is_ok());
    }
}
