//! The judges of a project: the `[judges.NAME]` tables of
//! `.agents/agentops.toml`. A judge is a command the user trusts (for
//! example `claude -p` or a script) that reads a prompt on stdin and prints a
//! verdict as JSON. Skills never name commands: they ask judges by name
//! through the `judge` import, which only the policy can grant.
//!
//! ```toml
//! [judges.claude]
//! command = ["claude", "-p", "--output-format", "json"]
//! vendor = "anthropic"      # default: the program name
//! timeout_ms = 120000       # default 60000; at most 600000
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::error::ManifestError;
use crate::lines::line_starting_with;
use crate::names::validate_skill_name;
use crate::toml_file::{parse, read_optional};

/// A judge's time when agentops.toml gives none.
pub const DEFAULT_JUDGE_TIMEOUT_MS: u64 = 60_000;
/// The longest a judge may be given.
pub const MAX_JUDGE_TIMEOUT_MS: u64 = 600_000;

/// One configured judge.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Judge {
    /// The program and its arguments; the program is looked up on PATH.
    pub command: Vec<String>,
    /// Who makes the model behind the judge; defaults to the program name.
    #[serde(default)]
    pub vendor: Option<String>,
    #[serde(default = "default_timeout")]
    pub timeout_ms: u64,
}

fn default_timeout() -> u64 {
    DEFAULT_JUDGE_TIMEOUT_MS
}

impl Judge {
    /// The vendor, or the program's file name when none is configured.
    pub fn vendor(&self) -> String {
        self.vendor.clone().unwrap_or_else(|| {
            let program = self.command.first().map_or("", String::as_str);
            Path::new(program).file_name().map_or(program.into(), |n| n.to_string_lossy().into_owned())
        })
    }
}

/// `agentops.toml` holds more than the judges; only `[judges]` is read here.
#[derive(Deserialize)]
struct ConfigFile {
    #[serde(default)]
    judges: BTreeMap<String, Judge>,
}

/// The project's judges by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Judges(pub BTreeMap<String, Judge>);

impl Judges {
    /// The judges of the project at `root`; none when it has no agentops.toml.
    pub fn load(root: &Path) -> Result<Self, ManifestError> {
        let path = root.join(".agents").join("agentops.toml");
        match read_optional(&path)? {
            Some(text) => Self::parse(&path, &text),
            None => Ok(Judges::default()),
        }
    }

    /// Parses and checks the `[judges]` tables of agentops.toml text.
    pub fn parse(path: &Path, text: &str) -> Result<Self, ManifestError> {
        let file: ConfigFile = parse(path, text, "the [judges] reference")?;
        for (name, judge) in &file.judges {
            let line = || line_starting_with(text, &format!("[judges.{name}]"));
            let bad = |what: String, hint: &str| Err(ManifestError::new(path, line(), what, hint));
            if validate_skill_name(name).is_err() {
                return bad(format!("judge name `{name}` is not kebab-case"), "use lowercase letters, digits and `-`");
            }
            if judge.command.first().is_none_or(|p| p.trim().is_empty()) {
                return bad(
                    format!("judge `{name}` has no command"),
                    "set `command = [\"program\", \"arg\", ...]`, e.g. [\"claude\", \"-p\"]",
                );
            }
            if judge.timeout_ms == 0 || judge.timeout_ms > MAX_JUDGE_TIMEOUT_MS {
                return bad(
                    format!("judge `{name}` has timeout_ms = {}", judge.timeout_ms),
                    &format!("give a timeout between 1 and {MAX_JUDGE_TIMEOUT_MS} ms"),
                );
            }
        }
        Ok(Judges(file.judges))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn judges_parse_with_defaults_and_vendors() {
        let text = "[ledger]\nx = 1\n\n[judges.claude]\ncommand = [\"claude\", \"-p\"]\nvendor = \"anthropic\"\n\n\
                    [judges.lint-bot]\ncommand = [\"/opt/bin/judge.sh\"]\ntimeout_ms = 5000\n";
        let judges = Judges::parse(Path::new("agentops.toml"), text).unwrap();
        assert_eq!(judges.0["claude"].vendor(), "anthropic");
        assert_eq!(judges.0["claude"].timeout_ms, DEFAULT_JUDGE_TIMEOUT_MS);
        assert_eq!(judges.0["lint-bot"].vendor(), "judge.sh");
        assert_eq!(judges.0["lint-bot"].timeout_ms, 5000);
    }

    #[test]
    fn bad_judges_name_the_line() {
        let cases = [
            ("[judges.a]\ncommand = []\n", 1, "has no command"),
            ("# c\n[judges.b]\ncommand = [\"x\"]\ntimeout_ms = 0\n", 2, "timeout_ms = 0"),
            ("[judges.Bad]\ncommand = [\"x\"]\n", 1, "kebab-case"),
            ("[judges.c]\ncommand = [\"x\"]\nmodel = \"y\"\n", 3, "unknown field `model`"),
        ];
        for (text, line, needle) in cases {
            let e = Judges::parse(Path::new("agentops.toml"), text).unwrap_err();
            assert_eq!(e.line, Some(line), "{text}");
            assert!(e.to_string().contains(needle), "{e}");
        }
    }
}
