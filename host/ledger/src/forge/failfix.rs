//! Failure → fix pairs: a tool call fails, the agent changes something, and
//! the same command later passes (or an edit of the same file goes through).
//! What failed, the error's key line and what changed in between make a
//! learning.
//!
//! The pairing is a small state machine fed one event at a time, so a pair
//! can span two runs over a growing transcript: its state (calls awaiting a
//! result, failures awaiting a fix) is saved with the transcript's cursor.
//! Every list is bounded, so the state stays small whatever the session.
//!
//! - A failed call (error result, non-zero exit) of a command or an edit is
//!   remembered with its key line; a later failure of the same target
//!   replaces it. Denied calls are neither failures nor fixes: a refusal by
//!   a hook is policy, not a problem solved.
//! - Each successful command or edit is a step towards fixing every
//!   remembered failure.
//! - A failed command is fixed when the same command passes after at least
//!   one step (passing on a plain retry teaches nothing). A failed edit is
//!   fixed when an edit of one of its files succeeds.

use serde::{Deserialize, Serialize};

use super::text::capitalize;
use super::tools::{Target, key_line, shorten};
use super::transcript::{Outcome, ToolCall, ToolResult};

/// Calls awaiting their result, at most.
const MAX_CALLS: usize = 256;
/// Failures awaiting a fix, at most (the oldest are forgotten).
const MAX_FAILURES: usize = 16;
/// Steps remembered per failure.
const MAX_STEPS: usize = 8;

/// The pairing state.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct FailFix {
    /// (call id, target), oldest first.
    calls: Vec<(String, Target)>,
    /// Oldest first.
    failures: Vec<Failure>,
}

/// A failed call awaiting a fix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Failure {
    pub target: Target,
    /// The key line of the output.
    pub error: String,
    /// The line of the failed result.
    pub line: usize,
    /// Successful commands and edits since, in order, each once.
    pub steps: Vec<Target>,
}

impl FailFix {
    /// Notes a call, if it runs a command or edits files.
    pub fn call(&mut self, call: &ToolCall) {
        if let Some(target) = Target::of(&call.name, &call.input) {
            if self.calls.len() == MAX_CALLS {
                self.calls.remove(0);
            }
            self.calls.push((call.id.clone(), target));
        }
    }

    /// Takes a result at `line`; returns the failure it fixes, if any.
    pub fn result(&mut self, result: &ToolResult, line: usize) -> Option<Failure> {
        let at = self.calls.iter().position(|(id, _)| *id == result.id)?;
        let (_, target) = self.calls.remove(at);
        match result.outcome {
            Outcome::Denied => None,
            Outcome::Failure => {
                self.failures.retain(|f| f.target != target);
                if self.failures.len() == MAX_FAILURES {
                    self.failures.remove(0);
                }
                let error = key_line(&result.output).unwrap_or_else(|| "(no output)".into());
                self.failures.push(Failure { target, error, line, steps: Vec::new() });
                None
            }
            Outcome::Success => {
                let fixed = self.failures.iter().position(|f| f.is_fixed_by(&target)).map(|i| self.failures.remove(i));
                for failure in &mut self.failures {
                    if !failure.steps.contains(&target) && failure.steps.len() < MAX_STEPS {
                        failure.steps.push(target.clone());
                    }
                }
                fixed
            }
        }
    }
}

impl Failure {
    fn is_fixed_by(&self, success: &Target) -> bool {
        match (&self.target, success) {
            (Target::Command(failed), Target::Command(passed)) => failed == passed && !self.steps.is_empty(),
            (Target::Edit(failed), Target::Edit(edited)) => failed.iter().any(|f| edited.contains(f)),
            _ => false,
        }
    }

    /// A title: what failed and how.
    pub fn title(&self, show: &dyn Fn(&str) -> String) -> String {
        let what = match &self.target {
            Target::Command(c) => format!("`{}` failed", shorten(c, 60)),
            Target::Edit(files) => format!("Editing {} failed", describe(&Target::Edit(files.clone()), show)),
        };
        shorten(&format!("{what}: {}", self.error), 110)
    }

    /// The body: the failure, its key line, and what fixed it. `show`
    /// displays a file path (relative to the project when inside it).
    pub fn body(&self, show: &dyn Fn(&str) -> String) -> String {
        let (what, again) = match &self.target {
            Target::Command(c) => {
                let c = shorten(c, 120);
                (format!("`{c}` failed with:"), format!("run `{c}` again; it passed."))
            }
            Target::Edit(_) => {
                let files = describe(&self.target, show);
                (format!("Editing {files} failed with:"), format!("edit {files} again; it succeeded."))
            }
        };
        let steps: Vec<String> = self
            .steps
            .iter()
            .map(|step| match step {
                Target::Command(_) => format!("run {}", describe(step, show)),
                Target::Edit(_) => format!("edit {}", describe(step, show)),
            })
            .collect();
        let fix = if steps.is_empty() { capitalize(&again) } else { format!("{}, then {again}", steps.join(", ")) };
        let fence = if self.error.contains("```") { "~~~" } else { "```" };
        format!("{what}\n\n{fence}text\n{}\n{fence}\n\nFix: {fix}\n", self.error)
    }

    /// Every file edited on the way to the fix, the failed edit's included.
    pub fn files(&self) -> Vec<&str> {
        let mut files: Vec<&str> = Vec::new();
        for target in std::iter::once(&self.target).chain(&self.steps) {
            if let Target::Edit(edited) = target {
                for f in edited {
                    if !files.contains(&f.as_str()) {
                        files.push(f);
                    }
                }
            }
        }
        files
    }
}

fn describe(target: &Target, show: &dyn Fn(&str) -> String) -> String {
    match target {
        Target::Command(_) => target.describe(),
        Target::Edit(files) => Target::Edit(files.iter().map(|f| show(f)).collect()).describe(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn call(state: &mut FailFix, id: &str, name: &str, input: serde_json::Value) {
        state.call(&ToolCall { id: id.into(), name: name.into(), input });
    }

    fn result(state: &mut FailFix, id: &str, outcome: Outcome, output: &str) -> Option<Failure> {
        state.result(&ToolResult { id: id.into(), output: output.into(), outcome }, 9)
    }

    #[test]
    fn a_command_failing_then_passing_after_an_edit_is_a_pair() {
        let mut s = FailFix::default();
        call(&mut s, "1", "Bash", json!({"command": "cargo build"}));
        assert_eq!(result(&mut s, "1", Outcome::Failure, "Exit code 101\nerror[E0425]: cannot find value `x`"), None);
        call(&mut s, "2", "Edit", json!({"file_path": "/p/src/lib.rs"}));
        assert_eq!(result(&mut s, "2", Outcome::Success, "ok"), None);
        call(&mut s, "3", "Bash", json!({"command": "cargo  build"}));
        let fixed = result(&mut s, "3", Outcome::Success, "").unwrap();
        assert_eq!(fixed.error, "error[E0425]: cannot find value `x`");
        let show = |f: &str| f.trim_start_matches("/p/").to_string();
        assert_eq!(fixed.title(&show), "`cargo build` failed: error[E0425]: cannot find value `x`");
        assert_eq!(
            fixed.body(&show),
            "`cargo build` failed with:\n\n```text\nerror[E0425]: cannot find value `x`\n```\n\n\
             Fix: edit `src/lib.rs`, then run `cargo build` again; it passed.\n"
        );
        assert_eq!(fixed.files(), ["/p/src/lib.rs"]);
    }

    #[test]
    fn retries_denials_and_other_commands_are_no_pair() {
        let mut s = FailFix::default();
        call(&mut s, "1", "Bash", json!({"command": "make"}));
        result(&mut s, "1", Outcome::Failure, "flaky");
        call(&mut s, "2", "Bash", json!({"command": "make"}));
        assert_eq!(result(&mut s, "2", Outcome::Success, ""), None, "a plain retry fixes nothing");
        call(&mut s, "3", "Bash", json!({"command": "rm -rf /"}));
        assert_eq!(result(&mut s, "3", Outcome::Denied, "blocked"), None);
        call(&mut s, "4", "Bash", json!({"command": "rm -rf /"}));
        assert_eq!(result(&mut s, "4", Outcome::Success, ""), None, "a denial is no failure");
        assert_eq!(result(&mut s, "unknown", Outcome::Success, ""), None);
    }

    #[test]
    fn a_failed_edit_is_fixed_by_an_edit_of_the_same_file() {
        let mut s = FailFix::default();
        call(&mut s, "1", "Edit", json!({"file_path": "a.rs"}));
        result(&mut s, "1", Outcome::Failure, "<tool_use_error>String to replace not found in file.</tool_use_error>");
        call(&mut s, "2", "Edit", json!({"file_path": "a.rs"}));
        let fixed = result(&mut s, "2", Outcome::Success, "").unwrap();
        let show = |f: &str| f.to_string();
        assert!(fixed.body(&show).ends_with("Fix: Edit `a.rs` again; it succeeded.\n"), "{}", fixed.body(&show));
    }

    #[test]
    fn state_is_bounded() {
        let mut s = FailFix::default();
        for i in 0..MAX_CALLS + 10 {
            call(&mut s, &i.to_string(), "Bash", json!({"command": format!("c{i}")}));
        }
        assert_eq!(s.calls.len(), MAX_CALLS);
        for i in 0..MAX_CALLS {
            let id = (i + 10).to_string();
            result(&mut s, &id, Outcome::Failure, "boom");
        }
        assert_eq!(s.failures.len(), MAX_FAILURES);
    }
}
