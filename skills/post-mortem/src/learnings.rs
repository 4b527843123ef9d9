//! The learnings of one run, each listed once: the ids of those the ledger
//! holds and the drafts of those it was not given (for a person to keep with
//! `agentops learn add`). The transcript and the findings can teach the same
//! thing; the ledger gives the same lesson the same id, and a draft whose
//! title is already listed is the same draft.

use agentops_skill_sdk::{LearningDraft, ledger};

#[derive(Debug, Default)]
pub struct Learnings {
    /// Ids of the learnings written to the ledger (or found there already).
    pub written: Vec<String>,
    /// The learnings the ledger was not given.
    pub drafts: Vec<LearningDraft>,
    /// Why the first draft was not written.
    pub refused: Option<String>,
}

impl Learnings {
    pub fn add_written(&mut self, id: String) {
        if !self.written.contains(&id) {
            self.written.push(id);
        }
    }

    pub fn add_draft(&mut self, draft: LearningDraft, refused: &str) {
        self.refused.get_or_insert_with(|| refused.to_string());
        if !self.drafts.iter().any(|kept| same_title(&kept.title, &draft.title)) {
            self.drafts.push(draft);
        }
    }

    /// Proposes each draft to the ledger; what it refuses stays a draft.
    pub fn propose(&mut self, drafts: Vec<LearningDraft>) {
        for draft in drafts {
            match ledger::propose_learning(&draft) {
                Ok(id) => self.add_written(id),
                Err(e) => self.add_draft(draft, &e),
            }
        }
    }
}

/// Titles equal but for case and spacing.
fn same_title(a: &str, b: &str) -> bool {
    let words = |t: &str| t.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>();
    words(a) == words(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(title: &str) -> LearningDraft {
        LearningDraft {
            title: title.into(),
            body: String::new(),
            category: "review".into(),
            tags: vec![],
            confidence: 0.6,
        }
    }

    #[test]
    fn each_learning_is_listed_once() {
        let mut l = Learnings::default();
        l.add_written("L-1".into());
        l.add_written("L-1".into());
        l.add_draft(draft("Run `cargo check` after a rename"), "needs ledger.write");
        l.add_draft(draft("run `cargo check`  after a RENAME"), "another reason");
        l.add_draft(draft("Recurring `vibe/debug-leftover`"), "another reason");
        assert_eq!(l.written, ["L-1"]);
        let titles: Vec<&str> = l.drafts.iter().map(|d| d.title.as_str()).collect();
        assert_eq!(titles, ["Run `cargo check` after a rename", "Recurring `vibe/debug-leftover`"]);
        assert_eq!(l.refused.as_deref(), Some("needs ledger.write"), "the first reason is the one told");
    }
}
