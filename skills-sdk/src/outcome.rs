//! Building outcomes, findings and errors.

use crate::{Finding, LearningDraft, Outcome, Severity, SkillError, Verdict};

impl Outcome {
    /// A passing outcome with nothing to report.
    pub fn pass() -> Self {
        Self::with_verdict(Verdict::Pass)
    }

    /// An outcome with the given verdict and nothing else.
    pub fn with_verdict(verdict: Verdict) -> Self {
        Outcome { verdict, findings: Vec::new(), learnings: Vec::new(), context: None, message: None, data: None }
    }

    /// The outcome the findings call for: `fail` when any is significant or
    /// critical, `warn` when any is minor, `pass` otherwise.
    pub fn from_findings(findings: Vec<Finding>) -> Self {
        let verdict = findings.iter().map(|f| f.severity.verdict()).max_by_key(|v| *v as u8).unwrap_or(Verdict::Pass);
        Outcome { findings, ..Self::with_verdict(verdict) }
    }

    /// Sets the one-line message shown to the person.
    pub fn message(mut self, message: impl Into<String>) -> Self {
        self.message = Some(message.into());
        self
    }

    /// Sets the text the host injects into the agent's context.
    pub fn context(mut self, context: impl Into<String>) -> Self {
        self.context = Some(context.into());
        self
    }

    /// Attaches machine-readable data, serialized as JSON.
    pub fn data(mut self, data: &impl serde::Serialize) -> Self {
        self.data = serde_json::to_string(data).ok();
        self
    }

    /// Proposes a learning for the ledger.
    pub fn learning(mut self, learning: LearningDraft) -> Self {
        self.learnings.push(learning);
        self
    }
}

impl Severity {
    /// The verdict a finding of this severity calls for on its own.
    pub fn verdict(self) -> Verdict {
        match self {
            Severity::Info => Verdict::Pass,
            Severity::Minor => Verdict::Warn,
            Severity::Significant | Severity::Critical => Verdict::Fail,
        }
    }
}

impl Finding {
    /// A finding of `rule` (e.g. `my-skill/no-todo`) with a message.
    pub fn new(rule: impl Into<String>, severity: Severity, message: impl Into<String>) -> Self {
        Finding { rule: rule.into(), severity, message: message.into(), path: None, line: None, fix: None }
    }

    /// Locates the finding at a project-relative path and 1-based line.
    pub fn at(mut self, path: impl Into<String>, line: u32) -> Self {
        self.path = Some(path.into());
        self.line = Some(line);
        self
    }

    /// Locates the finding at a path, without a line.
    pub fn in_file(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// The safer alternative or concrete fix.
    pub fn fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = Some(fix.into());
        self
    }
}

impl LearningDraft {
    /// A learning with a title and a markdown body; confidence defaults to 0.5.
    pub fn new(title: impl Into<String>, body: impl Into<String>) -> Self {
        LearningDraft {
            title: title.into(),
            body: body.into(),
            category: "general".into(),
            tags: Vec::new(),
            confidence: 0.5,
        }
    }
}

/// The request was malformed; say what was expected.
pub fn invalid_input(message: impl Into<String>) -> SkillError {
    SkillError::InvalidInput(message.into())
}

/// The skill could not finish.
pub fn failed(message: impl Into<String>) -> SkillError {
    SkillError::Failed(message.into())
}

/// A host import refused what the skill asked.
pub fn denied(message: impl Into<String>) -> SkillError {
    SkillError::Denied(message.into())
}

impl SkillError {
    /// What the error says, whatever its kind.
    pub fn text(&self) -> &str {
        match self {
            SkillError::InvalidInput(m) | SkillError::Failed(m) | SkillError::Denied(m) => m,
        }
    }

    /// The same kind of error, its text prefixed with `step: ` — how a flow
    /// says which of its steps failed.
    pub fn in_step(self, step: &str) -> SkillError {
        match self {
            SkillError::InvalidInput(m) => invalid_input(format!("{step}: {m}")),
            SkillError::Failed(m) => failed(format!("{step}: {m}")),
            SkillError::Denied(m) => denied(format!("{step}: {m}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_names_itself_and_keeps_the_kind() {
        let e = denied("no judge").in_step("council");
        assert_eq!(e.text(), "council: no judge");
        assert!(matches!(e, SkillError::Denied(_)));
        assert!(matches!(failed("x").in_step("vibe"), SkillError::Failed(m) if m == "vibe: x"));
    }

    #[test]
    fn the_worst_finding_decides_the_verdict() {
        let f = |s| Finding::new("t/r", s, "m");
        assert_eq!(Outcome::from_findings(vec![]).verdict, Verdict::Pass);
        assert_eq!(Outcome::from_findings(vec![f(Severity::Info)]).verdict, Verdict::Pass);
        assert_eq!(Outcome::from_findings(vec![f(Severity::Info), f(Severity::Minor)]).verdict, Verdict::Warn);
        assert_eq!(Outcome::from_findings(vec![f(Severity::Critical), f(Severity::Minor)]).verdict, Verdict::Fail);
    }

    #[test]
    fn builders_fill_the_fields() {
        let f = Finding::new("a/b", Severity::Minor, "msg").at("src/x.rs", 3).fix("do y");
        assert_eq!((f.path.as_deref(), f.line, f.fix.as_deref()), (Some("src/x.rs"), Some(3), Some("do y")));
        let o = Outcome::pass().message("m").context("c").data(&[1, 2]);
        assert_eq!(
            (o.message.as_deref(), o.context.as_deref(), o.data.as_deref()),
            (Some("m"), Some("c"), Some("[1,2]"))
        );
    }
}
