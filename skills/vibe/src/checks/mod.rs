//! The checks vibe runs on a change, and what they share: their identity and
//! fix, the severity the configuration gives each, and the lines they read.

pub mod conflict;
pub mod debug;
pub mod files;
pub mod functions;
pub mod ledger;
pub mod secrets;
pub mod todo;
pub mod untested;

use agentops_skill_sdk::{Finding, Severity};

use crate::config::Config;
use crate::diff::FileDiff;

/// One of vibe's checks; its finding's rule id is `vibe/<name>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    Secret,
    ConflictMarker,
    DebugLeftover,
    TodoWithoutReference,
    OversizedFile,
    LongFunction,
    DeepNesting,
    UntestedChange,
    BinaryFile,
    Truncated,
    LedgerRule,
    LedgerPattern,
    LedgerFinding,
}

impl Check {
    #[cfg(test)]
    pub const ALL: [Check; 13] = [
        Check::Secret,
        Check::ConflictMarker,
        Check::DebugLeftover,
        Check::TodoWithoutReference,
        Check::OversizedFile,
        Check::LongFunction,
        Check::DeepNesting,
        Check::UntestedChange,
        Check::BinaryFile,
        Check::Truncated,
        Check::LedgerRule,
        Check::LedgerPattern,
        Check::LedgerFinding,
    ];

    /// The key in `[config.severity]`, and the end of the finding's rule id.
    pub fn name(self) -> &'static str {
        match self {
            Check::Secret => "secret",
            Check::ConflictMarker => "conflict-marker",
            Check::DebugLeftover => "debug-leftover",
            Check::TodoWithoutReference => "todo-without-reference",
            Check::OversizedFile => "oversized-file",
            Check::LongFunction => "long-function",
            Check::DeepNesting => "deep-nesting",
            Check::UntestedChange => "untested-change",
            Check::BinaryFile => "binary-file",
            Check::Truncated => "truncated",
            Check::LedgerRule => "ledger-rule",
            Check::LedgerPattern => "ledger-pattern",
            Check::LedgerFinding => "ledger-finding",
        }
    }

    /// What to do about a finding.
    pub fn fix(self) -> &'static str {
        match self {
            Check::Secret => {
                "remove it from the change, rotate it if it was ever pushed, and read it from the environment or a secret store; mark a test value with `vibe:allow`"
            }
            Check::ConflictMarker => "resolve the merge conflict and remove the markers",
            Check::DebugLeftover => "remove the debugging code, or log through the project's logger",
            Check::TodoWithoutReference => {
                "do it now, or link an issue (`TODO(#123)`), a URL, or an owner (`TODO(alice)`)"
            }
            Check::OversizedFile => "split the file or the change; keep generated and binary artifacts out of git",
            Check::LongFunction => "split it into smaller functions, each doing one thing",
            Check::DeepNesting => "return early, or move the inner blocks into functions",
            Check::UntestedChange => "add or update a test that covers the change",
            Check::BinaryFile => {
                "make sure the binary file belongs in the repository (not a build artifact or a secret)"
            }
            Check::Truncated => {
                "review a smaller change, e.g. `--arg base=` a nearer commit, or raise the limits in [config]"
            }
            Check::LedgerRule | Check::LedgerPattern | Check::LedgerFinding => {
                "check the change against it; cite it with `agentops cite ID --how applied` when it shaped the change"
            }
        }
    }
}

/// Where a finding points.
#[derive(Debug, Clone, Copy)]
pub enum Place<'a> {
    Line(&'a str, u32),
    File(&'a str),
    Change,
}

/// The findings of the enabled checks, at the severities the configuration gives them.
#[derive(Debug)]
pub struct Findings<'a> {
    config: &'a Config,
    list: Vec<Finding>,
}

impl<'a> Findings<'a> {
    pub fn new(config: &'a Config) -> Self {
        Findings { config, list: Vec::new() }
    }

    fn severity(&self, check: Check) -> Option<Severity> {
        self.config.severity.of(check).severity()
    }

    /// Whether the check is on; a check that is off does no work.
    pub fn enabled(&self, check: Check) -> bool {
        self.severity(check).is_some()
    }

    pub fn at(&mut self, check: Check, path: &str, line: u32, message: impl Into<String>) {
        self.add(check, Place::Line(path, line), message, check.fix());
    }

    pub fn in_file(&mut self, check: Check, path: &str, message: impl Into<String>) {
        self.add(check, Place::File(path), message, check.fix());
    }

    /// A finding with its own fix; nothing when the check is off.
    pub fn add(&mut self, check: Check, place: Place, message: impl Into<String>, fix: &str) {
        let Some(severity) = self.severity(check) else { return };
        let finding = Finding::new(format!("vibe/{}", check.name()), severity, message).fix(fix);
        self.list.push(match place {
            Place::Line(path, line) => finding.at(path, line),
            Place::File(path) => finding.in_file(path),
            Place::Change => finding,
        });
    }

    /// How many findings have `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.list.iter().filter(|finding| finding.severity == severity).count()
    }

    /// The findings, most severe first, then by path and line.
    pub fn into_sorted(mut self) -> Vec<Finding> {
        self.list.sort_by(|a, b| {
            (b.severity as u8).cmp(&(a.severity as u8)).then_with(|| (&a.path, a.line).cmp(&(&b.path, b.line)))
        });
        self.list
    }
}

/// The marker that exempts a line from the line checks, for test values
/// and deliberate exceptions (`// vibe:allow`).
pub const ALLOW_MARKER: &str = "vibe:allow";

/// The added lines of `file` that the line checks read.
pub fn reviewed_lines<'f>(file: &'f FileDiff) -> impl Iterator<Item = (u32, &'f str)> {
    file.added().filter(|(_, text)| !text.contains(ALLOW_MARKER))
}

#[cfg(test)]
pub mod test_support {
    //! Runs a check on a new file made of given lines.

    use std::cell::RefCell;

    use agentops_skill_sdk::Hit;

    use super::*;
    use crate::diff;
    use crate::host::Host;

    /// The unified diff that adds a file `path` holding `lines`.
    pub fn new_file_diff(path: &str, lines: &[&str]) -> String {
        let mut text = format!("--- /dev/null\n+++ b/{path}\n@@ -0,0 +1,{} @@\n", lines.len());
        for line in lines {
            text.push('+');
            text.push_str(line);
            text.push('\n');
        }
        text
    }

    /// A ledger item of `kind` scoped to `paths`.
    pub fn hit(id: &str, kind: &str, title: &str, paths: &[&str]) -> Hit {
        Hit {
            id: id.into(),
            kind: kind.into(),
            title: title.into(),
            body: String::new(),
            paths: paths.iter().map(|p| p.to_string()).collect(),
            score: 1.0,
            tier: "gold".into(),
        }
    }

    /// A host with fixed file sizes and ledger answers, which remembers what it was asked.
    #[derive(Debug, Default)]
    pub struct FakeHost {
        sizes: Vec<(String, u64)>,
        hits: Vec<Hit>,
        error: Option<String>,
        asked: RefCell<Vec<Vec<String>>>,
        warnings: RefCell<Vec<String>>,
    }

    impl FakeHost {
        pub fn with_sizes(sizes: &[(&str, u64)]) -> Self {
            FakeHost { sizes: sizes.iter().map(|(p, n)| (p.to_string(), *n)).collect(), ..Self::default() }
        }

        pub fn with_hits(hits: Vec<Hit>) -> Self {
            FakeHost { hits, ..Self::default() }
        }

        pub fn failing(error: &str) -> Self {
            FakeHost { error: Some(error.into()), ..Self::default() }
        }

        /// The path lists `scoped` was called with.
        pub fn asked(&self) -> Vec<Vec<String>> {
            self.asked.borrow().clone()
        }

        pub fn warnings(&self) -> Vec<String> {
            self.warnings.borrow().clone()
        }
    }

    impl Host for FakeHost {
        fn file_size(&self, path: &str) -> Option<u64> {
            self.sizes.iter().find(|(p, _)| p == path).map(|(_, n)| *n)
        }

        fn scoped(&self, paths: &[String], _limit: u32) -> Result<Vec<Hit>, String> {
            self.asked.borrow_mut().push(paths.to_vec());
            match &self.error {
                Some(e) => Err(e.clone()),
                None => Ok(self.hits.clone()),
            }
        }

        fn warn(&self, message: &str) {
            self.warnings.borrow_mut().push(message.to_string());
        }
    }

    /// The (line, message) of each finding `check` makes on a new file `path`
    /// holding `lines`, with the default configuration.
    pub fn findings_on(path: &str, lines: &[&str], check: impl Fn(&FileDiff, &mut Findings)) -> Vec<(u32, String)> {
        let text = new_file_diff(path, lines);
        let diff = diff::parse(&text);
        let config = Config::default();
        let mut findings = Findings::new(&config);
        check(&diff.files[0], &mut findings);
        findings.into_sorted().into_iter().map(|f| (f.line.unwrap_or(0), f.message)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_names_are_the_severity_keys() {
        let table = serde_json::to_value(&Config::default().severity).unwrap();
        let keys: Vec<&String> = table.as_object().unwrap().keys().collect();
        let mut names: Vec<&str> = Check::ALL.iter().map(|check| check.name()).collect();
        names.sort_unstable();
        assert_eq!(keys, names);
    }

    #[test]
    fn findings_follow_the_configured_severity_and_sort_worst_first() {
        let mut config = Config::default();
        config.severity.todo_without_reference = agentops_skill_sdk::CheckLevel::Off;
        let mut findings = Findings::new(&config);
        findings.at(Check::TodoWithoutReference, "a.rs", 1, "off");
        findings.at(Check::DebugLeftover, "b.rs", 9, "minor");
        findings.at(Check::Secret, "c.rs", 2, "critical");
        findings.at(Check::DebugLeftover, "a.rs", 3, "minor");
        let sorted = findings.into_sorted();
        let order: Vec<(&str, Option<&str>)> = sorted.iter().map(|f| (f.message.as_str(), f.path.as_deref())).collect();
        assert_eq!(order, [("critical", Some("c.rs")), ("minor", Some("a.rs")), ("minor", Some("b.rs"))]);
        assert_eq!(sorted[0].rule, "vibe/secret");
    }
}
