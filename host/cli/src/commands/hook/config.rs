//! The `[hooks]` table of `.agents/agentops.toml`: what the bridge does
//! beyond its defaults. Only the events that use it read the file, so the
//! others pay nothing for it.
//!
//! ```toml
//! [hooks]
//! prompt_lookup = false   # answer each user prompt with the ledger items it matches
//! prompt_limit = 3        # at most this many items per prompt
//! prompt_tokens = 600     # within this many tokens
//! handoff = false         # at stop, keep the assistant's last message as the session's handoff
//! ```

use std::path::Path;

use agentops_ledger::{CONFIG_FILE, LEDGER_DIR};
use serde::Deserialize;

use crate::error::{CliError, Result};

/// `[hooks]`; every key is optional.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HooksConfig {
    /// Off by default: it reads the ledger on every prompt, and most prompts
    /// are served well enough by what the session started with.
    pub prompt_lookup: bool,
    pub prompt_limit: usize,
    pub prompt_tokens: usize,
    /// Off by default: most sessions finish their work, and a handoff that
    /// only repeats "done" is noise for the next one.
    pub handoff: bool,
}

impl Default for HooksConfig {
    fn default() -> Self {
        HooksConfig { prompt_lookup: false, prompt_limit: 3, prompt_tokens: 600, handoff: false }
    }
}

/// The file as far as the bridge reads it; other tables belong to others.
#[derive(Deserialize)]
struct ConfigFile {
    #[serde(default)]
    hooks: HooksConfig,
}

impl HooksConfig {
    /// The project's `[hooks]`, or the defaults when the file or table is absent.
    pub fn load(root: &Path) -> Result<Self> {
        let path = root.join(LEDGER_DIR).join(CONFIG_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(HooksConfig::default()),
            Err(e) => return Err(CliError::usage(format!("{}: cannot read: {e}", path.display()))),
        };
        Self::parse(&text).map_err(|(line, message)| {
            CliError::usage(format!("{}:{line}: {message}", path.display()))
                .hint("the [hooks] keys are prompt_lookup, prompt_limit, prompt_tokens and handoff (docs/hooks.md)")
        })
    }

    /// Parses agentops.toml text; an error carries its 1-based line.
    fn parse(text: &str) -> std::result::Result<Self, (usize, String)> {
        toml::from_str::<ConfigFile>(text).map(|file| file.hooks).map_err(|e| {
            let line = e.span().map_or(1, |span| text[..span.start].matches('\n').count() + 1);
            (line, e.message().trim().to_string())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_default_and_unknown_ones_are_errors_with_their_line() {
        assert_eq!(HooksConfig::parse("[ledger]\nhalf_life_days = 9.0\n"), Ok(HooksConfig::default()));
        let on = HooksConfig::parse("[hooks]\nprompt_lookup = true\nprompt_limit = 5\n").unwrap();
        assert_eq!(on, HooksConfig { prompt_lookup: true, prompt_limit: 5, prompt_tokens: 600, handoff: false });
        let (line, message) = HooksConfig::parse("[hooks]\nprompt_lookup = true\nprompt_limt = 5\n").unwrap_err();
        assert_eq!(line, 3);
        assert!(message.contains("prompt_limt"), "{message}");
    }
}
