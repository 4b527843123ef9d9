//! `learn add`: turn a draft into a scored, tiered learning with provenance.
//!
//! The draft is scored against the active items already in the ledger (for
//! novelty, with the BM25F index built in memory from the items just loaded), its quality decides the tier, and a discard-tier draft is refused
//! unless forced. Provenance (commit, author) comes from git when the project
//! is a repository. The file is created atomically and never overwrites: the
//! same lesson captured twice on one day has the same id and is refused.

use crate::error::LedgerError;
use crate::frontmatter::DEFAULT_CATEGORY;
use crate::ids::derive_id;
use crate::index::Index;
use crate::item::{Citations, DEFAULT_UTILITY, Item, Kind, Source, Status, Tier};
use crate::provenance::{Provenance, provenance};
use crate::scoring::{ScoreInput, Similar, first_heading, quality, score};
use crate::store::{Ledger, WriteMode};
use crate::time::Timestamp;

/// A learning as an agent or a person proposes it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Draft {
    /// One line; when blank, the body's first heading is used.
    pub title: String,
    /// Markdown.
    pub body: String,
    pub category: Option<String>,
    pub tags: Vec<String>,
    /// Globs of the files the learning is about.
    pub paths: Vec<String>,
    /// The author's confidence in [0, 1], if they state one.
    pub confidence: Option<f64>,
    pub session: Option<String>,
    pub transcript: Option<String>,
}

impl Ledger {
    /// Scores `draft`, assigns its tier and writes it as a new learning.
    ///
    /// Fails with [`LedgerError::Discarded`] when the quality falls below the
    /// bronze threshold and `force` is false, and with [`LedgerError::Exists`]
    /// when the same content was already captured today.
    pub fn add_learning(&self, draft: &Draft, now: Timestamp, force: bool) -> Result<Item, LedgerError> {
        let git = provenance(self.root())?;
        let index = Index::from_items(&self.load().items);
        let item = self.learning(draft, &index, &git, now)?;
        if let (Some(Tier::Discard), Some(quality), Some(scores), false) = (item.tier, item.quality, item.scores, force)
        {
            return Err(LedgerError::Discarded { quality, bronze: self.config().tiers.bronze, scores });
        }
        self.write(&item, WriteMode::Create)?;
        Ok(item)
    }

    /// The learning `draft` becomes, not yet written: scored (novelty
    /// against `similar`, the ledger's active items), tiered, with the
    /// draft's provenance and `git`'s. Shared by `learn add` and `forge`.
    pub(crate) fn learning(
        &self,
        draft: &Draft,
        similar: &dyn Similar,
        git: &Provenance,
        now: Timestamp,
    ) -> Result<Item, LedgerError> {
        let title = title_of(draft)?;
        let body = draft.body.trim();
        let source = Source {
            session: draft.session.clone(),
            transcript: draft.transcript.clone(),
            commit: git.commit.clone(),
            author: git.author.clone(),
        };
        let input = ScoreInput {
            title: &title,
            body,
            paths: &draft.paths,
            declared_confidence: draft.confidence,
            has_commit: source.commit.is_some(),
            has_session: source.session.is_some() || source.transcript.is_some(),
        };
        let scores = score(&input, similar);
        let quality = quality(&scores, &self.config().weights);
        let tier = self.config().tiers.tier(quality);
        Ok(Item {
            id: derive_id(Kind::Learning, &title, body, now),
            kind: Kind::Learning,
            title,
            category: draft.category.clone().unwrap_or_else(|| DEFAULT_CATEGORY.to_string()),
            tags: draft.tags.clone(),
            paths: draft.paths.clone(),
            created: now,
            updated: now,
            last_applied: None,
            source,
            scores: Some(scores),
            quality: Some(quality),
            tier: Some(tier),
            utility: DEFAULT_UTILITY,
            citations: Citations::default(),
            status: Status::Active,
            supersedes: Vec::new(),
            superseded_by: None,
            extra: Default::default(),
            // A blank line after the frontmatter, for people reading the file.
            body: if body.is_empty() { String::new() } else { format!("\n{body}\n") },
        })
    }
}

/// The draft's title on one line, or its body's first heading.
fn title_of(draft: &Draft) -> Result<String, LedgerError> {
    let title = draft.title.split_whitespace().collect::<Vec<_>>().join(" ");
    if !title.is_empty() {
        return Ok(title);
    }
    first_heading(&draft.body).filter(|h| !h.is_empty()).ok_or_else(|| LedgerError::Conflict {
        message: "the learning has no title".into(),
        hint: "give a one-line title, or start the body with a `# heading`".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_one_line_or_the_first_heading() {
        let draft = |title: &str, body: &str| Draft { title: title.into(), body: body.into(), ..Draft::default() };
        assert_eq!(title_of(&draft(" Use\n nextest ", "")).unwrap(), "Use nextest");
        assert_eq!(title_of(&draft("", "intro\n\n## Pin git2\n")).unwrap(), "Pin git2");
        assert!(matches!(title_of(&draft(" ", "no heading")), Err(LedgerError::Conflict { .. })));
    }
}
