//! The index persisted under `.agents/cache/`, verified against the item
//! files on every read, so it is never stale and never wrong.
//!
//! Two files: the base (`index.bin`, see [`super::segment`]) and a small
//! delta on top of it (`index.delta`, see [`super::delta`]). A read:
//!
//! 1. takes the time (the reference for racy stamps, see [`super::fresh`]);
//! 2. stats each kind folder. A folder whose stamp is the one recorded, and
//!    not racy, has exactly the names recorded, so it is not listed: its
//!    names come from the cache. Any other folder is listed and merged with
//!    the recorded names (added, removed, renamed files);
//! 3. stats every item file (on all cores): a file whose stamp differs is
//!    re-read, and re-tokenized unless its content hash is unchanged; a
//!    racy one is re-read and its hash compared; item files that did not
//!    parse are re-read every time, so their errors are always reported;
//! 4. when anything changed, writes the changes as a new delta (or folds
//!    everything into a new base once the delta grows, see
//!    [`Delta::too_big`]), recording this read's start time and folder
//!    stamps.
//!
//! A missing, truncated, damaged or older-format base is rebuilt from the
//! files, parsing on all cores. A delta that is torn or belongs to another
//! base is ignored. Cache stamps are only change detectors: no item
//! timestamp ever comes from them.

use std::io;
use std::path::Path;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use super::delta::Delta;
use super::fresh::{Folder, FolderStamp, STAMP_BYTES, Stamp, open_folder};
use super::row::{Row, kind_code};
use super::segment::{Contents, FOLDERS, Record, Segment, TermFreq, Vocab};
use super::{Index, par, words_of};
use crate::atomic::write_atomic;
use crate::error::{FileError, LedgerError};
use crate::frontmatter::parse;
use crate::item::Kind;
use crate::store::Ledger;
use crate::watch::{self, CacheState, Token};

/// The base file, relative to `.agents/`.
pub const CACHE_FILE: &str = "cache/index.bin";
/// The delta file, relative to `.agents/`.
pub const DELTA_FILE: &str = "cache/index.delta";

/// Files per thread below which stats and parses stay on one thread.
const STATS_PER_THREAD: usize = 2048;
const PARSES_PER_THREAD: usize = 64;

/// The up-to-date index, and what it took to get there.
#[derive(Debug)]
pub struct Refreshed {
    pub index: Index,
    /// Item files that could not be read; they are not in the index.
    pub errors: Vec<FileError>,
    /// Files tokenized during this read (all of them on a rebuild).
    pub reindexed: usize,
    /// Kind folders listed (the others were trusted unchanged).
    pub listed: usize,
    /// The ledger's watcher vouched for the cache: no file was stat'ed.
    pub watched: bool,
    /// The cache this read found matching every file and left as it was.
    verified: Option<CacheState>,
}

impl Refreshed {
    fn new(index: Index, errors: Vec<FileError>, reindexed: usize, listed: usize) -> Refreshed {
        Refreshed { index, errors, reindexed, listed, watched: false, verified: None }
    }

    /// The persisted cache this index is, when the read found it matching
    /// every file: what results derived from the index can be keyed by.
    pub(crate) fn state(&self) -> Option<CacheState> {
        self.verified
    }
}

impl Ledger {
    /// How many item files the persisted index holds, from its header alone
    /// (`None` without one): a ledger's size for decisions that must cost
    /// nothing, such as starting a watcher.
    pub fn indexed_items(&self) -> Option<usize> {
        Segment::open(&self.dir().join(CACHE_FILE)).map(|seg| seg.docs())
    }

    /// The retrieval index of this ledger, verified against the files and
    /// updated incrementally; writes the cache when anything changed.
    pub fn index(&self) -> Result<Refreshed, LedgerError> {
        Ok(self.index_then(|_| ())?.0)
    }

    /// The index and `f` of it. While the files are being stat'ed, `f` runs
    /// on the index as cached (on the caller's thread, beside the stat
    /// threads); its result is kept when nothing changed, else `f` runs
    /// again on the updated index. `f` must only read the index.
    pub(crate) fn index_then<R>(&self, f: impl Fn(&Index) -> R) -> Result<(Refreshed, R), LedgerError> {
        self.index_at(unix_now(), f)
    }

    /// [`index_then`](Self::index_then), as if the read started at `started`
    /// (Unix seconds): tests move it forward to see stamps as old.
    pub(crate) fn index_at<R>(&self, started: i64, f: impl Fn(&Index) -> R) -> Result<(Refreshed, R), LedgerError> {
        // Asked before anything is read: a change after this is not vouched for.
        let token = watch::sync(self.dir());
        if let Some(token) = token
            && let Some(vouched) = self.vouched(token, &f)
        {
            return Ok(vouched);
        }
        let (mut force, mut plain) = (false, false);
        for _ in 0..3 {
            let Some((seg, delta, state)) = self.load_cache(plain) else { break };
            match self.refresh(seg, delta, state, started, force, &f)? {
                Verdict::Fresh(fresh) => {
                    if let (Some(token), Some(state)) = (token, fresh.0.verified) {
                        watch::write_vouch(self.dir(), token, state);
                    }
                    return Ok(*fresh);
                }
                // A folder trusted unchanged lost a file: list them all.
                Verdict::Relist => force = true,
                Verdict::WithoutDelta => plain = true,
                Verdict::Rebuild => break,
            }
        }
        let refreshed = self.rebuild(started)?;
        let r = f(&refreshed.index);
        Ok((refreshed, r))
    }

    /// The index as cached, when the watcher's `token` and the cache are
    /// those of the vouch: no change was seen since a read found this cache
    /// matching every file (see [`crate::watch`]). A cache that records
    /// files that did not parse is never vouched for, so their errors are
    /// reported by every read.
    fn vouched<R>(&self, token: Token, f: &impl Fn(&Index) -> R) -> Option<(Refreshed, R)> {
        let (vouched_token, vouched_state) = watch::read_vouch(self.dir())?;
        let (seg, delta, state) = self.load_cache(false)?;
        if vouched_token != token || vouched_state != state || !delta.broken.is_empty() {
            return None;
        }
        let (names, ends) = seg.names()?;
        let index = Index::assemble(seg, names, ends, &delta)?;
        let r = f(&index);
        let refreshed = Refreshed { watched: true, verified: Some(state), ..Refreshed::new(index, Vec::new(), 0, 0) };
        Some((refreshed, r))
    }

    /// The persisted base and the delta on top of it (an empty one when
    /// there is none, it is damaged or of another base, or `plain`), and
    /// which cache that is.
    fn load_cache(&self, plain: bool) -> Option<(Arc<Segment>, Delta, CacheState)> {
        let seg = Segment::open(&self.dir().join(CACHE_FILE))?;
        let delta = (!plain)
            .then(|| std::fs::read(self.dir().join(DELTA_FILE)).ok())
            .flatten()
            .and_then(|b| Some((Delta::decode(&b)?, b)))
            .filter(|(d, _)| d.base_id == seg.h.id && d.fits(seg.docs()));
        let (delta, sum) = match delta {
            // A delta ends with its checksum.
            Some((delta, bytes)) => (delta, bytes[bytes.len() - 16..].try_into().expect("16 bytes")),
            None => (plain_delta(&seg)?, [0; 16]),
        };
        let state = CacheState { base: seg.h.id, delta: sum };
        Some((Arc::new(seg), delta, state))
    }

    /// Verifies the base `seg` with `old` on top against the files and
    /// applies what changed; `force` lists every folder.
    fn refresh<R>(
        &self,
        seg: Arc<Segment>,
        old: Delta,
        state: CacheState,
        started: i64,
        force: bool,
        f: &impl Fn(&Index) -> R,
    ) -> Result<Verdict<R>, LedgerError> {
        let dir = self.dir();
        // The names are needed before the stats only to merge a listing.
        let mut names: Option<(Vec<u8>, Vec<u32>)> = None;
        // Base documents the delta removes or replaces.
        let mut dead = vec![false; seg.docs()];
        for p in old.tombstones.iter().copied().chain(old.docs.iter().filter_map(|(b, _)| *b)) {
            dead[p as usize] = true;
        }
        let mut plan = Plan { folders: old.folders, ..Plan::default() };
        let mut trusted = [false; FOLDERS];
        let mut opened: [Option<Folder>; FOLDERS] = Default::default();
        for (k, kind) in Kind::ALL.iter().enumerate() {
            let base = seg.h.folder_start[k] as usize..seg.h.folder_start[k + 1] as usize;
            let extra = (0..old.docs.len()).filter(|i| usize::from(kind_code(old.docs[*i].1.row.kind)) == k);
            let broken = old.broken.iter().filter(|(f, _)| usize::from(*f) == k).map(|(_, n)| n.as_str());
            let (folder, observed) = match open_with_stamp(dir, *kind) {
                Ok(found) => found,
                Err(e) => {
                    plan.leave_out(list_error(dir, *kind, &e), base.filter(|p| !dead[*p]), extra);
                    continue;
                }
            };
            let recorded = old.folders[k];
            trusted[k] = !force && observed == recorded && observed.is_none_or(|f| !f.stamp.racy(old.checked_at));
            if trusted[k] {
                plan.base.extend(base.filter(|p| !dead[*p]).map(|p| p as u32));
                plan.extra.extend(extra);
                plan.broken.extend(broken.map(|n| (k as u8, n.to_string())));
                opened[k] = folder;
                continue;
            }
            // Listed after its stamp was taken, so a later change shows.
            plan.listed += 1;
            let was_racy = recorded.is_some_and(|f| f.stamp.racy(old.checked_at));
            plan.dirty |= observed != recorded || (was_racy && observed.is_some_and(|f| !f.stamp.racy(started)));
            plan.folders[k] = observed;
            let listed = match folder.as_ref().map(Folder::list).transpose() {
                Ok(names) => names.unwrap_or_default(),
                Err(e) => {
                    plan.leave_out(list_error(dir, *kind, &e), base.filter(|p| !dead[*p]), extra);
                    continue;
                }
            };
            if names.is_none() {
                let Some(loaded) = seg.names() else { return Ok(Verdict::Rebuild) };
                names = Some(loaded);
            }
            let (blob, ends) = names.as_ref().expect("just loaded");
            let name = |p: usize| &blob[if p == 0 { 0 } else { ends[p - 1] as usize }..ends[p] as usize - 1];
            // Base documents first, in order: `plan.base` stays sorted.
            let expected: Vec<(&[u8], Expect)> = base
                .filter(|p| !dead[*p])
                .map(|p| (name(p), Expect::Base(p as u32)))
                .chain(extra.map(|i| (old.docs[i].1.name.as_bytes(), Expect::Extra(i))))
                .chain(broken.map(|n| (n.as_bytes(), Expect::Broken)))
                .collect();
            plan.merge(k as u8, &listed, &expected);
            opened[k] = folder;
        }

        // Delta documents, files that did not parse and new files: few,
        // stat'ed here. Every base document: on all cores.
        let mut jobs: Vec<Job> = Vec::new();
        for i in std::mem::take(&mut plan.extra) {
            let record = &old.docs[i].1;
            let k = usize::from(kind_code(record.row.kind));
            match stat_in(&mut opened, dir, k, &nul(&record.name)) {
                Ok(Some(s)) if s == record.stamp && !s.racy(old.checked_at) => {}
                Ok(Some(s)) => jobs.push(Job::new(k, record.name.as_bytes(), s, Origin::Extra(i), record.stamp)),
                Ok(None) if trusted[k] => return Ok(Verdict::Relist),
                Ok(None) => plan.gone_extra.push(i),
                Err(_) => {
                    plan.incomplete = true;
                    plan.gone_extra.push(i);
                }
            }
        }
        for (k, name) in std::mem::take(&mut plan.broken) {
            let k = usize::from(k);
            match stat_in(&mut opened, dir, k, &nul(&name)) {
                Ok(Some(s)) => jobs.push(Job::new(k, name.as_bytes(), s, Origin::Broken, Stamp::default())),
                Ok(None) if trusted[k] => return Ok(Verdict::Relist),
                Ok(None) => plan.forget_broken(k as u8, name.as_bytes()),
                Err(_) => plan.incomplete = true,
            }
        }
        for (k, name) in std::mem::take(&mut plan.new) {
            let k = usize::from(k);
            match stat_in(&mut opened, dir, k, &nul(&name)) {
                Ok(Some(s)) => jobs.push(Job::new(k, name.as_bytes(), s, Origin::New, Stamp::default())),
                Ok(None) => {} // not an item file (a folder, a dangling link)
                Err(_) => plan.incomplete = true,
            }
        }
        let plain = old.docs.is_empty() && old.tombstones.is_empty();
        let (suspects, index, early) = std::thread::scope(|s| {
            let stats = stat_base(s, dir, &seg, &plan.base);
            let index = names
                .or_else(|| seg.names())
                .and_then(|(names, ends)| Index::assemble(Arc::clone(&seg), names, ends, &old));
            let early = index.as_ref().map(f);
            (stats.join(), index, early)
        });
        let (Some(index), Some(suspects)) = (index, suspects) else {
            return Ok(if plain { Verdict::Rebuild } else { Verdict::WithoutDelta });
        };
        for (pos, expected, seen) in suspects {
            let k = seg.folder_of(pos as usize);
            match seen {
                Ok(Some(stamp)) => jobs.push(Job::new(k, index.name(pos as usize), stamp, Origin::Base(pos), expected)),
                Ok(None) if trusted[k] => return Ok(Verdict::Relist),
                Ok(None) => plan.gone_base.push(pos),
                Err(_) => {
                    plan.incomplete = true;
                    plan.skipped.push(pos);
                }
            }
        }
        let settled = jobs.is_empty() && plan.gone_base.is_empty() && plan.gone_extra.is_empty();
        if settled && !plan.dirty && !plan.incomplete {
            let verified = plan.errors.is_empty().then_some(state);
            let refreshed = Refreshed { verified, ..Refreshed::new(index, plan.errors, 0, plan.listed) };
            return Ok(Verdict::Fresh(Box::new((refreshed, early.expect("the index was assembled")))));
        }
        let results = read_all(dir, &jobs, |job| match job.origin {
            Origin::Base(pos) => seg.hash(pos as usize),
            Origin::Extra(i) => Some(old.docs[i].1.hash),
            Origin::Broken | Origin::New => None,
        });
        let mut update = Update::new(&index, old, started);
        update.delta.broken.retain(|entry| !plan.gone_broken.contains(entry));
        for (job, got) in jobs.iter().zip(results) {
            update.apply(&index, job, got, &mut plan);
        }
        update.delta.tombstones.extend(plan.gone_base.iter().copied());
        update.changed |= !plan.gone_base.is_empty();
        update.remove_extra(&plan.gone_extra);
        // The same documents: files that did not parse were read again, or
        // only stamps of folders or of racy files are to be recorded.
        let same = !update.changed && !plan.incomplete;
        let dirty = plan.dirty || update.dirty;
        let mut delta = update.finish(plan.folders);
        let (errors, reindexed, listed) = (plan.errors, plan.parsed, plan.listed);
        if same {
            if dirty && delta.too_big(seg.docs()) {
                self.merge(&seg, &delta, started)?;
            } else if dirty {
                self.write_delta(&delta)?;
            }
            let refreshed = Refreshed::new(index, errors, reindexed, listed);
            return Ok(Verdict::Fresh(Box::new((refreshed, early.expect("the index was assembled")))));
        }
        let index = if plan.incomplete {
            // Files that could not be checked are left out of this read,
            // and nothing is recorded.
            delta.tombstones.extend(plan.skipped);
            delta.tombstones.sort_unstable();
            delta.tombstones.dedup();
            index.rebase(&delta).ok_or_else(damaged)?
        } else if delta.too_big(seg.docs()) {
            drop(index);
            self.merge(&seg, &delta, started)?
        } else {
            self.write_delta(&delta)?;
            index.rebase(&delta).ok_or_else(damaged)?
        };
        let r = f(&index);
        Ok(Verdict::Fresh(Box::new((Refreshed::new(index, errors, reindexed, listed), r))))
    }

    /// Builds the index from the files alone and writes it as a new base.
    fn rebuild(&self, started: i64) -> Result<Refreshed, LedgerError> {
        let dir = self.dir();
        let (mut errors, mut incomplete) = (Vec::new(), false);
        let mut folders = [None; FOLDERS];
        let mut jobs: Vec<(usize, String)> = Vec::new();
        for (k, kind) in Kind::ALL.iter().enumerate() {
            match open_with_stamp(dir, *kind).and_then(|(f, s)| Ok((f.as_ref().map(Folder::list).transpose()?, s))) {
                Ok((names, observed)) => {
                    folders[k] = observed;
                    let mut names = names.unwrap_or_default();
                    names.sort_unstable();
                    jobs.extend(names.into_iter().map(|n| (k, n)));
                }
                Err(e) => {
                    errors.push(list_error(dir, *kind, &e));
                    incomplete = true;
                }
            }
        }
        let mut interner = Interner::new(None, 0, Vec::new());
        let (mut records, mut broken, mut reindexed) = (Vec::new(), Vec::new(), 0);
        // In batches, so that the words of only one batch are held as text.
        for batch in jobs.chunks(1024) {
            let results = par::chunks(batch, PARSES_PER_THREAD, |part| {
                let mut folders: [Option<Folder>; FOLDERS] = Default::default();
                part.iter()
                    .map(|(k, name)| match stat_in(&mut folders, dir, *k, &nul(name)) {
                        Ok(Some(stamp)) => Some(read_one(dir, *k, name.as_bytes(), stamp, None)),
                        Ok(None) => None,
                        Err(_) => Some(Got::Unstattable),
                    })
                    .collect()
            });
            for ((k, name), got) in batch.iter().zip(results) {
                match got {
                    None | Some(Got::Same(..)) => {}
                    Some(Got::Parsed(stamp, hash, parsed)) => {
                        reindexed += 1;
                        records.push(parsed.record(name.clone(), stamp, hash, &mut interner));
                    }
                    Some(Got::Broken(e)) => {
                        reindexed += 1;
                        errors.push(e);
                        broken.push((*k as u8, name.clone()));
                    }
                    Some(Got::Unreadable(e)) => {
                        errors.push(e);
                        broken.push((*k as u8, name.clone()));
                    }
                    Some(Got::Unstattable) => incomplete = true,
                }
            }
        }
        let vocab: Vec<&str> = interner.vocab.iter().map(String::as_str).collect();
        let bytes = super::segment::encode(&Contents {
            records: &records,
            vocab: &vocab,
            broken: &broken,
            folders,
            checked_at: started,
        });
        drop((vocab, records));
        if !incomplete {
            self.write_base(&bytes)?;
        }
        let seg = Segment::from_bytes(bytes).ok_or_else(damaged)?;
        let plain = plain_delta(&seg).ok_or_else(damaged)?;
        let index = Index::open(Arc::new(seg), &plain).ok_or_else(damaged)?;
        Ok(Refreshed::new(index, errors, reindexed, FOLDERS))
    }

    /// Folds `delta` into a new base written in place of `seg`.
    fn merge(&self, seg: &Arc<Segment>, delta: &Delta, started: i64) -> Result<Index, LedgerError> {
        let vocab = seg.vocab().ok_or_else(damaged)?;
        let forward = seg.all_forward().ok_or_else(damaged)?;
        let stamps = seg.stamps(0, seg.docs()).ok_or_else(damaged)?;
        let hashes = seg.section(super::segment::HASHES).ok_or_else(damaged)?.into_owned();
        let index = Index::open(Arc::clone(seg), delta).ok_or_else(damaged)?;
        let mut records = Vec::with_capacity(forward.len() + delta.docs.len());
        for (pos, terms) in forward.into_iter().enumerate().filter(|(p, _)| index.live(*p)) {
            records.push(Record {
                name: std::str::from_utf8(index.name(pos)).unwrap_or_default().to_string(),
                stamp: stamps[pos],
                hash: hashes[pos * 16..pos * 16 + 16].try_into().expect("16 bytes"),
                row: index.row(pos),
                paths: index.paths(pos),
                terms,
            });
        }
        if index.damaged() {
            return Err(damaged());
        }
        records.extend(delta.docs.iter().map(|(_, r)| r.clone()));
        records.sort_by(|a, b| a.key().cmp(&b.key()));
        let texts: Vec<&str> = (0..vocab.len() as u32)
            .map(|t| vocab.term(t).unwrap_or_default())
            .chain(delta.vocab.iter().map(String::as_str))
            .collect();
        let bytes = super::segment::encode(&Contents {
            records: &records,
            vocab: &texts,
            broken: &delta.broken,
            folders: delta.folders,
            checked_at: started,
        });
        drop((texts, records));
        self.write_base(&bytes)?;
        let seg = Segment::from_bytes(bytes).ok_or_else(damaged)?;
        let plain = plain_delta(&seg).ok_or_else(damaged)?;
        Index::open(Arc::new(seg), &plain).ok_or_else(damaged)
    }

    /// Writes a new base (durably: it is large and rarely rewritten) and
    /// drops the delta, which belonged to the old one.
    fn write_base(&self, bytes: &[u8]) -> Result<(), LedgerError> {
        let path = self.dir().join(CACHE_FILE);
        let dir = path.parent().expect("CACHE_FILE has a folder");
        std::fs::create_dir_all(dir).map_err(|e| LedgerError::io(dir, e))?;
        write_atomic(&path, bytes)?;
        match std::fs::remove_file(self.dir().join(DELTA_FILE)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(LedgerError::io(&self.dir().join(DELTA_FILE), e)),
            _ => Ok(()),
        }
    }

    /// Replaces the delta: renamed into place, not fsynced (its checksum
    /// catches a torn file, see [`super::delta`]).
    fn write_delta(&self, delta: &Delta) -> Result<(), LedgerError> {
        crate::atomic::replace_unsynced(&self.dir().join(DELTA_FILE), &delta.encode())
    }
}

/// How a verification ended.
#[derive(Debug)]
enum Verdict<R> {
    Fresh(Box<(Refreshed, R)>),
    /// A folder trusted unchanged lost a file: list every folder.
    Relist,
    /// The delta does not fit its base: ignore it.
    WithoutDelta,
    /// The base is damaged.
    Rebuild,
}

/// What a read found to do.
#[derive(Debug, Default)]
struct Plan {
    /// Folder stamps to record.
    folders: [Option<FolderStamp>; FOLDERS],
    /// Base documents to stat, in order.
    base: Vec<u32>,
    /// Delta documents to stat.
    extra: Vec<usize>,
    /// Files that did not parse last time, to read again.
    broken: Vec<(u8, String)>,
    /// Files listed that the cache does not know.
    new: Vec<(u8, String)>,
    gone_base: Vec<u32>,
    gone_extra: Vec<usize>,
    /// Files that did not parse and are no longer there: forgotten.
    gone_broken: Vec<(u8, String)>,
    /// Base documents whose stat failed: left out of this read.
    skipped: Vec<u32>,
    errors: Vec<FileError>,
    /// Files tokenized.
    parsed: usize,
    listed: usize,
    /// Something to record for the next read.
    dirty: bool,
    /// Something could not be checked: nothing is written.
    incomplete: bool,
}

impl Plan {
    /// A folder that cannot be opened or listed: its documents (`base` of
    /// the base file, `extra` of the delta) are left out of this read, and
    /// the read is incomplete, so nothing is recorded as settled.
    fn leave_out(&mut self, error: FileError, base: impl Iterator<Item = usize>, extra: impl Iterator<Item = usize>) {
        self.errors.push(error);
        self.incomplete = true;
        self.skipped.extend(base.map(|p| p as u32));
        self.gone_extra.extend(extra);
    }
}

impl Plan {
    /// Matches a folder's listing (in directory order) with the names the
    /// cache expects there, with a hash set rather than sorting the
    /// listing: directory order is random, and sorting 100k names sharing
    /// long prefixes costs more than hashing them. New names are taken in
    /// name order.
    fn merge(&mut self, k: u8, listed: &[String], expected: &[(&[u8], Expect)]) {
        let mut unseen: std::collections::HashSet<&[u8]> = listed.iter().map(|n| n.as_bytes()).collect();
        for (name, what) in expected {
            if !unseen.remove(name) {
                match what {
                    Expect::Base(p) => self.gone_base.push(*p),
                    Expect::Extra(i) => self.gone_extra.push(*i),
                    Expect::Broken => self.forget_broken(k, name),
                }
                continue;
            }
            match what {
                Expect::Base(p) => self.base.push(*p),
                Expect::Extra(i) => self.extra.push(*i),
                Expect::Broken => self.broken.push((k, String::from_utf8_lossy(name).into_owned())),
            }
        }
        let mut new: Vec<&[u8]> = unseen.into_iter().collect();
        new.sort_unstable();
        self.new.extend(new.into_iter().map(|n| (k, String::from_utf8_lossy(n).into_owned())));
    }

    /// A file recorded as not parsing is gone: the next delta drops it.
    fn forget_broken(&mut self, k: u8, name: &[u8]) {
        self.gone_broken.push((k, String::from_utf8_lossy(name).into_owned()));
        self.dirty = true;
    }
}

/// A name the cache knows.
#[derive(Debug, Clone, Copy)]
enum Expect {
    Base(u32),
    Extra(usize),
    Broken,
}

/// Where a file to read comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Origin {
    Base(u32),
    Extra(usize),
    Broken,
    New,
}

/// A file to read: its stamp now, and the one the cache has.
#[derive(Debug)]
struct Job {
    folder: usize,
    name: Vec<u8>,
    stamp: Stamp,
    origin: Origin,
    known: Stamp,
}

impl Job {
    fn new(folder: usize, name: &[u8], stamp: Stamp, origin: Origin, known: Stamp) -> Job {
        Job { folder, name: name.to_vec(), stamp, origin, known }
    }
}

/// What reading one file gave.
#[derive(Debug)]
enum Got {
    /// The content hash is the cache's: nothing to re-tokenize.
    Same(Stamp),
    Parsed(Stamp, [u8; 16], Parsed),
    Broken(FileError),
    Unreadable(FileError),
    Unstattable,
}

/// An item's indexable parts, before its words get ids.
#[derive(Debug)]
struct Parsed {
    row: Row,
    paths: Vec<String>,
    words: Vec<(String, [u32; 3])>,
}

impl Parsed {
    fn record(self, name: String, stamp: Stamp, hash: [u8; 16], interner: &mut Interner<'_>) -> Record {
        let mut terms: Vec<TermFreq> = self.words.iter().map(|(w, tf)| (interner.id(w), *tf)).collect();
        terms.sort_unstable_by_key(|(t, _)| *t);
        Record { name, stamp, hash, row: self.row, paths: self.paths, terms }
    }
}

/// Term ids for new records: the base's, else the delta's own.
#[derive(Debug)]
struct Interner<'a> {
    base: Option<&'a Vocab>,
    first: u32,
    vocab: Vec<String>,
    ids: std::collections::HashMap<String, u32>,
}

impl<'a> Interner<'a> {
    fn new(base: Option<&'a Vocab>, first: u32, vocab: Vec<String>) -> Self {
        let ids = vocab.iter().enumerate().map(|(i, t)| (t.clone(), first + i as u32)).collect();
        Interner { base, first, vocab, ids }
    }

    fn id(&mut self, word: &str) -> u32 {
        if let Some(id) = self.base.and_then(|v| v.lookup(word)) {
            return id;
        }
        if let Some(id) = self.ids.get(word) {
            return *id;
        }
        let id = self.first + self.vocab.len() as u32;
        self.vocab.push(word.to_string());
        self.ids.insert(word.to_string(), id);
        id
    }
}

/// The delta being built from the old one and what a read found.
struct Update<'a> {
    delta: Delta,
    interner: Interner<'a>,
    /// Old delta documents replaced or removed.
    dropped: Vec<bool>,
    added: Vec<(Option<u32>, Record)>,
    /// Documents were added, removed or changed.
    changed: bool,
    /// Only stamps changed (the documents are the same).
    dirty: bool,
}

impl<'a> Update<'a> {
    fn new(index: &'a Index, mut old: Delta, started: i64) -> Self {
        let vocab = std::mem::take(&mut old.vocab);
        let interner = Interner::new(index.base_vocab(), index.first_term, vocab);
        let dropped = vec![false; old.docs.len()];
        old.checked_at = started;
        Update { delta: old, interner, dropped, added: Vec::new(), changed: false, dirty: false }
    }

    fn apply(&mut self, index: &Index, job: &Job, got: Got, plan: &mut Plan) {
        let name = String::from_utf8_lossy(&job.name).into_owned();
        let parse_error = matches!(got, Got::Broken(_));
        match got {
            // Same content: only the stamp (and this read's time, which
            // lets the next read trust a racy one) is worth recording.
            Got::Same(stamp) => match job.origin {
                Origin::Base(pos) if stamp != job.known || !stamp.racy(self.delta.checked_at) => {
                    if let Some(record) = base_record(index, pos as usize, stamp) {
                        self.added.push((Some(pos), record));
                        self.dirty = true;
                    }
                }
                Origin::Extra(i) if stamp != job.known || !stamp.racy(self.delta.checked_at) => {
                    self.delta.docs[i].1.stamp = stamp;
                    self.dirty = true;
                }
                _ => {}
            },
            Got::Parsed(stamp, hash, parsed) => {
                plan.parsed += 1;
                self.changed = true;
                let record = parsed.record(name.clone(), stamp, hash, &mut self.interner);
                match job.origin {
                    Origin::Base(pos) => self.added.push((Some(pos), record)),
                    Origin::Extra(i) => {
                        self.dropped[i] = true;
                        self.added.push((self.delta.docs[i].0, record));
                    }
                    Origin::Broken => {
                        self.delta.broken.retain(|(f, n)| !(usize::from(*f) == job.folder && *n == name));
                        self.added.push((None, record));
                    }
                    Origin::New => self.added.push((None, record)),
                }
            }
            Got::Broken(e) | Got::Unreadable(e) => {
                plan.parsed += usize::from(parse_error);
                plan.errors.push(e);
                match job.origin {
                    Origin::Base(pos) => self.delta.tombstones.push(pos),
                    Origin::Extra(i) => self.remove_extra(&[i]),
                    Origin::Broken => return,
                    Origin::New => {}
                }
                self.changed = true;
                self.delta.broken.push((job.folder as u8, name));
            }
            Got::Unstattable => plan.incomplete = true,
        }
    }

    /// Drops delta documents; the base documents they replaced are gone too.
    fn remove_extra(&mut self, gone: &[usize]) {
        for i in gone {
            if !self.dropped[*i] {
                self.dropped[*i] = true;
                self.changed = true;
                if let Some(b) = self.delta.docs[*i].0 {
                    self.delta.tombstones.push(b);
                }
            }
        }
    }

    /// The new delta: kept and added documents in order, terms no document
    /// uses dropped from its vocabulary.
    fn finish(&mut self, folders: [Option<FolderStamp>; FOLDERS]) -> Delta {
        let mut delta = std::mem::take(&mut self.delta);
        delta.folders = folders;
        let dropped = std::mem::take(&mut self.dropped);
        let mut docs: Vec<(Option<u32>, Record)> =
            delta.docs.into_iter().zip(dropped).filter(|(_, d)| !d).map(|(doc, _)| doc).collect();
        docs.append(&mut self.added);
        docs.sort_by(|a, b| a.1.key().cmp(&b.1.key()));
        let first = self.interner.first;
        let vocab = std::mem::take(&mut self.interner.vocab);
        let mut used = vec![false; vocab.len()];
        for (_, r) in &docs {
            for (t, _) in &r.terms {
                if let Some(i) = t.checked_sub(first) {
                    used[i as usize] = true;
                }
            }
        }
        let mut renumber = vec![0; vocab.len()];
        let mut kept = Vec::new();
        for (i, term) in vocab.into_iter().enumerate() {
            if used[i] {
                renumber[i] = first + kept.len() as u32;
                kept.push(term);
            }
        }
        for (_, r) in &mut docs {
            for (t, _) in &mut r.terms {
                if let Some(i) = t.checked_sub(first) {
                    *t = renumber[i as usize];
                }
            }
        }
        delta.docs = docs;
        delta.vocab = kept;
        delta.tombstones.sort_unstable();
        delta.tombstones.dedup();
        delta.broken.sort();
        delta.broken.dedup();
        delta
    }
}

/// Base document `pos` as a record, with `stamp`.
fn base_record(index: &Index, pos: usize, stamp: Stamp) -> Option<Record> {
    let seg = index.base.as_ref()?;
    Some(Record {
        name: std::str::from_utf8(index.name(pos)).ok()?.to_string(),
        stamp,
        hash: seg.hash(pos)?,
        row: index.row(pos),
        paths: index.paths(pos),
        terms: seg.forward(pos)?,
    })
}

/// The empty delta of a base: its own check time, folders and broken files.
fn plain_delta(seg: &Segment) -> Option<Delta> {
    Some(Delta {
        checked_at: seg.h.checked_at,
        base_id: seg.h.id,
        folders: seg.h.folders,
        broken: seg.broken()?,
        ..Delta::default()
    })
}

/// Starts stat'ing base documents `positions` on all cores (one thread
/// per chunk; the caller's thread stays free). Each thread reads its own
/// chunk of names and stamps from the base. The result lists the documents
/// whose stamp differs from the cache's, is racy, or could not be read,
/// with the stamp the cache has; `None` when the base is damaged.
fn stat_base<'scope>(
    s: &'scope std::thread::Scope<'scope, '_>,
    dir: &'scope Path,
    seg: &'scope Segment,
    positions: &'scope [u32],
) -> Stats<'scope> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get()).min(4);
    let threads = cores.min(positions.len() / STATS_PER_THREAD).max(1);
    let size = positions.len().div_ceil(threads).max(1);
    let handles = positions.chunks(size).map(|part| s.spawn(move || stat_chunk(dir, seg, part))).collect();
    Stats { handles }
}

/// The stat threads of [`stat_base`].
struct Stats<'scope> {
    handles: Vec<std::thread::ScopedJoinHandle<'scope, Option<Vec<Suspect>>>>,
}

impl Stats<'_> {
    fn join(self) -> Option<Vec<Suspect>> {
        let mut out = Vec::new();
        for h in self.handles {
            out.extend(par::joined(h)?);
        }
        Some(out)
    }
}

/// Stats one chunk of base documents (sorted positions). Names and stamps
/// are read in blocks into the same buffers: fresh memory costs a page
/// fault per 4 KB, which at 100k items would cost more than the copies.
fn stat_chunk(dir: &Path, seg: &Segment, part: &[u32]) -> Option<Vec<Suspect>> {
    const BLOCK: usize = 1024;
    let mut folders: [Option<Folder>; FOLDERS] = Default::default();
    let (mut names, mut ends, mut stamps) = (Vec::new(), Vec::new(), Vec::new());
    let mut out = Vec::new();
    let mut rest = part;
    while let (Some(lo), Some(_)) = (rest.first(), rest.last()) {
        let lo = *lo as usize;
        // The positions of this block: those below lo + BLOCK.
        let n = rest.partition_point(|p| (*p as usize) < lo + BLOCK);
        let (block, next) = rest.split_at(n);
        rest = next;
        let hi = *block.last()? as usize + 1;
        seg.stamps_into(lo, hi, &mut stamps)?;
        let at = seg.names_into(lo, hi, &mut names, &mut ends)?;
        for pos in block {
            let p = *pos as usize;
            let expected = Stamp::decode(&stamps[(p - lo) * STAMP_BYTES..]);
            let start = if p == lo { at } else { ends[p - lo - 1] };
            let name = names.get((start - at) as usize..(ends[p - lo] - at) as usize)?;
            match stat_in(&mut folders, dir, seg.folder_of(p), name) {
                Ok(Some(s)) if s == expected && !s.racy(seg.h.checked_at) => {}
                seen => out.push((*pos, expected, seen)),
            }
        }
    }
    Some(out)
}

/// A base document whose stat did not match: position, the cache's stamp,
/// what the stat said.
type Suspect = (u32, Stamp, io::Result<Option<Stamp>>);

/// Stats `name` (NUL-terminated) in kind folder `k`, opening it on first use.
fn stat_in(folders: &mut [Option<Folder>; FOLDERS], dir: &Path, k: usize, name: &[u8]) -> io::Result<Option<Stamp>> {
    if folders[k].is_none() {
        folders[k] = open_folder(dir, Kind::ALL[k].folder())?;
    }
    match &folders[k] {
        Some(folder) => folder.stat(name),
        None => Ok(None),
    }
}

/// Reads and parses the files of `jobs` (on all cores when there are
/// many); `known` gives the content hash the cache has, if any.
fn read_all(dir: &Path, jobs: &[Job], known: impl Fn(&Job) -> Option<[u8; 16]> + Sync) -> Vec<Got> {
    par::chunks(jobs, PARSES_PER_THREAD, |part| {
        part.iter().map(|job| read_one(dir, job.folder, &job.name, job.stamp, known(job))).collect()
    })
}

/// Reads one item file whose stamp (taken before) is `stamp`.
fn read_one(dir: &Path, k: usize, name: &[u8], stamp: Stamp, known: Option<[u8; 16]>) -> Got {
    let path = dir.join(Kind::ALL[k].folder()).join(String::from_utf8_lossy(name).as_ref());
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) => {
            return Got::Unreadable(FileError::new(&path, None, format!("cannot read: {e}"), "check permissions"));
        }
    };
    let hash = hash(&bytes);
    if known == Some(hash) {
        return Got::Same(stamp);
    }
    match parse(&path, &bytes) {
        Ok(item) => {
            let (len, words) = words_of(&item);
            Got::Parsed(stamp, hash, Parsed { row: Row::of(&item, len), paths: item.paths, words })
        }
        Err(e) => Got::Broken(e),
    }
}

/// Opens kind folder `kind` and takes its stamp (before any listing).
fn open_with_stamp(dir: &Path, kind: Kind) -> io::Result<(Option<Folder>, Option<FolderStamp>)> {
    match open_folder(dir, kind.folder())? {
        Some(f) => {
            let stamp = f.stamp()?;
            Ok((Some(f), Some(stamp)))
        }
        None => Ok((None, None)),
    }
}

fn list_error(dir: &Path, kind: Kind, e: &io::Error) -> FileError {
    FileError::new(&dir.join(kind.folder()), None, format!("cannot list: {e}"), "check the folder's permissions")
}

fn nul(name: &str) -> Vec<u8> {
    let mut b = name.as_bytes().to_vec();
    b.push(0);
    b
}

fn damaged() -> LedgerError {
    LedgerError::io(Path::new(CACHE_FILE), io::Error::other("the index cache is damaged"))
}

fn hash(bytes: &[u8]) -> [u8; 16] {
    let full = blake3::hash(bytes);
    let mut out = [0; 16];
    out.copy_from_slice(&full.as_bytes()[..16]);
    out
}

/// The clock, in whole seconds, floored (so that "racy" errs on the safe side).
pub(crate) fn unix_now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}
