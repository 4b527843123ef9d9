//! The item vectors: `.agents/cache/vectors.bin`, one int8 vector
//! ([`Quantized`]) per item content, keyed by the content hash the index
//! keeps for each file.
//!
//! Layout (little-endian): the magic `AGVEC\0\0\x04`, the encoder's 16-byte
//! fingerprint, the dimension and the count (u32); the content hashes, sorted
//! (16 bytes each); the scales (f32 each); the sign codes (`dims / 8` bytes
//! each, see [`super::signs`]); zeros up to a multiple of 64 bytes; the
//! values (`dims` signed bytes per entry); then the checksums, each the
//! first 16 bytes of a blake3: one of the header, hashes and scales, and one
//! per block of [`BLOCK`] entries' codes and values. Every part is in hash
//! order.
//!
//! Why so: a lookup in a 100k item ledger maps the file (40 MB, see
//! [`crate::mapped`]), finds its items in the 1.6 MB of hashes alone, and
//! reads the 4.8 MB of codes, then the values of the few items they select.
//! Another encoder's file, a torn one, or one whose hashes or scales are
//! damaged reads as empty. The blocks' checksums are not verified by a
//! query (that would cost more than the query at 100k items, and a damaged
//! value can only move one item in a ranking), but by every write, which
//! leaves a damaged block out of the next file, and by `agentops ledger
//! embed`, which computes its vectors again.

use std::path::Path;

use super::quantized::Quantized;
use super::signs;
use crate::atomic::replace_unsynced;
use crate::error::LedgerError;
use crate::index::par;
use crate::mapped::{FileBytes, map};

/// The vector file, relative to `.agents/`.
pub(crate) const VECTORS_FILE: &str = "cache/vectors.bin";
const MAGIC: &[u8; 8] = b"AGVEC\0\0\x04";
/// Magic, fingerprint, dimension and count.
const HEADER: usize = 32;
/// Entries per checksummed block of values: 384 KB of 384-value vectors,
/// about a hundred blocks at 100k items to share between the cores.
const BLOCK: usize = 1024;
const SUM: usize = 16;

/// Where each part of a file of `count` vectors of `dims` values starts.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Layout {
    count: usize,
    dims: usize,
    scales: usize,
    codes: usize,
    values: usize,
    sums: usize,
    len: usize,
}

impl Layout {
    fn new(count: usize, dims: usize) -> Option<Layout> {
        let scales = count.checked_mul(16)?.checked_add(HEADER)?;
        let codes = count.checked_mul(4)?.checked_add(scales)?;
        let values = count.checked_mul(dims.div_ceil(8))?.checked_add(codes)?.checked_next_multiple_of(64)?;
        let sums = count.checked_mul(dims)?.checked_add(values)?;
        let len = (count.div_ceil(BLOCK) + 1).checked_mul(SUM)?.checked_add(sums)?;
        Some(Layout { count, dims, scales, codes, values, sums, len })
    }

    fn code_len(&self) -> usize {
        self.dims.div_ceil(8)
    }

    fn blocks(&self) -> usize {
        self.count.div_ceil(BLOCK)
    }

    /// The entries of block `b`.
    fn block(&self, b: usize) -> std::ops::Range<usize> {
        b * BLOCK..((b + 1) * BLOCK).min(self.count)
    }
}

/// The vectors of one encoder, sorted by content hash.
#[derive(Debug)]
pub(crate) struct Vectors {
    fingerprint: [u8; 16],
    layout: Layout,
    bytes: FileBytes,
    /// Per block, whether its values failed their checksum; empty when not
    /// verified. An entry of a damaged block is not found.
    damaged: Vec<bool>,
}

impl Vectors {
    /// The stored vectors of the ledger at `dir` for an encoder, empty when
    /// there are none of its; the values are not verified.
    pub fn load(dir: &Path, fingerprint: [u8; 16], dims: usize) -> Vectors {
        map(&dir.join(VECTORS_FILE))
            .ok()
            .and_then(|bytes| Vectors::read(bytes, fingerprint, dims))
            .unwrap_or_else(|| Vectors::empty(fingerprint, dims))
    }

    /// [`load`](Self::load), with every block's values verified: the
    /// entries of a damaged block are not found, so they are computed again.
    pub fn load_verified(dir: &Path, fingerprint: [u8; 16], dims: usize) -> Vectors {
        let mut vectors = Vectors::load(dir, fingerprint, dims);
        vectors.damaged = (0..vectors.layout.blocks()).map(|b| !vectors.block_intact(b)).collect();
        vectors
    }

    fn empty(fingerprint: [u8; 16], dims: usize) -> Vectors {
        let layout = Layout::new(0, dims).expect("an empty file's layout");
        Vectors { fingerprint, layout, bytes: FileBytes::Owned(Vec::new()), damaged: Vec::new() }
    }

    /// The file of `bytes` when it is whole and of this encoder, with its
    /// hashes and scales undamaged and sorted.
    fn read(map: FileBytes, fingerprint: [u8; 16], dims: usize) -> Option<Vectors> {
        let u32_at = |at: usize| map.get(at..at + 4).map(|b| u32::from_le_bytes(b.try_into().expect("4")) as usize);
        let layout = Layout::new(u32_at(28)?, dims)?;
        let whole = map.len() == layout.len
            && map[..8] == *MAGIC
            && map[8..24] == fingerprint
            && u32_at(24) == Some(dims)
            && sum(&[&map[..layout.codes]]) == map[layout.sums..layout.sums + SUM];
        let vectors = Vectors { fingerprint, layout, bytes: map, damaged: Vec::new() };
        let sorted = whole && (1..layout.count).all(|i| vectors.hash(i - 1) < vectors.hash(i));
        sorted.then_some(vectors)
    }

    fn hash(&self, i: usize) -> &[u8] {
        &self.bytes[HEADER + i * 16..HEADER + (i + 1) * 16]
    }

    fn scale(&self, i: usize) -> f32 {
        let at = self.layout.scales + i * 4;
        f32::from_le_bytes(self.bytes[at..at + 4].try_into().expect("4 bytes"))
    }

    fn values(&self, entries: std::ops::Range<usize>) -> &[i8] {
        let dims = self.layout.dims;
        bytemuck::cast_slice(
            &self.bytes[self.layout.values + entries.start * dims..self.layout.values + entries.end * dims],
        )
    }

    /// The sign codes of `entries`, back to back.
    fn codes(&self, entries: std::ops::Range<usize>) -> &[u8] {
        let n = self.layout.code_len();
        &self.bytes[self.layout.codes + entries.start * n..self.layout.codes + entries.end * n]
    }

    /// What identifies the file's vectors: the checksum of its header,
    /// hashes and scales (a content hash's vector never changes).
    pub fn identity(&self) -> [u8; 16] {
        if self.layout.count == 0 {
            return [0; 16];
        }
        self.bytes[self.layout.sums..self.layout.sums + SUM].try_into().expect("16 bytes")
    }

    /// How many vectors the file holds.
    pub fn count(&self) -> usize {
        self.layout.count
    }

    /// Entry `i`'s scale and values.
    pub fn vector(&self, i: usize) -> (f32, &[i8]) {
        (self.scale(i), self.values(i..i + 1))
    }

    /// Whether block `b`'s codes and values are as written.
    fn block_intact(&self, b: usize) -> bool {
        let at = self.layout.sums + (b + 1) * SUM;
        let block = self.layout.block(b);
        sum(&[self.codes(block.clone()), bytemuck::cast_slice(self.values(block))]) == self.bytes[at..at + SUM]
    }

    /// Per entry, whether its code is among the `keep` nearest to the code
    /// of `query` (see [`signs::nearest`]).
    pub fn nearest(&self, query: &Quantized, keep: usize) -> Vec<bool> {
        signs::nearest(&signs::code(&query.values), self.codes(0..self.layout.count), keep)
    }

    /// The entry of each of `hashes`, if stored (and not known damaged): one
    /// merge of the two sorted lists.
    pub fn find_all(&self, hashes: &[[u8; 16]]) -> Vec<Option<u32>> {
        let key = |entry: usize| u128::from_be_bytes(self.hash(entry).try_into().expect("16 bytes"));
        let count = self.layout.count;
        let mut found = vec![None; hashes.len()];
        let mut entry = 0;
        for (hash, i) in sorted(hashes) {
            while entry < count && key(entry) < hash {
                entry += 1;
            }
            let damaged = || self.damaged.get(entry / BLOCK).copied().unwrap_or(false);
            if entry < count && key(entry) == hash && !damaged() {
                found[i as usize] = Some(entry as u32);
            }
        }
        found
    }

    /// The stored vector of content `hash`: its scale and values.
    #[cfg(test)]
    pub fn get(&self, hash: &[u8; 16]) -> Option<(f32, &[i8])> {
        self.find_all(&[*hash])[0].map(|i| self.vector(i as usize))
    }

    /// The dot product of `query` with every stored vector, by entry, the
    /// blocks shared between the cores.
    pub fn dots(&self, query: &Quantized) -> Vec<f32> {
        let blocks: Vec<usize> = (0..self.layout.blocks()).collect();
        par::chunks(&blocks, 1, |part| {
            let mut dots = Vec::new();
            for b in part {
                let entries = self.layout.block(*b);
                query.dots(self.values(entries.clone()), entries.map(|i| self.scale(i)), &mut dots);
            }
            dots
        })
    }

    /// Adds `new` vectors and writes the file, keeping of the others only
    /// those of `live` hashes in undamaged blocks; nothing when there is
    /// nothing new (vectors of items gone wait for the next write).
    pub fn update(
        &mut self,
        dir: &Path,
        live: &[[u8; 16]],
        new: Vec<([u8; 16], Quantized)>,
    ) -> Result<(), LedgerError> {
        if new.is_empty() {
            return Ok(());
        }
        let dims = self.layout.dims;
        let intact: Vec<bool> = (0..self.layout.blocks()).map(|b| self.block_intact(b)).collect();
        let mut entries: Vec<([u8; 16], f32, &[i8])> = self
            .find_all(live)
            .into_iter()
            .flatten()
            .map(|i| i as usize)
            .filter(|i| intact[i / BLOCK])
            .map(|i| (self.hash(i).try_into().expect("16 bytes"), self.scale(i), self.values(i..i + 1)))
            .collect();
        entries.extend(
            new.iter().filter(|(_, q)| q.values.len() == dims).map(|(h, q)| (*h, q.scale, q.values.as_slice())),
        );
        entries.sort_unstable_by_key(|(hash, _, _)| *hash);
        entries.dedup_by_key(|(hash, _, _)| *hash);
        let layout = Layout::new(entries.len(), dims).expect("a file that fits in memory");
        let mut out = Vec::with_capacity(layout.len);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.fingerprint);
        out.extend_from_slice(&(dims as u32).to_le_bytes());
        out.extend_from_slice(&(entries.len() as u32).to_le_bytes());
        entries.iter().for_each(|(hash, _, _)| out.extend_from_slice(hash));
        entries.iter().for_each(|(_, scale, _)| out.extend_from_slice(&scale.to_le_bytes()));
        entries.iter().for_each(|(_, _, values)| out.extend(signs::code(values)));
        out.resize(layout.values, 0);
        entries.iter().for_each(|(_, _, values)| out.extend_from_slice(bytemuck::cast_slice(values)));
        let head = sum(&[&out[..layout.codes]]);
        out.extend_from_slice(&head);
        let code_len = layout.code_len();
        for b in 0..layout.blocks() {
            let block = layout.block(b);
            let codes = &out[layout.codes + block.start * code_len..layout.codes + block.end * code_len];
            let values = &out[layout.values + block.start * dims..layout.values + block.end * dims];
            let block_sum = sum(&[codes, values]);
            out.extend_from_slice(&block_sum);
        }
        debug_assert_eq!(out.len(), layout.len);
        let path = dir.join(VECTORS_FILE);
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).map_err(|e| LedgerError::io(folder, e))?;
        }
        // A cache: checksummed, computed again if a crash loses it, so a
        // read that adds vectors does not wait for 40 MB to reach the disk.
        replace_unsynced(&path, &out)?;
        *self = Vectors { fingerprint: self.fingerprint, layout, bytes: FileBytes::Owned(out), damaged: Vec::new() };
        Ok(())
    }
}

/// `hashes` as big-endian numbers (their bytes' order), sorted, each with
/// its index. Content hashes are uniform, so counting them into buckets by
/// their first 16 bits leaves a bucket or two per hash to finish by
/// insertion: linear, where a comparison sort of 100k hashes cost a lookup
/// 3 ms.
fn sorted(hashes: &[[u8; 16]]) -> Vec<(u128, u32)> {
    let keyed = hashes.iter().map(|h| u128::from_be_bytes(*h)).zip(0..);
    if hashes.len() < 1 << 12 {
        let mut out: Vec<(u128, u32)> = keyed.collect();
        out.sort_unstable();
        return out;
    }
    let bucket = |key: u128| (key >> 112) as usize;
    let mut starts = vec![0u32; (1 << 16) + 1];
    for h in hashes {
        starts[bucket(u128::from_be_bytes(*h)) + 1] += 1;
    }
    for b in 1..starts.len() {
        starts[b] += starts[b - 1];
    }
    let mut out = vec![(0u128, 0u32); hashes.len()];
    let mut next = starts.clone();
    for (key, i) in keyed {
        let at = &mut next[bucket(key)];
        out[*at as usize] = (key, i);
        *at += 1;
    }
    for b in starts.windows(2) {
        out[b[0] as usize..b[1] as usize].sort_unstable();
    }
    out
}

/// The checksum of `parts` one after the other.
fn sum(parts: &[&[u8]]) -> [u8; SUM] {
    let mut hasher = blake3::Hasher::new();
    parts.iter().for_each(|part| {
        hasher.update(part);
    });
    hasher.finalize().as_bytes()[..SUM].try_into().expect("16 bytes")
}

#[cfg(test)]
mod tests {
    use super::super::quantized::unit;
    use super::*;

    #[test]
    fn hashes_sort_in_their_bytes_order_whatever_their_number() {
        for n in [0, 1, 5, 5000] {
            let mut hashes: Vec<[u8; 16]> =
                (0..n).map(|i: u32| blake3::hash(&i.to_le_bytes()).as_bytes()[..16].try_into().unwrap()).collect();
            hashes.extend(hashes.first().copied()); // a duplicate
            let got: Vec<[u8; 16]> = sorted(&hashes)
                .iter()
                .map(|(k, i)| {
                    assert_eq!(k.to_be_bytes(), hashes[*i as usize]);
                    hashes[*i as usize]
                })
                .collect();
            let mut want = hashes.clone();
            want.sort_unstable();
            assert_eq!(got, want, "{n} hashes");
        }
    }

    #[test]
    fn the_file_round_trips_and_anything_else_reads_as_empty() {
        let dir = tempfile::tempdir().unwrap();
        let fp = [7; 16];
        let q = |seed| Quantized::new(&unit(seed, 8));
        let mut vectors = Vectors::load(dir.path(), fp, 8);
        let (h1, h2, h3) = ([1; 16], [2; 16], [3; 16]);
        vectors.update(dir.path(), &[h1, h2], vec![(h2, q(2)), (h1, q(1))]).unwrap();
        assert_eq!(vectors.get(&h1), Some((q(1).scale, q(1).values.as_slice())), "in memory");
        let again = Vectors::load(dir.path(), fp, 8);
        assert_eq!(again.get(&h1), Some((q(1).scale, q(1).values.as_slice())));
        assert_eq!(again.get(&h2), Some((q(2).scale, q(2).values.as_slice())));
        assert!(again.get(&h3).is_none());
        // Vectors of items no longer live are dropped when the file is next written.
        let mut again = again;
        again.update(dir.path(), &[h2], Vec::new()).unwrap();
        assert!(Vectors::load(dir.path(), fp, 8).get(&h1).is_some(), "nothing new: nothing written");
        again.update(dir.path(), &[h2, h3], vec![(h3, q(3))]).unwrap();
        assert!(Vectors::load(dir.path(), fp, 8).get(&h1).is_none());
        assert!(Vectors::load(dir.path(), fp, 8).get(&h3).is_some());
        assert!(Vectors::load(dir.path(), [8; 16], 8).get(&h2).is_none(), "another encoder's");
        assert!(Vectors::load(dir.path(), fp, 16).get(&h2).is_none(), "another dimension");
        let path = dir.path().join(VECTORS_FILE);
        let mut bytes = std::fs::read(&path).unwrap();
        bytes[40] ^= 1;
        std::fs::write(&path, &bytes).unwrap();
        assert!(Vectors::load(dir.path(), fp, 8).get(&h2).is_none(), "a damaged hash");
        bytes[40] ^= 1;
        bytes.pop();
        std::fs::write(&path, &bytes).unwrap();
        assert!(Vectors::load(dir.path(), fp, 8).get(&h2).is_none(), "torn");
    }

    /// Entries spread over several blocks, one of them damaged.
    fn three_blocks(dir: &Path) -> (Vectors, Vec<[u8; 16]>, Vec<Quantized>) {
        let hashes: Vec<[u8; 16]> =
            (0..2 * BLOCK + 5).map(|i| blake3::hash(&i.to_le_bytes()).as_bytes()[..16].try_into().unwrap()).collect();
        let quantized: Vec<Quantized> = (0..hashes.len()).map(|i| Quantized::new(&unit(i as u32, 8))).collect();
        let mut vectors = Vectors::load(dir, [7; 16], 8);
        vectors.update(dir, &hashes, hashes.iter().copied().zip(quantized.iter().cloned()).collect()).unwrap();
        (Vectors::load(dir, [7; 16], 8), hashes, quantized)
    }

    #[test]
    fn dots_cover_every_block_in_entry_order() {
        let dir = tempfile::tempdir().unwrap();
        let (vectors, hashes, quantized) = three_blocks(dir.path());
        let query = Quantized::new(&unit(99, 8));
        let dots = vectors.dots(&query);
        assert_eq!(dots.len(), hashes.len());
        for (hash, q) in hashes.iter().zip(&quantized) {
            let entry = vectors.find_all(&[*hash])[0].unwrap();
            assert_eq!(dots[entry as usize], query.dot((q.scale, &q.values)));
        }
    }

    #[test]
    fn a_damaged_block_is_found_by_a_verified_load_and_never_copied() {
        let dir = tempfile::tempdir().unwrap();
        let (vectors, hashes, _) = three_blocks(dir.path());
        let layout = vectors.layout;
        drop(vectors);
        let path = dir.path().join(VECTORS_FILE);
        let mut bytes = std::fs::read(&path).unwrap();
        bytes[layout.values + BLOCK * 8 + 3] ^= 0x40;
        std::fs::write(&path, &bytes).unwrap();
        let verified = Vectors::load_verified(dir.path(), [7; 16], 8);
        assert_eq!(verified.find_all(&hashes).iter().flatten().count(), hashes.len() - BLOCK);
        let mut damaged = Vectors::load(dir.path(), [7; 16], 8);
        assert_eq!(damaged.find_all(&hashes).iter().flatten().count(), hashes.len(), "not verified");
        let extra = [0xff; 16];
        damaged.update(dir.path(), &hashes, vec![(extra, Quantized::new(&unit(5, 8)))]).unwrap();
        let rewritten = Vectors::load(dir.path(), [7; 16], 8);
        let found = rewritten.find_all(&hashes);
        assert_eq!(found.iter().flatten().count(), hashes.len() - BLOCK, "the damaged block's entries are gone");
        assert!(rewritten.get(&extra).is_some());
    }
}
