//! The delta file, `.agents/cache/index.delta`: what changed since the base
//! (`index.bin`) was written, so that a change to one item costs a rewrite
//! of a small file instead of the whole index.
//!
//! It names its base by id and is ignored with any other base. It holds the
//! newest check time and kind-folder stamps, the base documents that are
//! gone (tombstones), the documents added or changed (each replacing at most
//! one base document), the terms those use that the base does not know (ids
//! continue after the base's), and the item files that did not parse. It is
//! read whole on every read and is small by construction: past a threshold
//! the base is rewritten instead ([`MERGE_AT`]).
//!
//! It is written without fsync (a temporary file renamed over it), which is
//! why it ends with a blake3 checksum of everything before: a file torn by a
//! crash fails the check and is ignored, which only costs re-indexing the
//! files it covered.

use super::codec::{Reader, Writer};
use super::fresh::{FolderStamp, Stamp};
use super::row::{ROW_BYTES, Row};
use super::segment::{FOLDERS, Record, TermFreq, decode_folder, encode_folder};

const MAGIC: &[u8; 8] = b"AOLEDGD\0";

/// The delta is folded into a new base once it holds more than this many
/// entries plus 1/64 of the base's documents: up to ~1.6k changed items at
/// 100k (a few hundred KB to decode per read), while a rewrite of the base
/// costs about as much as a few hundred such reads.
pub(crate) const MERGE_AT: usize = 64;

/// Changes on top of a base file.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Delta {
    pub checked_at: i64,
    pub base_id: [u8; 16],
    pub folders: [Option<FolderStamp>; FOLDERS],
    /// Base documents that are gone, sorted.
    pub tombstones: Vec<u32>,
    /// Added or changed documents, sorted by [`Record::key`], each with the
    /// base document it replaces.
    pub docs: Vec<(Option<u32>, Record)>,
    /// Terms the base does not have; ids continue after the base's.
    pub vocab: Vec<String>,
    /// Item files that did not parse, by folder and name.
    pub broken: Vec<(u8, String)>,
}

impl Delta {
    /// Whether the base should absorb this delta, for a base of `base_docs`.
    pub fn too_big(&self, base_docs: usize) -> bool {
        self.docs.len() + self.tombstones.len() > MERGE_AT + base_docs / 64
    }

    /// Whether every base position named is within a base of `docs`, and
    /// none twice.
    pub fn fits(&self, docs: usize) -> bool {
        let mut seen = vec![false; docs];
        self.tombstones.iter().copied().chain(self.docs.iter().filter_map(|(b, _)| *b)).all(|p| {
            let p = p as usize;
            p < docs && !std::mem::replace(&mut seen[p], true)
        })
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.buf.extend_from_slice(MAGIC);
        w.u32(super::segment::FORMAT);
        w.i64(self.checked_at);
        w.buf.extend_from_slice(&self.base_id);
        for f in &self.folders {
            encode_folder(f.as_ref(), &mut w.buf);
        }
        w.u64(self.tombstones.len() as u64);
        for t in &self.tombstones {
            w.u32(*t);
        }
        w.u64(self.docs.len() as u64);
        for (base, r) in &self.docs {
            w.u64(base.map_or(0, |b| u64::from(b) + 1));
            w.str(&r.name);
            r.stamp.encode(&mut w.buf);
            w.buf.extend_from_slice(&r.hash);
            r.row.encode(&mut w.buf);
            w.u64(r.paths.len() as u64);
            for p in &r.paths {
                w.str(p);
            }
            encode_terms(&mut w, &r.terms);
        }
        w.u64(self.vocab.len() as u64);
        for t in &self.vocab {
            w.str(t);
        }
        w.u64(self.broken.len() as u64);
        for (folder, name) in &self.broken {
            w.u32(u32::from(*folder));
            w.str(name);
        }
        let sum = blake3::hash(&w.buf);
        w.buf.extend_from_slice(&sum.as_bytes()[..16]);
        w.buf
    }

    /// The delta in `bytes`; `None` when it is torn, damaged or of another
    /// format.
    pub fn decode(bytes: &[u8]) -> Option<Delta> {
        let (body, sum) = bytes.split_at_checked(bytes.len().checked_sub(16)?)?;
        if blake3::hash(body).as_bytes()[..16] != *sum {
            return None;
        }
        let mut r = Reader::new(body.strip_prefix(MAGIC)?);
        if r.u32()? != super::segment::FORMAT {
            return None;
        }
        let checked_at = r.i64()?;
        let base_id = r.bytes_fixed::<16>()?;
        let mut folders = [None; FOLDERS];
        for f in &mut folders {
            *f = decode_folder(&r.bytes_fixed::<{ 16 + super::fresh::STAMP_BYTES }>()?);
        }
        let tombstones: Vec<u32> = (0..r.u64()?).map(|_| r.u32()).collect::<Option<_>>()?;
        let docs = (0..r.u64()?)
            .map(|_| {
                let base = match r.u64()? {
                    0 => None,
                    b => Some(u32::try_from(b - 1).ok()?),
                };
                let name = r.str()?.to_string();
                let stamp = Stamp::decode(&r.bytes_fixed::<{ super::fresh::STAMP_BYTES }>()?);
                let hash = r.bytes_fixed::<16>()?;
                let row = Row::decode(&r.bytes_fixed::<ROW_BYTES>()?)?;
                let paths = (0..r.u64()?).map(|_| r.str().map(str::to_string)).collect::<Option<_>>()?;
                let terms = decode_terms(&mut r)?;
                Some((base, Record { name, stamp, hash, row, paths, terms }))
            })
            .collect::<Option<Vec<_>>>()?;
        let vocab = (0..r.u64()?).map(|_| r.str().map(str::to_string)).collect::<Option<_>>()?;
        let broken = (0..r.u64()?)
            .map(|_| Some((u8::try_from(r.u32()?).ok().filter(|f| usize::from(*f) < FOLDERS)?, r.str()?.to_string())))
            .collect::<Option<_>>()?;
        let sorted = docs.windows(2).all(|w| w[0].1.key() < w[1].1.key()) && tombstones.is_sorted();
        (r.is_empty() && sorted).then_some(Delta { checked_at, base_id, folders, tombstones, docs, vocab, broken })
    }
}

fn encode_terms(w: &mut Writer, terms: &[TermFreq]) {
    w.u64(terms.len() as u64);
    let mut last = 0;
    for (t, tf) in terms {
        w.u32(t - last);
        last = *t;
        tf.iter().for_each(|f| w.u32(*f));
    }
}

fn decode_terms(r: &mut Reader<'_>) -> Option<Vec<TermFreq>> {
    let mut id = 0u32;
    (0..r.u64()?)
        .enumerate()
        .map(|(i, _)| {
            let delta = r.u32()?;
            if i > 0 && delta == 0 {
                return None;
            }
            id = id.checked_add(delta)?;
            Some((id, [r.u32()?, r.u32()?, r.u32()?]))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::item::{Kind, Status};

    #[test]
    fn round_trips_and_rejects_a_torn_file() {
        let row = Row {
            kind: Kind::Pattern,
            status: Status::Active,
            tier: None,
            live: true,
            len: [1, 0, 2],
            tokens: 9,
            paths_at: 0,
            paths_len: 0,
            utility: 0.5,
            updated: 10,
            last_applied: None,
        };
        let record = Record {
            name: "P-1.md".into(),
            stamp: Stamp { size: 3, ..Stamp::default() },
            hash: [7; 16],
            row,
            paths: vec!["src/**".into()],
            terms: vec![(0, [1, 0, 0]), (5, [0, 0, 2])],
        };
        let delta = Delta {
            checked_at: 99,
            base_id: [1; 16],
            folders: [None, Some(FolderStamp::default()), None, None, None],
            tombstones: vec![2, 4],
            docs: vec![(Some(3), record)],
            vocab: vec!["new".into()],
            broken: vec![(0, "L-bad.md".into())],
        };
        let bytes = delta.encode();
        assert_eq!(Delta::decode(&bytes), Some(delta));
        assert_eq!(Delta::decode(&bytes[..bytes.len() - 1]), None);
        let mut flipped = bytes.clone();
        flipped[20] ^= 1;
        assert_eq!(Delta::decode(&flipped), None);
    }
}
