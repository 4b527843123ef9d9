//! `lookup`: the ledger's items ranked for a query, near-duplicates
//! collapsed, read back in full from their files.

use std::path::PathBuf;

use crate::dedupe::distinct;
use crate::error::{FileError, LedgerError};
use crate::frontmatter::parse;
use crate::index::par::joined;
use crate::index::{DocMeta, Index, Refreshed};
use crate::item::Item;
use crate::rank::{Query, Ranked, Ranking, word_scores};
use crate::semantic::{EMBED_BUDGET, Encoder, ItemVectors, check_vector};
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
    ranking: Ranking,
    /// Multiplies every score on the way out (the global ledger's weight).
    weight: f64,
    /// Item files that could not be read.
    pub errors: Vec<FileError>,
}

impl Ledger {
    /// Ranks the active items for `query` at `now`.
    pub fn retrieve(&self, query: &Query<'_>, now: Timestamp) -> Result<Retrieval, LedgerError> {
        let encoder = self.encoder().filter(|_| !crate::index::tokens(query.text).is_empty());
        let rank = || match encoder {
            Some(encoder) => self.rank_by_meaning(query, encoder.as_ref(), now),
            None => self.rank_by_words(query, now),
        };
        let (mut refreshed, mut ranking) = rank()?;
        if refreshed.index.damaged() {
            // A part of the cache read only now was damaged: start over
            // from the files.
            let _ = std::fs::remove_file(self.dir().join(crate::index::CACHE_FILE));
            (refreshed, ranking) = rank()?;
        }
        Ok(Retrieval {
            dir: self.dir().to_path_buf(),
            index: refreshed.index,
            ranking,
            weight: 1.0,
            errors: refreshed.errors,
        })
    }

    /// The ranking with the query's meaning blended in: the encoder is
    /// opened and the query embedded while the index is checked and the
    /// items' vectors are found
    /// (those without one embedded within [`EMBED_BUDGET`]); then its words
    /// are scored on one core while the items nearest in meaning are
    /// compared on the other; every item's similarity is then blended into
    /// its relevance.
    fn rank_by_meaning(
        &self,
        query: &Query<'_>,
        encoder: &dyn Encoder,
        now: Timestamp,
    ) -> Result<(Refreshed, Ranking), LedgerError> {
        let config = self.config();
        let (refreshed, words, sims) = std::thread::scope(|s| {
            let vector = s.spawn(|| encoder.open().ok().map(|()| encoder.embed(query.text)));
            let refreshed = self.index()?;
            encoder.open().map_err(LedgerError::Encoder)?;
            let items = ItemVectors::find(self, &refreshed, encoder, EMBED_BUDGET)?;
            let (near, words) = std::thread::scope(|s| {
                let words = s.spawn(|| word_scores(&refreshed.index, query));
                let vector = joined(vector).ok_or_else(|| LedgerError::Encoder("the encoder failed to open".into()))?;
                check_vector(&vector, encoder)?;
                let near = items.near(&vector, config.semantic_exact_up_to, config.semantic_shortlist);
                Ok::<_, LedgerError>((near, joined(words)))
            })?;
            let sims = near.with_words(&words);
            Ok::<_, LedgerError>((refreshed, words, sims))
        })?;
        let meaning = Some((sims.as_slice(), config.semantic_weight, config.semantic_floor));
        let ranking = Ranking::blended(&refreshed.index, query, words, meaning, config.half_life_days, now);
        ranking.get(&refreshed.index, 0);
        Ok((refreshed, ranking))
    }

    /// The ranking by words alone, computed (and the best items sorted)
    /// while the files are checked.
    fn rank_by_words(&self, query: &Query<'_>, now: Timestamp) -> Result<(Refreshed, Ranking), LedgerError> {
        self.index_then(|index: &Index| {
            let ranking = Ranking::new(index, query, self.config().half_life_days, now);
            ranking.get(index, 0);
            ranking
        })
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
        let (global_ledger, error) = self.global();
        let mut errors = error.into_iter().collect::<Vec<_>>();
        let global = match global_ledger.as_ref().map(|g| g.retrieve(query, now)) {
            Some(Ok(mut r)) => {
                r.weight = self.config().global_weight;
                Some(r)
            }
            Some(Err(LedgerError::File(e))) => {
                errors.push(e);
                None
            }
            Some(Err(e)) => return Err(e),
            None => None,
        };
        Ok(Both { project, global, global_ledger, errors })
    }
}

/// The project's ranking and the user-global one's, read as one.
#[derive(Debug)]
pub struct Both {
    project: Retrieval,
    global: Option<Retrieval>,
    /// The user-global ledger the global hits come from, where their
    /// citations go.
    global_ledger: Option<Ledger>,
    /// Files of either ledger that could not be read.
    pub errors: Vec<FileError>,
}

/// A ranked item not read yet, with the token estimate of its inject
/// block as indexed.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    pub rank: Ranked,
    pub global: bool,
    pub tokens: usize,
}

impl Both {
    /// The user-global ledger, when one was read.
    pub fn global_ledger(&self) -> Option<&Ledger> {
        self.global_ledger.as_ref()
    }

    /// The hits of both rankings, best first (global scores weighted); a
    /// global item with an id the project has is left out.
    pub fn hits<'a>(&'a self, keep: impl Fn(&DocMeta, &Ranked) -> bool + 'a) -> impl Iterator<Item = Hit> + 'a {
        self.candidates(keep).filter_map(move |c| self.read(c))
    }

    /// What [`hits`](Self::hits) walks, before reading any item file.
    pub(crate) fn candidates<'a>(
        &'a self,
        keep: impl Fn(&DocMeta, &Ranked) -> bool + 'a,
    ) -> impl Iterator<Item = Candidate> + 'a {
        let keep = std::rc::Rc::new(keep);
        let k = keep.clone();
        let candidate = |r: &'a Retrieval, global: bool| {
            move |rank: Ranked| Candidate { tokens: r.index.row(rank.pos).tokens as usize, rank, global }
        };
        let mut project = self.project.candidates(move |m, r| k(m, r)).map(candidate(&self.project, false)).peekable();
        let mut global = self
            .global
            .iter()
            .flat_map(move |g| {
                let keep = keep.clone();
                // The project's own copy of a harvested item wins.
                g.candidates(move |m, r| keep(m, r) && !self.project.index.contains_id(&m.id)).map(candidate(g, true))
            })
            .peekable();
        std::iter::from_fn(move || match (project.peek(), global.peek()) {
            (Some(p), Some(g)) if g.rank.score > p.rank.score => global.next(),
            (Some(_), _) => project.next(),
            (None, _) => global.next(),
        })
    }

    /// The item of `c`, read from its file; `None` when it cannot be read.
    pub(crate) fn read(&self, c: Candidate) -> Option<Hit> {
        let source = if c.global { self.global.as_ref()? } else { &self.project };
        let mut hit = source.read(c.rank)?;
        hit.global = c.global;
        Some(hit)
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
        self.candidates(keep).filter_map(move |r| self.read(r))
    }

    /// The ranked items [`hits`](Self::hits) would read, not read yet.
    pub(crate) fn candidates<'a>(
        &'a self,
        keep: impl Fn(&DocMeta, &Ranked) -> bool + 'a,
    ) -> impl Iterator<Item = Ranked> + 'a {
        distinct(&self.index, self.ranking.iter(&self.index))
            .map(move |mut r| {
                r.score *= self.weight;
                r
            })
            .filter(move |r| keep(&self.index.meta(r.pos), r))
    }

    /// The item ranked as `r`, read from its file.
    pub(crate) fn read(&self, r: Ranked) -> Option<Hit> {
        let path = self.dir.join(self.index.rel(r.pos));
        let item = std::fs::read(&path).ok().and_then(|bytes| parse(&path, &bytes).ok())?;
        Some(Hit { item, rank: r, global: false })
    }
}
