//! The base index file, `.agents/cache/index.bin`: a fixed header, then
//! sections a read looks at separately in the mapped file, so a lookup
//! touches only what it needs.
//!
//! ```text
//! header     magic, format, check time, id, counts, collection totals,
//!            first document of each kind folder, the kind folders' stamps,
//!            (offset, length) of each section, file length, header hash
//! NAME_ENDS  u32 per document: end of its name in NAMES
//! NAMES      file names (`L-1.md`), NUL-terminated, sorted within a folder
//! STAMPS     40 bytes per document (see `fresh::Stamp`)
//! HASHES     16 bytes per document: blake3 of the file, for racy files
//! ROWS       56 bytes per document (see `row::Row`)
//! PATHS      path globs, varint-length strings, addressed by the rows
//! VOCAB_ENDS u32 per term: end of its text in VOCAB
//! VOCAB      term texts, sorted, so a term's id is its rank
//! POST_ENDS  u64 per term: end of its postings in POSTINGS
//! POSTINGS   per term, its active documents: (document delta, tf title,
//!            tf tags, tf body) as varints
//! FWD_ENDS   u64 per document: end of its terms in FORWARD
//! FORWARD    per document: (term delta, tf title, tf tags, tf body)
//! BROKEN     item files that did not parse: count, (folder, name)...
//! ```
//!
//! Why this shape: a read must stat every file (see `fresh`), so it needs
//! every name and stamp, and ranking without a query needs every row; those
//! are flat tables used in place. A query reads only its own terms'
//! postings (postings hold active documents only, so their length is the
//! document frequency) and the near-duplicate check only the forward lists
//! of the candidates it walks. The file is mapped ([`crate::mapped`]): with
//! positioned reads, copying the tables into fresh memory cost a 100k item
//! lookup more than anything else it did.
//!
//! The header is hashed; sections are bounds-checked and validated as they
//! are decoded, so a damaged file is rebuilt rather than trusted.

use std::borrow::Cow;
use std::path::Path;

use super::bm25::FIELDS;
use super::codec::{Reader, Writer};
use super::fresh::{FolderStamp, STAMP_BYTES, Stamp};
use super::row::{ROW_BYTES, Row};
use crate::item::{Kind, Status};
use crate::mapped::{FileBytes, map};

const MAGIC: &[u8; 8] = b"AOLEDGX\0";
/// Bumped whenever the encoding or the tokenizer changes.
pub(crate) const FORMAT: u32 = 2;
/// Kind folders, in [`Kind::ALL`] order.
pub(crate) const FOLDERS: usize = Kind::ALL.len();

pub(crate) const NAME_ENDS: usize = 0;
pub(crate) const NAMES: usize = 1;
pub(crate) const STAMPS: usize = 2;
pub(crate) const HASHES: usize = 3;
pub(crate) const ROWS: usize = 4;
pub(crate) const PATHS: usize = 5;
pub(crate) const VOCAB_ENDS: usize = 6;
pub(crate) const VOCAB: usize = 7;
pub(crate) const POST_ENDS: usize = 8;
pub(crate) const POSTINGS: usize = 9;
pub(crate) const FWD_ENDS: usize = 10;
pub(crate) const FORWARD: usize = 11;
pub(crate) const BROKEN: usize = 12;
const SECTIONS: usize = 13;

const FOLDER_BYTES: usize = 16 + STAMP_BYTES;
const HEADER_BODY: usize = 88 + 8 * (FOLDERS + 1) + FOLDER_BYTES * FOLDERS + 16 * SECTIONS + 8;
/// Bytes before the first section: the header and its hash.
pub(crate) const HEADER_BYTES: usize = HEADER_BODY + 16;

/// One term of a document: its id and its frequency in each field.
pub(crate) type TermFreq = (u32, [u32; FIELDS]);

/// What the header says.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Header {
    /// When the check that produced this file started (Unix seconds): the
    /// reference for racy stamps.
    pub checked_at: i64,
    /// Distinguishes this file from every other, so a delta names its base.
    pub id: [u8; 16],
    pub docs: u64,
    pub terms: u64,
    /// Active documents and the sums of their field lengths.
    pub active: u64,
    pub sum_len: [u64; FIELDS],
    /// First document of each kind folder; the last entry is `docs`.
    pub folder_start: [u64; FOLDERS + 1],
    pub folders: [Option<FolderStamp>; FOLDERS],
    sections: [(u64, u64); SECTIONS],
    total: u64,
}

/// An open base file (mapped, or the bytes just written); sections are
/// decoded on demand.
#[derive(Debug)]
pub(crate) struct Segment {
    bytes: FileBytes,
    pub h: Header,
}

impl Segment {
    /// Opens and validates the base at `path`; `None` when it is missing,
    /// of another format or damaged.
    pub fn open(path: &Path) -> Option<Segment> {
        Segment::of(map(path).ok()?)
    }

    /// A base held in memory (just encoded).
    pub fn from_bytes(bytes: Vec<u8>) -> Option<Segment> {
        Segment::of(FileBytes::Owned(bytes))
    }

    fn of(bytes: FileBytes) -> Option<Segment> {
        let h = decode_header(bytes.get(..HEADER_BYTES)?, bytes.len() as u64)?;
        Some(Segment { bytes, h })
    }

    /// `len` bytes at `at` within section `s`; `None` when out of bounds or
    /// unreadable.
    pub fn read(&self, s: usize, at: u64, len: u64) -> Option<Cow<'_, [u8]>> {
        let (start, size) = self.h.sections[s];
        if at.checked_add(len)? > size {
            return None;
        }
        let from = start + at;
        self.bytes.get(usize::try_from(from).ok()?..usize::try_from(from + len).ok()?).map(Cow::Borrowed)
    }

    /// The whole of section `s`.
    pub fn section(&self, s: usize) -> Option<Cow<'_, [u8]>> {
        self.read(s, 0, self.h.sections[s].1)
    }

    pub fn docs(&self) -> usize {
        self.h.docs as usize
    }

    /// The names blob and each document's end in it, validated: every name
    /// is non-empty UTF-8 ending in NUL, and names are strictly sorted
    /// within each folder (lookups binary-search them).
    pub fn names(&self) -> Option<(Vec<u8>, Vec<u32>)> {
        let ends: Vec<u32> = u32s(&self.section(NAME_ENDS)?);
        let blob = self.section(NAMES)?.into_owned();
        std::str::from_utf8(&blob).ok()?;
        let mut start = 0usize;
        for (pos, end) in ends.iter().enumerate() {
            let end = *end as usize;
            let name = blob.get(start..end)?;
            let (last, text) = name.split_last()?;
            if *last != 0 || text.is_empty() || text.contains(&0) {
                return None;
            }
            if pos > 0 && self.folder_of(pos) == self.folder_of(pos - 1) {
                let prev_start = if pos > 1 { ends[pos - 2] as usize } else { 0 };
                if blob[prev_start..start - 1] >= *text {
                    return None;
                }
            }
            start = end;
        }
        (start == blob.len()).then_some((blob, ends))
    }

    /// Reads the names of documents `lo..hi` (NUL-terminated, as stored)
    /// into `names` and their ends into `ends`; returns the offset of the
    /// first in [`NAMES`]. Not validated beyond bounds: a stat of a damaged
    /// name fails like one of a missing file.
    pub fn names_into(&self, lo: usize, hi: usize, names: &mut Vec<u8>, ends: &mut Vec<u32>) -> Option<u32> {
        let (at, n) = if lo == 0 { (0, hi) } else { (lo - 1, hi - lo + 1) };
        let mut raw = Vec::new();
        self.read_into(NAME_ENDS, at as u64 * 4, n as u64 * 4, &mut raw)?;
        ends.clear();
        ends.extend(raw.chunks_exact(4).map(|c| u32::from_le_bytes(c.try_into().expect("4 bytes"))));
        let start = if lo == 0 { 0 } else { ends.remove(0) };
        let end = *ends.last()?;
        self.read_into(NAMES, u64::from(start), u64::from(end.checked_sub(start)?), names)?;
        Some(start)
    }

    /// Reads the encoded stamps of documents `lo..hi` into `out`.
    pub fn stamps_into(&self, lo: usize, hi: usize, out: &mut Vec<u8>) -> Option<()> {
        self.read_into(STAMPS, (lo * STAMP_BYTES) as u64, ((hi - lo) * STAMP_BYTES) as u64, out)
    }

    /// [`read`](Self::read) into a reused buffer.
    fn read_into(&self, s: usize, at: u64, len: u64, out: &mut Vec<u8>) -> Option<()> {
        out.clear();
        out.extend_from_slice(&self.read(s, at, len)?);
        Some(())
    }

    /// The kind folder (index in [`Kind::ALL`]) of base document `pos`.
    pub fn folder_of(&self, pos: usize) -> usize {
        self.h.folder_start[1..].iter().position(|end| (pos as u64) < *end).unwrap_or(FOLDERS - 1)
    }

    /// The stamps of documents `lo..hi`.
    pub fn stamps(&self, lo: usize, hi: usize) -> Option<Vec<Stamp>> {
        let b = self.read(STAMPS, (lo * STAMP_BYTES) as u64, ((hi - lo) * STAMP_BYTES) as u64)?;
        Some(b.chunks_exact(STAMP_BYTES).map(Stamp::decode).collect())
    }

    pub fn hash(&self, pos: usize) -> Option<[u8; 16]> {
        self.read(HASHES, pos as u64 * 16, 16)?.as_ref().try_into().ok()
    }

    /// The terms of the vocabulary, for lookups.
    pub fn vocab(&self) -> Option<Vocab> {
        let ends = u32s(&self.section(VOCAB_ENDS)?);
        let blob = self.section(VOCAB)?.into_owned();
        if ends.windows(2).any(|w| w[0] > w[1]) || ends.last().map_or(0, |e| *e as usize) != blob.len() {
            return None;
        }
        Some(Vocab { ends, blob })
    }

    /// The encoded postings of term `id`: its active documents with the
    /// term's frequencies (see [`each`]).
    pub fn postings(&self, id: u32) -> Option<Cow<'_, [u8]>> {
        let (start, end) = self.range(POST_ENDS, id as usize)?;
        self.read(POSTINGS, start, end.checked_sub(start)?)
    }

    /// The id of term `word`, by binary search with a few small reads (a
    /// query looks up a handful of terms; the vocabulary of a 100k-item
    /// ledger is over 1 MB). `Some(None)`: no such term; `None`: damaged.
    pub fn find_term(&self, word: &str) -> Option<Option<u32>> {
        let (mut lo, mut hi) = (0, self.h.terms as usize);
        while lo < hi {
            let mid = (lo + hi) / 2;
            let (at, len) = if mid == 0 { (0, 4) } else { ((mid as u64 - 1) * 4, 8) };
            let ends = u32s(&self.read(VOCAB_ENDS, at, len)?);
            let (start, end) = if mid == 0 { (0, ends[0]) } else { (ends[0], ends[1]) };
            let term = self.read(VOCAB, u64::from(start), u64::from(end.checked_sub(start)?))?;
            match term.as_ref().cmp(word.as_bytes()) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(Some(mid as u32)),
            }
        }
        Some(None)
    }

    /// The terms of base document `pos`, by term id.
    pub fn forward(&self, pos: usize) -> Option<Vec<TermFreq>> {
        let (start, end) = self.range(FWD_ENDS, pos)?;
        let bytes = self.read(FORWARD, start, end.checked_sub(start)?)?;
        decode_list(&bytes, self.h.terms)
    }

    /// Every document's terms (for rewriting the base).
    pub fn all_forward(&self) -> Option<Vec<Vec<TermFreq>>> {
        let ends = u64s(&self.section(FWD_ENDS)?);
        let bytes = self.section(FORWARD)?;
        let mut start = 0u64;
        ends.iter()
            .map(|end| {
                let list = bytes.get(usize::try_from(start).ok()?..usize::try_from(*end).ok()?)?;
                start = *end;
                decode_list(list, self.h.terms)
            })
            .collect()
    }

    /// Item files that did not parse when this file was written.
    pub fn broken(&self) -> Option<Vec<(u8, String)>> {
        let bytes = self.section(BROKEN)?;
        let mut r = Reader::new(&bytes);
        let broken = (0..r.u64()?)
            .map(|_| {
                let folder = u8::try_from(r.u32()?).ok().filter(|f| usize::from(*f) < FOLDERS)?;
                Some((folder, r.str()?.to_string()))
            })
            .collect();
        if !r.is_empty() {
            return None;
        }
        broken
    }

    /// Entry `i` of an ends table of u64 (entry -1 is 0).
    fn range(&self, ends: usize, i: usize) -> Option<(u64, u64)> {
        let (at, len) = if i == 0 { (0, 8) } else { ((i as u64 - 1) * 8, 16) };
        let b = self.read(ends, at, len)?;
        let v = u64s(&b);
        Some(if i == 0 { (0, v[0]) } else { (v[0], v[1]) })
    }
}

/// A sorted vocabulary: a term's id is its rank.
#[derive(Debug)]
pub(crate) struct Vocab {
    ends: Vec<u32>,
    blob: Vec<u8>,
}

impl Vocab {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn term(&self, id: u32) -> Option<&str> {
        let i = id as usize;
        let start = if i == 0 { 0 } else { *self.ends.get(i - 1)? as usize };
        std::str::from_utf8(self.blob.get(start..*self.ends.get(i)? as usize)?).ok()
    }

    pub fn lookup(&self, word: &str) -> Option<u32> {
        let (mut lo, mut hi) = (0, self.ends.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            let start = if mid == 0 { 0 } else { self.ends[mid - 1] as usize };
            match self.blob[start..self.ends[mid] as usize].cmp(word.as_bytes()) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid as u32),
            }
        }
        None
    }
}

/// One item file's entry as the cache stores it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Record {
    /// The file name within its kind folder (`row.kind`).
    pub name: String,
    pub stamp: Stamp,
    pub hash: [u8; 16],
    pub row: Row,
    pub paths: Vec<String>,
    /// Sorted by term id, in the vocabulary the record is kept with.
    pub terms: Vec<TermFreq>,
}

impl Record {
    /// The listing order: kind folder, then file name.
    pub fn key(&self) -> (u8, &str) {
        (super::row::kind_code(self.row.kind), &self.name)
    }
}

/// Everything a base file holds, in memory.
#[derive(Debug)]
pub(crate) struct Contents<'a> {
    /// Sorted by [`Record::key`].
    pub records: &'a [Record],
    /// The texts of the term ids the records use (others are dropped).
    pub vocab: &'a [&'a str],
    pub broken: &'a [(u8, String)],
    pub folders: [Option<FolderStamp>; FOLDERS],
    pub checked_at: i64,
}

/// Encodes a base file; terms are renumbered in text order and unused ones
/// dropped.
pub(crate) fn encode(c: &Contents<'_>) -> Vec<u8> {
    // Used terms in text order: the new id of each old id.
    let mut used = vec![false; c.vocab.len()];
    for r in c.records {
        for (t, _) in &r.terms {
            used[*t as usize] = true;
        }
    }
    let mut order: Vec<u32> = (0..c.vocab.len() as u32).filter(|t| used[*t as usize]).collect();
    order.sort_unstable_by_key(|t| c.vocab[*t as usize]);
    let mut renumber = vec![u32::MAX; c.vocab.len()];
    for (new, old) in order.iter().enumerate() {
        renumber[*old as usize] = new as u32;
    }

    let mut s: [Vec<u8>; SECTIONS] = Default::default();
    let mut postings: Vec<(Writer, u64)> = (0..order.len()).map(|_| (Writer::default(), 0)).collect();
    let (mut active, mut sum_len) = (0u64, [0u64; FIELDS]);
    // Documents before each folder's first: those of the folders before it.
    let mut folder_start = [0u64; FOLDERS + 1];
    for r in c.records {
        for f in folder_start.iter_mut().skip(usize::from(super::row::kind_code(r.row.kind)) + 1) {
            *f += 1;
        }
    }
    let mut forward = Writer::default();
    for (pos, r) in c.records.iter().enumerate() {
        s[NAMES].extend_from_slice(r.name.as_bytes());
        s[NAMES].push(0);
        s[NAME_ENDS].extend_from_slice(&(s[NAMES].len() as u32).to_le_bytes());
        r.stamp.encode(&mut s[STAMPS]);
        s[HASHES].extend_from_slice(&r.hash);
        let mut row = Row { live: true, paths_at: s[PATHS].len() as u32, ..r.row };
        let mut w = Writer::default();
        for p in &r.paths {
            w.str(p);
        }
        s[PATHS].extend_from_slice(&w.buf);
        row.paths_len = w.buf.len() as u32;
        row.encode(&mut s[ROWS]);
        let is_active = r.row.status == Status::Active;
        if is_active {
            active += 1;
            for (sum, len) in sum_len.iter_mut().zip(r.row.len) {
                *sum += u64::from(len);
            }
        }
        let mut terms: Vec<TermFreq> = r.terms.iter().map(|(t, tf)| (renumber[*t as usize], *tf)).collect();
        terms.sort_unstable_by_key(|(t, _)| *t);
        let mut last = 0;
        for (t, tf) in &terms {
            forward.u32(t - last);
            last = *t;
            tf.iter().for_each(|f| forward.u32(*f));
            if is_active {
                let (w, prev) = &mut postings[*t as usize];
                w.u64(pos as u64 - *prev);
                *prev = pos as u64;
                tf.iter().for_each(|f| w.u32(*f));
            }
        }
        s[FWD_ENDS].extend_from_slice(&(forward.buf.len() as u64).to_le_bytes());
    }
    let docs = c.records.len() as u64;
    s[FORWARD] = forward.buf;
    for old in &order {
        s[VOCAB].extend_from_slice(c.vocab[*old as usize].as_bytes());
        s[VOCAB_ENDS].extend_from_slice(&(s[VOCAB].len() as u32).to_le_bytes());
    }
    for (w, _) in postings {
        s[POSTINGS].extend_from_slice(&w.buf);
        s[POST_ENDS].extend_from_slice(&(s[POSTINGS].len() as u64).to_le_bytes());
    }
    let mut w = Writer::default();
    w.u64(c.broken.len() as u64);
    for (folder, name) in c.broken {
        w.u32(u32::from(*folder));
        w.str(name);
    }
    s[BROKEN] = w.buf;

    let mut sections = [(0u64, 0u64); SECTIONS];
    let mut at = HEADER_BYTES as u64;
    for (i, sec) in s.iter().enumerate() {
        sections[i] = (at, sec.len() as u64);
        at += sec.len() as u64;
    }
    let h = Header {
        checked_at: c.checked_at,
        id: fresh_id(c.checked_at, docs),
        docs,
        terms: order.len() as u64,
        active,
        sum_len,
        folder_start,
        folders: c.folders,
        sections,
        total: at,
    };
    // Untouched capacity costs no memory: each section is freed as it is
    // copied, so the encoding is held about once, not twice.
    let mut out = Vec::with_capacity(at as usize);
    out.extend_from_slice(&encode_header(&h));
    for sec in s {
        out.extend_from_slice(&sec);
    }
    out
}

/// A new file id: nothing else needs to be unique about it.
fn fresh_id(checked_at: i64, docs: u64) -> [u8; 16] {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let mut hasher = blake3::Hasher::new();
    hasher.update(&checked_at.to_le_bytes());
    hasher.update(&docs.to_le_bytes());
    hasher.update(&nanos.to_le_bytes());
    hasher.update(&std::process::id().to_le_bytes());
    let mut id = [0; 16];
    id.copy_from_slice(&hasher.finalize().as_bytes()[..16]);
    id
}

fn encode_header(h: &Header) -> Vec<u8> {
    let mut b = Vec::with_capacity(HEADER_BYTES);
    b.extend_from_slice(MAGIC);
    b.extend_from_slice(&FORMAT.to_le_bytes());
    b.extend_from_slice(&[0; 4]);
    b.extend_from_slice(&h.checked_at.to_le_bytes());
    b.extend_from_slice(&h.id);
    for v in [h.docs, h.terms, h.active].iter().chain(&h.sum_len).chain(&h.folder_start) {
        b.extend_from_slice(&v.to_le_bytes());
    }
    for f in &h.folders {
        encode_folder(f.as_ref(), &mut b);
    }
    for (at, len) in &h.sections {
        b.extend_from_slice(&at.to_le_bytes());
        b.extend_from_slice(&len.to_le_bytes());
    }
    b.extend_from_slice(&h.total.to_le_bytes());
    debug_assert_eq!(b.len(), HEADER_BODY);
    let hash = blake3::hash(&b);
    b.extend_from_slice(&hash.as_bytes()[..16]);
    b
}

pub(crate) fn encode_folder(f: Option<&FolderStamp>, b: &mut Vec<u8>) {
    b.extend_from_slice(&u64::from(f.is_some()).to_le_bytes());
    let f = f.copied().unwrap_or_default();
    b.extend_from_slice(&f.dev.to_le_bytes());
    f.stamp.encode(b);
}

pub(crate) fn decode_folder(b: &[u8]) -> Option<FolderStamp> {
    let present = u64::from_le_bytes(b[..8].try_into().ok()?) != 0;
    present.then(|| FolderStamp {
        dev: u64::from_le_bytes(b[8..16].try_into().expect("8 bytes")),
        stamp: Stamp::decode(&b[16..]),
    })
}

fn decode_header(b: &[u8], file_len: u64) -> Option<Header> {
    if b.len() < HEADER_BYTES || &b[..8] != MAGIC {
        return None;
    }
    let (body, hash) = b[..HEADER_BYTES].split_at(HEADER_BODY);
    if blake3::hash(body).as_bytes()[..16] != *hash {
        return None;
    }
    let u64_at = |i: usize| u64::from_le_bytes(b[i..i + 8].try_into().expect("8 bytes"));
    if u32::from_le_bytes(b[8..12].try_into().ok()?) != FORMAT {
        return None;
    }
    let mut at = 88;
    let mut folder_start = [0; FOLDERS + 1];
    for f in &mut folder_start {
        *f = u64_at(at);
        at += 8;
    }
    let mut folders = [None; FOLDERS];
    for f in &mut folders {
        *f = decode_folder(&b[at..at + FOLDER_BYTES]);
        at += FOLDER_BYTES;
    }
    let mut sections = [(0, 0); SECTIONS];
    for s in &mut sections {
        *s = (u64_at(at), u64_at(at + 8));
        at += 16;
    }
    let h = Header {
        checked_at: u64_at(16) as i64,
        id: b[24..40].try_into().ok()?,
        docs: u64_at(40),
        terms: u64_at(48),
        active: u64_at(56),
        sum_len: [u64_at(64), u64_at(72), u64_at(80)],
        folder_start,
        folders,
        sections,
        total: u64_at(at),
    };
    let (n, t) = (h.docs, h.terms);
    let sized = [
        (NAME_ENDS, 4 * n),
        (STAMPS, STAMP_BYTES as u64 * n),
        (HASHES, 16 * n),
        (ROWS, ROW_BYTES as u64 * n),
        (VOCAB_ENDS, 4 * t),
        (POST_ENDS, 8 * t),
        (FWD_ENDS, 8 * n),
    ];
    let in_file =
        h.sections.iter().all(|(at, len)| *at >= HEADER_BYTES as u64 && at.checked_add(*len) <= Some(h.total));
    let ordered =
        h.folder_start.windows(2).all(|w| w[0] <= w[1]) && h.folder_start[0] == 0 && folder_start[FOLDERS] == n;
    (h.total == file_len && in_file && ordered && sized.iter().all(|(s, len)| h.sections[*s].1 == *len)).then_some(h)
}

/// A postings or forward list: (id delta, three frequencies)..., every id
/// below `bound` and strictly increasing.
fn decode_list(bytes: &[u8], bound: u64) -> Option<Vec<TermFreq>> {
    let mut out = Vec::with_capacity(bytes.len() / 4);
    each(bytes, bound, |id, tf| out.push((id, tf)))?;
    Some(out)
}

/// Calls `f` with each entry of an encoded postings or forward list;
/// `None` (after some calls, maybe) when the list is damaged.
pub(crate) fn each(bytes: &[u8], bound: u64, mut f: impl FnMut(u32, [u32; FIELDS])) -> Option<()> {
    let mut r = Reader::new(bytes);
    let (mut id, mut first) = (0u64, true);
    while !r.is_empty() {
        let delta = r.u64()?;
        if !first && delta == 0 {
            return None;
        }
        first = false;
        id = id.checked_add(delta)?;
        if id >= bound {
            return None;
        }
        f(id as u32, [r.u32()?, r.u32()?, r.u32()?]);
    }
    Some(())
}

fn u32s(b: &[u8]) -> Vec<u32> {
    b.chunks_exact(4).map(|c| u32::from_le_bytes(c.try_into().expect("4 bytes"))).collect()
}

fn u64s(b: &[u8]) -> Vec<u64> {
    b.chunks_exact(8).map(|c| u64::from_le_bytes(c.try_into().expect("8 bytes"))).collect()
}
