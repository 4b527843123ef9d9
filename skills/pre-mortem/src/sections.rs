//! The parts a plan needs, and the headings (or `Label:` paragraphs) that
//! name them. A heading names a part when it holds one of the part's
//! synonyms and little else, so "Risks and mitigations" and "2. Rollback
//! plan" are recognised while a step headed "Test the new index" is not.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SectionKind {
    Goal,
    Scope,
    NonGoals,
    Steps,
    Risks,
    Rollback,
    TestPlan,
    AcceptanceCriteria,
}

impl SectionKind {
    pub const ALL: [SectionKind; 8] = [
        SectionKind::Goal,
        SectionKind::Scope,
        SectionKind::NonGoals,
        SectionKind::Steps,
        SectionKind::Risks,
        SectionKind::Rollback,
        SectionKind::TestPlan,
        SectionKind::AcceptanceCriteria,
    ];

    /// How the part is called in messages.
    pub fn label(self) -> &'static str {
        match self {
            SectionKind::Goal => "goal",
            SectionKind::Scope => "scope",
            SectionKind::NonGoals => "non-goals",
            SectionKind::Steps => "steps",
            SectionKind::Risks => "risks",
            SectionKind::Rollback => "rollback",
            SectionKind::TestPlan => "test plan",
            SectionKind::AcceptanceCriteria => "acceptance criteria",
        }
    }

    /// Phrases that name the part anywhere in a heading. Nouns only: a verb
    /// such as "revert" or "test" is more often a step's own heading.
    fn synonyms(self) -> &'static [&'static str] {
        match self {
            SectionKind::Goal => &[
                "goal",
                "goals",
                "objective",
                "objectives",
                "purpose",
                "aim",
                "aims",
                "motivation",
                "problem statement",
                "problem",
                "why",
                "intent",
                "desired outcome",
            ],
            SectionKind::Scope => &["scope", "in scope", "whats in scope", "deliverables"],
            SectionKind::NonGoals => &[
                "non-goals",
                "non goals",
                "nongoals",
                "non-goal",
                "out of scope",
                "not in scope",
                "wont do",
                "will not do",
                "exclusions",
                "anti-goals",
            ],
            SectionKind::Steps => &[
                "steps",
                "step by step",
                "implementation",
                "implementation plan",
                "implementation steps",
                "tasks",
                "task list",
                "milestones",
                "phases",
                "work breakdown",
                "plan of work",
                "work plan",
                "action items",
                "execution plan",
                "procedure",
            ],
            SectionKind::Risks => &[
                "risks",
                "risk",
                "risk assessment",
                "what could go wrong",
                "failure modes",
                "pre-mortem",
                "premortem",
                "concerns",
                "threats",
                "pitfalls",
            ],
            SectionKind::Rollback => &[
                "rollback",
                "roll back",
                "roll-back",
                "rollback plan",
                "revert plan",
                "reverting",
                "backout",
                "back-out plan",
                "backout plan",
                "undo plan",
                "recovery",
                "recovery plan",
                "exit plan",
                "escape hatch",
            ],
            SectionKind::TestPlan => &[
                "test plan",
                "tests",
                "testing",
                "testing plan",
                "test strategy",
                "testing strategy",
                "verification",
                "validation",
                "how to test",
                "how to verify",
                "qa",
            ],
            SectionKind::AcceptanceCriteria => &[
                "acceptance criteria",
                "acceptance",
                "definition of done",
                "done when",
                "done criteria",
                "success criteria",
                "exit criteria",
                "success metrics",
                "success measures",
            ],
        }
    }

    /// Headings that name the part only when they say nothing else.
    fn exact(self) -> &'static [&'static str] {
        match self {
            SectionKind::Steps => &["plan", "approach", "how"],
            _ => &[],
        }
    }
}

/// Words a heading may hold besides a synonym and still name the part.
const FILLER: &[&str] =
    &["and", "or", "the", "a", "an", "of", "for", "to", "our", "we", "how", "what", "with", "in", "on", "its", "this"];

/// A heading's words: lower case, punctuation and leading numbering dropped
/// (`2.` `(b)` `Step 3:`), apostrophes removed (`what's` reads `whats`).
fn normalize(heading: &str) -> String {
    let lower = heading.to_lowercase().replace(['\'', '’'], "");
    let spaced: String = lower.chars().map(|c| if c.is_alphanumeric() || c == '-' { c } else { ' ' }).collect();
    let words: Vec<&str> = spaced.split_whitespace().collect();
    let skip = words.iter().take_while(|w| w.chars().all(|c| c.is_ascii_digit() || c == '-')).count();
    words[skip..].join(" ")
}

/// The parts a heading names; more than one for "Scope and non-goals".
pub fn recognize(heading: &str) -> Vec<SectionKind> {
    let normalized = normalize(heading);
    if let Some(kind) = SectionKind::ALL.iter().find(|kind| kind.exact().contains(&normalized.as_str())) {
        return vec![*kind];
    }
    let mut synonyms: Vec<(SectionKind, &str)> =
        SectionKind::ALL.iter().flat_map(|&kind| kind.synonyms().iter().map(move |s| (kind, *s))).collect();
    synonyms.sort_by_key(|(_, synonym)| std::cmp::Reverse(synonym.len()));
    let mut rest = format!(" {normalized} ");
    let mut kinds = Vec::new();
    for (kind, synonym) in synonyms {
        let padded = format!(" {synonym} ");
        if rest.contains(&padded) {
            rest = rest.replace(&padded, "  ");
            if !kinds.contains(&kind) {
                kinds.push(kind);
            }
        }
    }
    let left_over = rest.split_whitespace().filter(|word| !FILLER.contains(word)).count();
    if left_over > 2 {
        return Vec::new();
    }
    kinds.sort();
    kinds
}

/// The part a `Label:` paragraph names (`**Rollback:** revert the deploy`),
/// and the text after the label. The whole label must be a synonym.
pub fn label(paragraph: &str) -> Option<(SectionKind, &str)> {
    let (label, rest) = paragraph.split_once(':')?;
    let label = normalize(label);
    let kind = SectionKind::ALL
        .iter()
        .find(|kind| kind.synonyms().contains(&label.as_str()) || kind.exact().contains(&label.as_str()))?;
    Some((*kind, rest.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use SectionKind::*;

    #[test]
    fn headings_name_parts_by_synonym() {
        let cases: &[(&str, &[SectionKind])] = &[
            ("Goal", &[Goal]),
            ("## 1. Objectives", &[Goal]),
            ("Scope and non-goals", &[Scope, NonGoals]),
            ("Out of scope", &[NonGoals]),
            ("What's in scope", &[Scope]),
            ("Implementation plan", &[Steps]),
            ("Plan", &[Steps]),
            ("Risks and mitigations", &[Risks]),
            ("What could go wrong?", &[Risks]),
            ("Rollback plan", &[Rollback]),
            ("Roll-back", &[Rollback]),
            ("Testing strategy", &[TestPlan]),
            ("Test plan", &[TestPlan]),
            ("Definition of Done", &[AcceptanceCriteria]),
            ("Acceptance criteria", &[AcceptanceCriteria]),
        ];
        for (heading, kinds) in cases {
            assert_eq!(recognize(heading), *kinds, "{heading}");
        }
    }

    #[test]
    fn other_headings_name_nothing() {
        for heading in [
            "Background",
            "Step 3: Test the new index",
            "Revert the old schema",
            "Plan for the migration of user accounts",
            "Open questions",
            "",
            "###",
        ] {
            assert_eq!(recognize(heading), [], "{heading}");
        }
    }

    #[test]
    fn label_paragraphs_name_parts() {
        assert_eq!(label("Rollback: revert the deploy"), Some((Rollback, "revert the deploy")));
        assert_eq!(label("Definition of done: all green"), Some((AcceptanceCriteria, "all green")));
        assert_eq!(label("Note: the rollback is manual"), None);
        assert_eq!(label("no colon here"), None);
    }
}
