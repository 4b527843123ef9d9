//! `lookup`: the ledger's items ranked for a query, near-duplicates
//! collapsed, read back in full from their files.

use std::collections::HashSet;
use std::path::PathBuf;

use crate::dedupe::distinct;
use crate::error::{FileError, LedgerError};
use crate::frontmatter::parse;
use crate::index::{DocMeta, Index};
use crate::item::Item;
use crate::rank::{Query, Ranked, rank};
use crate::store::Ledger;
use crate::time::Timestamp;

/// A retrieved item and why it ranked where it did.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub item: Item,
    pub rank: Ranked,
    /// Whether it comes from the user-global ledger (its score already
    /// weighted); citations of it go there.
    pub global: bool,
}

/// A ranking over the up-to-date index; items are read lazily, in order.
#[derive(Debug)]
pub struct Retrieval {
    dir: PathBuf,
    index: Index,
    ranked: Vec<Ranked>,
    /// Item files that could not be read.
    pub errors: Vec<FileError>,
}

impl Ledger {
    /// Ranks the active items for `query` at `now`.
    pub fn retrieve(&self, query: &Query<'_>, now: Timestamp) -> Result<Retrieval, LedgerError> {
        let refreshed = self.index()?;
        let ranked = rank(&refreshed.index, query, self.config().half_life_days, now);
        Ok(Retrieval { dir: self.dir().to_path_buf(), index: refreshed.index, ranked, errors: refreshed.errors })
    }

    /// The best `limit` distinct items for `query`, from this ledger and the
    /// user-global one.
    pub fn lookup(
        &self,
        query: &Query<'_>,
        limit: usize,
        now: Timestamp,
    ) -> Result<(Vec<Hit>, Vec<FileError>), LedgerError> {
        let both = self.retrieve_both(query, now)?;
        let hits = both.hits(|_, _| true).take(limit).collect();
        Ok((hits, both.into_errors()))
    }

    /// Ranks this ledger's items and, weighted by `global_weight`, those of
    /// the user-global ledger.
    pub fn retrieve_both(&self, query: &Query<'_>, now: Timestamp) -> Result<Both, LedgerError> {
        let project = self.retrieve(query, now)?;
        let (global, error) = self.global();
        let mut errors = error.into_iter().collect::<Vec<_>>();
        let global = match global.map(|g| g.retrieve(query, now)) {
            Some(Ok(mut r)) => {
                let weight = self.config().global_weight;
                r.ranked.iter_mut().for_each(|rank| rank.score *= weight);
                Some(r)
            }
            Some(Err(LedgerError::File(e))) => {
                errors.push(e);
                None
            }
            Some(Err(e)) => return Err(e),
            None => None,
        };
        // Ids the project has, so its own copy of a harvested item wins.
        let project_ids = match &global {
            Some(_) => project.index.metas().map(|m| m.id.clone()).collect(),
            None => HashSet::new(),
        };
        Ok(Both { project, global, project_ids, errors })
    }
}

/// The project's ranking and the user-global one's, read as one.
#[derive(Debug)]
pub struct Both {
    project: Retrieval,
    global: Option<Retrieval>,
    project_ids: HashSet<String>,
    /// Files of either ledger that could not be read.
    pub errors: Vec<FileError>,
}

impl Both {
    /// The hits of both rankings, best first (global scores weighted); a
    /// global item with an id the project has is left out.
    pub fn hits<'a>(&'a self, keep: impl Fn(&DocMeta, &Ranked) -> bool + 'a) -> impl Iterator<Item = Hit> + 'a {
        let keep = std::rc::Rc::new(keep);
        let k = keep.clone();
        let mut project = self.project.hits(move |m, r| k(m, r)).peekable();
        let mut global = self
            .global
            .iter()
            .flat_map(move |g| {
                let keep = keep.clone();
                g.hits(move |m, r| keep(m, r) && !self.project_ids.contains(&m.id))
            })
            .map(|mut hit| {
                hit.global = true;
                hit
            })
            .peekable();
        std::iter::from_fn(move || match (project.peek(), global.peek()) {
            (Some(p), Some(g)) if g.rank.score > p.rank.score => global.next(),
            (Some(_), _) => project.next(),
            (None, _) => global.next(),
        })
    }

    /// Every file error of both, and of their item reads so far.
    pub fn into_errors(self) -> Vec<FileError> {
        let mut errors = self.errors;
        errors.extend(self.project.errors);
        errors.extend(self.global.into_iter().flat_map(|g| g.errors));
        errors
    }
}

impl Retrieval {
    /// Distinct ranked items that `keep` accepts (given the indexed metadata
    /// and the ranking, so rejected items are never read), read from their
    /// files. An item whose file vanished since indexing is skipped.
    pub fn hits<'a>(&'a self, keep: impl Fn(&DocMeta, &Ranked) -> bool + 'a) -> impl Iterator<Item = Hit> + 'a {
        distinct(&self.index, &self.ranked).filter(move |r| keep(self.index.meta(r.pos), r)).filter_map(move |r| {
            let path = self.dir.join(self.index.rel(r.pos));
            let item = std::fs::read(&path).ok().and_then(|bytes| parse(&path, &bytes).ok())?;
            Some(Hit { item, rank: r.clone(), global: false })
        })
    }
}
