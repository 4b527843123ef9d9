//! The index persisted under `.agents/cache/index.bin`, verified and brought
//! up to date on every read, so it is never stale and never wrong.
//!
//! Each document remembers the stamp of the file it came from: size, mtime
//! and a blake3 hash of the content. A read lists the item files and stats
//! each one; a file whose size and mtime match is trusted, except when its
//! mtime is within [`RACY_SECS`] of the moment the cache was written (a file
//! can change again within the filesystem's timestamp granularity): such a
//! "racy" file is re-read and its hash compared, as git does for its index.
//! Changed and new files are re-tokenized, removed ones dropped, and the cache
//! is rewritten atomically when anything changed. A cache that is missing,
//! truncated, corrupt or of another format is rebuilt from the files.
//!
//! The mtime is only a change detector for this cache: no item timestamp
//! ever comes from it.
//!
//! Cost of a read: one listing walk and one `statx` per file
//! ([`Ledger::list_items`]), merged with the cached documents in one pass
//! (both are in listing order, see [`order`]); the cache bytes are read once
//! and kept by the [`Index`], whose documents' terms stay encoded in them
//! until a query or a rewrite streams them ([`super::Terms`]).

use std::time::{SystemTime, UNIX_EPOCH};

use super::codec::{Reader, Writer};
use super::{Doc, DocMeta, FIELDS, Index, Terms};
use crate::atomic::write_atomic;
use crate::error::{FileError, LedgerError};
use crate::frontmatter::parse;
use crate::item::{Kind, Status, Tier};
use crate::store::{Ledger, Stat};
use crate::time::Timestamp;

/// The cache file, relative to `.agents/`.
pub const CACHE_FILE: &str = "cache/index.bin";
const MAGIC: &[u8; 8] = b"AOLEDGX\0";
/// Bumped whenever the encoding or the tokenizer changes.
const FORMAT: u32 = 1;
/// An mtime this close to the cache's own write time is not trusted.
const RACY_SECS: i64 = 2;

/// Where a document was read from, to detect that the file changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Stamp {
    pub(super) size: u64,
    mtime_secs: i64,
    mtime_nanos: u32,
    hash: [u8; 16],
}

/// The up-to-date index, and what it took to get there.
#[derive(Debug)]
pub struct Refreshed {
    pub index: Index,
    /// Item files that could not be read; they are not in the index.
    pub errors: Vec<FileError>,
    /// Files tokenized during this read (all of them on a rebuild).
    pub reindexed: usize,
}

impl Ledger {
    /// The retrieval index of this ledger, verified against the files and
    /// updated incrementally; rewrites the cache file when anything changed.
    pub fn index(&self) -> Result<Refreshed, LedgerError> {
        let cache_path = self.dir().join(CACHE_FILE);
        let (built_at, mut old) = std::fs::read(&cache_path).ok().and_then(decode).unwrap_or_default();
        let mut previous = std::mem::take(&mut old.docs);
        // Documents are kept in listing order, so the listing and the cache
        // are merged in one pass; a cache in any other order is sorted first.
        if !previous.is_sorted_by(|a, b| order(&a.rel, &b.rel).is_lt()) {
            previous.sort_by(|a, b| order(&a.rel, &b.rel));
        }
        let mut previous = previous.into_iter().peekable();
        let mut index = old;
        let (files, mut errors) = self.list_items(true);
        index.docs.reserve(files.len());
        let (mut changed, mut racy, mut reindexed) = (false, false, 0);
        for listed in files {
            let rel = listed.rel;
            let mut known = None;
            while let Some(doc) = previous.next_if(|d| order(&d.rel, &rel).is_le()) {
                if doc.rel == rel {
                    known = Some(doc);
                } else {
                    changed = true; // removed since the cache was written
                }
            }
            let Some(stamp) = listed.meta.as_ref().and_then(stamp_of) else {
                changed = true;
                continue;
            };
            let is_racy = stamp.mtime_secs >= built_at - RACY_SECS;
            racy |= is_racy;
            match known {
                Some(doc) if doc.stamp.same_file(&stamp) && !is_racy => index.docs.push(doc),
                known => {
                    let path = self.dir().join(&rel);
                    let bytes = match std::fs::read(&path) {
                        Ok(bytes) => bytes,
                        Err(e) => {
                            errors.push(FileError::new(&path, None, format!("cannot read: {e}"), "check permissions"));
                            changed = true;
                            continue;
                        }
                    };
                    let stamp = Stamp { hash: hash(&bytes), ..stamp };
                    if let Some(doc) = known.filter(|d| d.stamp.same_file(&stamp) && d.stamp.hash == stamp.hash) {
                        index.docs.push(doc);
                        continue;
                    }
                    changed = true;
                    reindexed += 1;
                    match parse(&path, &bytes) {
                        Ok(item) => {
                            let doc = index.doc(&item, rel, stamp);
                            index.docs.push(doc);
                        }
                        Err(e) => errors.push(e),
                    }
                }
            }
        }
        changed |= previous.next().is_some();
        if changed || racy {
            index.compact();
            let dir = cache_path.parent().expect("CACHE_FILE has a folder");
            std::fs::create_dir_all(dir).map_err(|e| LedgerError::io(dir, e))?;
            write_atomic(&cache_path, &encode(&index, unix_now()))?;
        }
        Ok(Refreshed { index, errors, reindexed })
    }
}

/// The listing order of item files by their `.agents/`-relative path: kind
/// folders in [`Kind::ALL`] order, then file names.
fn order(a: &str, b: &str) -> std::cmp::Ordering {
    let folder = |rel: &str| rel.bytes().position(|c| c == b'/').unwrap_or(0);
    let (fa, fb) = (folder(a), folder(b));
    if a.as_bytes()[..fa] != b.as_bytes()[..fb] {
        let kind = |f: &str| Kind::ALL.iter().position(|k| k.folder() == f).unwrap_or(usize::MAX);
        return kind(&a[..fa]).cmp(&kind(&b[..fb])).then_with(|| a.cmp(b));
    }
    a.cmp(b)
}

impl Stamp {
    fn same_file(&self, other: &Stamp) -> bool {
        (self.size, self.mtime_secs, self.mtime_nanos) == (other.size, other.mtime_secs, other.mtime_nanos)
    }
}

fn stamp_of(meta: &Stat) -> Option<Stamp> {
    let mtime = meta.modified?;
    let (secs, nanos) = match mtime.duration_since(UNIX_EPOCH) {
        Ok(d) => (i64::try_from(d.as_secs()).ok()?, d.subsec_nanos()),
        Err(e) => (-i64::try_from(e.duration().as_secs()).ok()?, e.duration().subsec_nanos()),
    };
    Some(Stamp { size: meta.len, mtime_secs: secs, mtime_nanos: nanos, hash: [0; 16] })
}

fn hash(bytes: &[u8]) -> [u8; 16] {
    let full = blake3::hash(bytes);
    let mut out = [0; 16];
    out.copy_from_slice(&full.as_bytes()[..16]);
    out
}

fn unix_now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

pub(super) fn encode(index: &Index, built_at: i64) -> Vec<u8> {
    let mut w = Writer::default();
    w.buf.extend_from_slice(MAGIC);
    w.u32(FORMAT);
    w.i64(built_at);
    w.u64(index.vocab.len() as u64);
    for term in &index.vocab {
        w.str(term);
    }
    w.u64(index.docs.len() as u64);
    for doc in &index.docs {
        w.str(&doc.rel);
        let s = &doc.stamp;
        w.u64(s.size);
        w.i64(s.mtime_secs);
        w.u32(s.mtime_nanos);
        w.buf.extend_from_slice(&s.hash);
        let m = &doc.meta;
        w.str(&m.id);
        w.u32(Kind::ALL.iter().position(|k| *k == m.kind).unwrap_or_default() as u32);
        w.u32(STATUSES.iter().position(|s| *s == m.status).unwrap_or_default() as u32);
        w.u32(m.tier.and_then(|t| TIERS.iter().position(|x| *x == t)).map_or(0, |p| p as u32 + 1));
        w.f64(m.utility);
        w.i64(m.updated.unix());
        w.i64(m.last_applied.map_or(i64::MIN, Timestamp::unix));
        w.u64(m.paths.len() as u64);
        for p in &m.paths {
            w.str(p);
        }
        for len in doc.len {
            w.u32(len);
        }
        match &doc.terms {
            // Unchanged since read: the same bytes, as the vocabulary is too.
            Terms::Encoded { count, start, end } => {
                w.u64(*count);
                w.buf.extend_from_slice(&index.raw[*start..*end]);
            }
            Terms::Decoded(terms) => {
                w.u64(terms.len() as u64);
                for (term, tf) in terms {
                    w.u32(*term);
                    for f in tf {
                        w.u32(*f);
                    }
                }
            }
        }
    }
    w.buf
}

const STATUSES: [Status; 3] = [Status::Active, Status::Superseded, Status::Retired];
const TIERS: [Tier; 4] = [Tier::Discard, Tier::Bronze, Tier::Silver, Tier::Gold];

/// The cache's write time and index, or `None` when it cannot be trusted.
///
/// Terms stay encoded in the bytes, which the index keeps; they are checked
/// here (ids within the vocabulary, well-formed varints) without allocating.
pub(super) fn decode(bytes: Vec<u8>) -> Option<(i64, Index)> {
    let rest = bytes.strip_prefix(MAGIC)?;
    let mut r = Reader::new(rest);
    if r.u32()? != FORMAT {
        return None;
    }
    let built_at = r.i64()?;
    let mut index = Index::default();
    let terms = r.u64()?;
    // The vocabulary map is built only if a document is added.
    index.vocab = (0..terms).map(|_| r.str().map(str::to_string)).collect::<Option<_>>()?;
    let docs = r.u64()?;
    index.docs.reserve(usize::try_from(docs.min(bytes.len() as u64 / 16)).ok()?);
    for _ in 0..docs {
        let rel = r.str()?.to_string();
        let (size, mtime_secs, mtime_nanos) = (r.u64()?, r.i64()?, r.u32()?);
        let hash = r.bytes_fixed::<16>()?;
        let stamp = Stamp { size, mtime_secs, mtime_nanos, hash };
        let id = r.str()?.to_string();
        let kind = *Kind::ALL.get(r.u32()? as usize)?;
        let status = *STATUSES.get(r.u32()? as usize)?;
        let tier = match r.u32()? {
            0 => None,
            t => Some(*TIERS.get(t as usize - 1)?),
        };
        let utility = r.f64()?;
        let updated = Timestamp::from_unix(r.i64()?);
        let last_applied = Some(r.i64()?).filter(|t| *t != i64::MIN).map(Timestamp::from_unix);
        let paths = (0..r.u64()?).map(|_| r.str().map(str::to_string)).collect::<Option<Vec<_>>>()?;
        let mut len = [0; FIELDS];
        for l in &mut len {
            *l = r.u32()?;
        }
        let count = r.u64()?;
        let start = bytes.len() - r.remaining();
        let mut last = None;
        for _ in 0..count {
            let term = r.u32()?;
            if term as usize >= index.vocab.len() || last.is_some_and(|l| l >= term) {
                return None;
            }
            last = Some(term);
            for _ in 0..FIELDS {
                r.u32()?;
            }
        }
        let terms = Terms::Encoded { count, start, end: bytes.len() - r.remaining() };
        let meta = DocMeta { id, kind, status, tier, utility, updated, last_applied, paths };
        index.docs.push(Doc { rel, stamp, meta, len, terms });
    }
    if !r.is_empty() {
        return None;
    }
    index.raw = bytes;
    Some((built_at, index))
}
