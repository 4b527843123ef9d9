//! `lookup`: the ledger's items ranked for a query, near-duplicates
//! collapsed, read back in full from their files.

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

    /// The best `limit` distinct items for `query`.
    pub fn lookup(
        &self,
        query: &Query<'_>,
        limit: usize,
        now: Timestamp,
    ) -> Result<(Vec<Hit>, Vec<FileError>), LedgerError> {
        let mut retrieval = self.retrieve(query, now)?;
        let hits = retrieval.hits(|_, _| true).take(limit).collect();
        Ok((hits, std::mem::take(&mut retrieval.errors)))
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
            Some(Hit { item, rank: r.clone() })
        })
    }
}
