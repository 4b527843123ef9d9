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

use std::collections::HashMap;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use super::codec::{Reader, Writer};
use super::{Doc, DocMeta, FIELDS, Index};
use crate::atomic::write_atomic;
use crate::error::{FileError, LedgerError};
use crate::frontmatter::parse;
use crate::item::{Kind, Status, Tier};
use crate::store::Ledger;
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
        let (built_at, mut old) = std::fs::read(&cache_path).ok().and_then(|b| decode(&b)).unwrap_or_default();
        let mut previous: HashMap<String, Doc> = old.docs.drain(..).map(|d| (d.rel.clone(), d)).collect();
        let mut index = old;
        let (files, mut errors) = self.item_files();
        let (mut changed, mut racy, mut reindexed) = (false, false, 0);
        for path in files {
            let rel = relative(self.dir(), &path);
            let Some(stamp) = stat(&path) else {
                changed = true;
                continue;
            };
            let known = previous.remove(&rel);
            let is_racy = stamp.mtime_secs >= built_at - RACY_SECS;
            racy |= is_racy;
            match known {
                Some(doc) if doc.stamp.same_file(&stamp) && !is_racy => index.docs.push(doc),
                known => {
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
        changed |= !previous.is_empty();
        if changed || racy {
            index.compact();
            let dir = cache_path.parent().expect("CACHE_FILE has a folder");
            std::fs::create_dir_all(dir).map_err(|e| LedgerError::io(dir, e))?;
            write_atomic(&cache_path, &encode(&index, unix_now()))?;
        }
        Ok(Refreshed { index, errors, reindexed })
    }
}

impl Stamp {
    fn same_file(&self, other: &Stamp) -> bool {
        (self.size, self.mtime_secs, self.mtime_nanos) == (other.size, other.mtime_secs, other.mtime_nanos)
    }
}

fn stat(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    let mtime = meta.modified().ok()?;
    let (secs, nanos) = match mtime.duration_since(UNIX_EPOCH) {
        Ok(d) => (i64::try_from(d.as_secs()).ok()?, d.subsec_nanos()),
        Err(e) => (-i64::try_from(e.duration().as_secs()).ok()?, e.duration().subsec_nanos()),
    };
    Some(Stamp { size: meta.len(), mtime_secs: secs, mtime_nanos: nanos, hash: [0; 16] })
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

/// `learnings/L-1.md`: the path under `.agents/`, with `/` separators.
fn relative(dir: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(dir).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
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
        w.u64(doc.terms.len() as u64);
        for (term, tf) in &doc.terms {
            w.u32(*term);
            for f in tf {
                w.u32(*f);
            }
        }
    }
    w.buf
}

const STATUSES: [Status; 3] = [Status::Active, Status::Superseded, Status::Retired];
const TIERS: [Tier; 4] = [Tier::Discard, Tier::Bronze, Tier::Silver, Tier::Gold];

/// The cache's write time and index, or `None` when it cannot be trusted.
pub(super) fn decode(bytes: &[u8]) -> Option<(i64, Index)> {
    let rest = bytes.strip_prefix(MAGIC)?;
    let mut r = Reader::new(rest);
    if r.u32()? != FORMAT {
        return None;
    }
    let built_at = r.i64()?;
    let mut index = Index::default();
    let terms = r.u64()?;
    for _ in 0..terms {
        let term = r.str()?;
        index.intern(term);
    }
    if index.vocab.len() as u64 != terms {
        return None;
    }
    let docs = r.u64()?;
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
        let mut terms = Vec::with_capacity(usize::try_from(count.min(1 << 16)).ok()?);
        for _ in 0..count {
            let term = r.u32()?;
            if term as usize >= index.vocab.len() {
                return None;
            }
            terms.push((term, [r.u32()?, r.u32()?, r.u32()?]));
        }
        let meta = DocMeta { id, kind, status, tier, utility, updated, last_applied, paths };
        index.docs.push(Doc { rel, stamp, meta, len, terms });
    }
    r.is_empty().then_some((built_at, index))
}
