//! What the validation flow tells: each step's verdict, every finding, and
//! where it stopped.

use agentops_skill_sdk::prelude::*;

/// The steps so far.
#[derive(Debug, Default)]
pub struct Report {
    /// `vibe PASS`, `council skipped (no judges are configured)`, ...
    trail: Vec<String>,
    findings: Vec<Finding>,
    learnings: Vec<agentops_skill_sdk::LearningDraft>,
    verdict: Option<Verdict>,
}

fn rank(v: Verdict) -> u8 {
    match v {
        Verdict::Pass => 0,
        Verdict::Warn => 1,
        Verdict::Fail => 2,
    }
}

fn label(v: Verdict) -> &'static str {
    match v {
        Verdict::Pass => "PASS",
        Verdict::Warn => "WARN",
        Verdict::Fail => "FAIL",
    }
}

impl Report {
    /// Adds a step that ran; returns its verdict.
    pub fn ran(&mut self, step: &str, outcome: Outcome) -> Verdict {
        let v = outcome.verdict;
        self.trail.push(format!("{step} {}", label(v)));
        self.findings.extend(outcome.findings);
        self.learnings.extend(outcome.learnings);
        if self.verdict.is_none_or(|worst| rank(v) > rank(worst)) {
            self.verdict = Some(v);
        }
        v
    }

    /// Adds a step that did not run, and why.
    pub fn skipped(&mut self, step: &str, reason: &str) {
        self.trail.push(format!("{step} skipped ({reason})"));
        self.findings.push(Finding::new(format!("validation/{step}-skipped"), Severity::Info, reason.to_string()));
    }

    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// The outcome when `step` failed and the flow stopped there.
    pub fn stopped_at(self, step: &str) -> Outcome {
        let message = format!("{} — stopped at {step}; fix its findings and run again", self.trail.join(" → "));
        self.outcome(message)
    }

    /// The outcome when every step ran.
    pub fn finished(self) -> Outcome {
        let message = self.trail.join(" → ");
        self.outcome(message)
    }

    fn outcome(self, message: String) -> Outcome {
        let mut outcome =
            Outcome { findings: self.findings, ..Outcome::with_verdict(self.verdict.unwrap_or(Verdict::Pass)) };
        outcome.learnings = self.learnings;
        outcome.message(message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_verdict_is_the_worst_step_and_the_trail_says_where_it_stopped() {
        let mut r = Report::default();
        let warn = Outcome {
            findings: vec![Finding::new("vibe/todo", Severity::Minor, "TODO")],
            ..Outcome::with_verdict(Verdict::Warn)
        };
        assert_eq!(r.ran("vibe", warn), Verdict::Warn);
        r.skipped("council", "no judges are configured");
        r.ran("post-mortem", Outcome::pass());
        let o = r.finished();
        assert_eq!(o.verdict, Verdict::Warn);
        assert_eq!(
            o.message.as_deref(),
            Some("vibe WARN → council skipped (no judges are configured) → post-mortem PASS")
        );
        assert_eq!(o.findings.len(), 2);

        let mut r = Report::default();
        r.ran("vibe", Outcome::with_verdict(Verdict::Fail));
        let o = r.stopped_at("vibe");
        assert_eq!(o.verdict, Verdict::Fail);
        assert!(o.message.unwrap().ends_with("stopped at vibe; fix its findings and run again"));
    }
}
