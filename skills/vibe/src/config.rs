//! The `[config]` table of skill.toml. Every key is optional: a missing key
//! takes the built-in default, so `{}` configures the stock review.

use agentops_skill_sdk::config::{at_least_one, strings};
use serde::{Deserialize, Serialize};

use crate::checks::Check;
use crate::checks::secrets::Threshold;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
// Unknown keys are refused: a misspelt threshold silently ignored would change the review unseen.
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The severity of each check's findings, or `off`.
    pub severity: Severities,
    /// The most of the diff examined, in bytes and lines; the rest is left out with a finding.
    pub max_diff_bytes: usize,
    pub max_diff_lines: usize,
    /// A file adding more lines than this in one change is oversized.
    pub max_added_lines: usize,
    /// A file larger than this after the change is oversized.
    pub max_file_bytes: u64,
    /// A function longer than this (lines, header to closing line) is too long.
    pub max_function_lines: usize,
    /// Blocks nested deeper than this inside a function are too deep.
    pub max_nesting: usize,
    /// Strings shorter than this are never taken for random keys.
    pub entropy_min_length: usize,
    /// In (0, 1]: how close to the most entropy a string of its length and
    /// alphabet can have a string must come to be taken for a key.
    pub entropy_threshold: f64,
    /// The most ledger items reported.
    pub ledger_limit: u32,
    /// Files made by tools (globs): only known secret formats and conflict markers are checked.
    pub generated_paths: Vec<String>,
    /// Test files (globs).
    pub test_paths: Vec<String>,
    /// Text in an added line that shows a test was written in a source file (e.g. Rust's `#[test]`).
    pub test_markers: Vec<String>,
    /// Extensions of source files, whose change calls for a test change.
    pub source_extensions: Vec<String>,
}

agentops_skill_sdk::severity_table! {
    /// One [`CheckLevel`](agentops_skill_sdk::CheckLevel) per check, keyed by the check's name.
    pub struct Severities for Check {
        secret: Check::Secret => Critical,
        conflict_marker: Check::ConflictMarker => Critical,
        debug_leftover: Check::DebugLeftover => Minor,
        todo_without_reference: Check::TodoWithoutReference => Minor,
        oversized_file: Check::OversizedFile => Minor,
        long_function: Check::LongFunction => Minor,
        deep_nesting: Check::DeepNesting => Minor,
        untested_change: Check::UntestedChange => Minor,
        binary_file: Check::BinaryFile => Info,
        truncated: Check::Truncated => Minor,
        ledger_rule: Check::LedgerRule => Minor,
        ledger_pattern: Check::LedgerPattern => Info,
        ledger_finding: Check::LedgerFinding => Minor,
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            severity: Severities::default(),
            max_diff_bytes: 2 << 20,
            max_diff_lines: 20_000,
            max_added_lines: 1_000,
            max_file_bytes: 1 << 20,
            max_function_lines: 80,
            max_nesting: 5,
            entropy_min_length: 20,
            entropy_threshold: 0.85,
            ledger_limit: 20,
            generated_paths: strings(&[
                "**/*.lock",
                "**/package-lock.json",
                "**/npm-shrinkwrap.json",
                "**/pnpm-lock.yaml",
                "**/go.sum",
                "**/*.min.js",
                "**/*.min.css",
                "**/*.map",
                "**/*.snap",
                "**/vendor/**",
                "**/node_modules/**",
            ]),
            test_paths: strings(&[
                "**/tests/**",
                "**/test/**",
                "**/__tests__/**",
                "**/spec/**",
                "**/*_test.*",
                "**/*.test.*",
                "**/*_spec.*",
                "**/*.spec.*",
                "**/test_*.py",
                "**/*Test.*",
                "**/*Tests.*",
            ]),
            test_markers: strings(&[
                "#[test]",
                "#[cfg(test)]",
                "#[tokio::test]",
                "proptest!",
                "def test_",
                "func Test",
                "@Test",
                "describe(",
                "it(",
                "test(",
            ]),
            source_extensions: strings(&[
                "rs", "go", "py", "js", "jsx", "mjs", "cjs", "ts", "tsx", "java", "kt", "scala", "c", "h", "cc", "cpp",
                "hpp", "cs", "swift", "rb", "php",
            ]),
        }
    }
}

impl Config {
    /// Refuses settings that would make a check meaningless.
    pub fn validate(&self) -> Result<(), String> {
        if !(self.entropy_threshold > 0.0 && self.entropy_threshold <= 1.0) {
            return Err(format!("entropy_threshold must lie in (0, 1], not {}", self.entropy_threshold));
        }
        at_least_one(&[
            ("max_diff_bytes", self.max_diff_bytes),
            ("max_diff_lines", self.max_diff_lines),
            ("max_function_lines", self.max_function_lines),
        ])
    }

    pub fn entropy_threshold(&self) -> Threshold {
        Threshold { min_length: self.entropy_min_length, ratio: self.entropy_threshold }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    agentops_skill_sdk::config_table_test!(Config);

    #[test]
    fn meaningless_thresholds_are_refused() {
        assert!(Config::default().validate().is_ok());
        let zero = Config { max_diff_lines: 0, ..Config::default() };
        assert!(zero.validate().unwrap_err().contains("max_diff_lines"));
        let ratio = Config { entropy_threshold: 1.5, ..Config::default() };
        assert!(ratio.validate().unwrap_err().contains("entropy_threshold"));
    }
}
