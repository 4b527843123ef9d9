//! The item vectors: `.agents/cache/vectors.bin`, one int8 vector per item
//! content, keyed by the content hash the index keeps for each file.
//!
//! Layout: the magic `AGVEC\0\0\x02`, the encoder's 16-byte fingerprint,
//! the dimension and the count (u32 little-endian), then per entry the hash
//! (16 bytes), the scale (f32) and `dims` signed bytes, sorted by hash; the
//! file ends with the first 16 bytes of the blake3 of everything before.
//! Another encoder's file, a torn or damaged one, reads as empty: the
//! vectors are computed again. A vector is stored as `round(x / scale)`
//! with `scale = max |x| / 127`, which keeps cosine similarities of unit
//! vectors within about 0.01 of the exact ones.
//!
//! The entries are kept as the file's bytes and searched in place (a 100k
//! item ledger has 40 MB of them: one read, no allocation per entry), and a
//! query is quantized the same way, so a similarity is an integer dot
//! product, which the compiler vectorizes.

use std::path::Path;

use crate::atomic::write_atomic;
use crate::error::LedgerError;

/// The vector file, relative to `.agents/`.
pub(crate) const VECTORS_FILE: &str = "cache/vectors.bin";
const MAGIC: &[u8; 8] = b"AGVEC\0\0\x02";
/// Magic, fingerprint, dimension and count.
const HEADER: usize = 32;
/// Hash and scale, before the values.
const ENTRY_HEAD: usize = 20;

/// A vector as int8 values and the scale that multiplies them.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Quantized {
    pub scale: f32,
    pub values: Vec<i8>,
}

impl Quantized {
    pub fn new(v: &[f32]) -> Quantized {
        let max = v.iter().fold(0.0f32, |m, x| m.max(x.abs()));
        let scale = if max > 0.0 { max / 127.0 } else { 1.0 };
        Quantized { scale, values: v.iter().map(|x| (x / scale).round().clamp(-127.0, 127.0) as i8).collect() }
    }

    /// The dot product with the stored vector `(scale, values)`, summed in
    /// 16 independent lanes so that it compiles to vector instructions.
    pub fn dot(&self, (scale, values): (f32, &[i8])) -> f32 {
        let mut lanes = [0i32; 16];
        let (a, b) = (self.values.chunks_exact(16), values.chunks_exact(16));
        let rest: i32 = a.remainder().iter().zip(b.remainder()).map(|(x, y)| i32::from(*x) * i32::from(*y)).sum();
        for (x, y) in a.zip(b) {
            for k in 0..16 {
                lanes[k] += i32::from(x[k]) * i32::from(y[k]);
            }
        }
        (lanes.iter().sum::<i32>() + rest) as f32 * self.scale * scale
    }
}

/// The vectors of one encoder, sorted by content hash.
#[derive(Debug, Default)]
pub(crate) struct Vectors {
    fingerprint: [u8; 16],
    dims: usize,
    /// The entries, as in the file.
    entries: Vec<u8>,
}

impl Vectors {
    /// The stored vectors of the ledger at `dir` for an encoder, empty when
    /// there are none of its.
    pub fn load(dir: &Path, fingerprint: [u8; 16], dims: usize) -> Vectors {
        let mut vectors = Vectors { fingerprint, dims, entries: Vec::new() };
        if let Ok(mut bytes) = std::fs::read(dir.join(VECTORS_FILE))
            && vectors.valid(&bytes)
        {
            bytes.truncate(bytes.len() - 16);
            bytes.drain(..HEADER);
            vectors.entries = bytes;
        }
        vectors
    }

    fn entry_len(&self) -> usize {
        ENTRY_HEAD + self.dims
    }

    fn len(&self) -> usize {
        self.entries.len() / self.entry_len()
    }

    fn hash(&self, i: usize) -> &[u8] {
        let at = i * self.entry_len();
        &self.entries[at..at + 16]
    }

    /// The stored vector `i`: its scale and values.
    pub fn vector(&self, i: usize) -> (f32, &[i8]) {
        let at = i * self.entry_len();
        let scale = f32::from_le_bytes(self.entries[at + 16..at + 20].try_into().expect("4 bytes"));
        (scale, bytemuck::cast_slice(&self.entries[at + ENTRY_HEAD..at + self.entry_len()]))
    }

    /// The entry of each of `hashes`, if stored: one merge of the two sorted
    /// lists, reading the entries in order (a binary search per hash would
    /// miss the cache on every probe of a 40 MB file).
    pub fn find_all(&self, hashes: &[[u8; 16]]) -> Vec<Option<usize>> {
        let mut order: Vec<usize> = (0..hashes.len()).collect();
        order.sort_unstable_by_key(|i| hashes[*i]);
        let mut found = vec![None; hashes.len()];
        let mut entry = 0;
        for i in order {
            while entry < self.len() && self.hash(entry) < hashes[i].as_slice() {
                entry += 1;
            }
            if entry < self.len() && self.hash(entry) == hashes[i].as_slice() {
                found[i] = Some(entry);
            }
        }
        found
    }

    /// The stored vector of content `hash`: its scale and values.
    #[cfg(test)]
    pub fn get(&self, hash: &[u8; 16]) -> Option<(f32, &[i8])> {
        self.find_all(&[*hash])[0].map(|i| self.vector(i))
    }

    /// Adds `new` vectors and writes the file, keeping of the others only
    /// those of `live` hashes; nothing when there is nothing new (vectors of
    /// items gone wait for the next write).
    pub fn update(
        &mut self,
        dir: &Path,
        live: &[[u8; 16]],
        new: Vec<([u8; 16], Quantized)>,
    ) -> Result<(), LedgerError> {
        if new.is_empty() {
            return Ok(());
        }
        let n = self.entry_len();
        let mut keep = vec![false; self.len()];
        for entry in self.find_all(live).into_iter().flatten() {
            keep[entry] = true;
        }
        let mut entries: Vec<&[u8]> =
            self.entries.chunks_exact(n).zip(&keep).filter(|(_, k)| **k).map(|(e, _)| e).collect();
        let added: Vec<Vec<u8>> = new
            .into_iter()
            .filter(|(_, q)| q.values.len() == self.dims)
            .map(|(hash, q)| {
                let mut entry = Vec::with_capacity(n);
                entry.extend_from_slice(&hash);
                entry.extend_from_slice(&q.scale.to_le_bytes());
                entry.extend_from_slice(bytemuck::cast_slice(&q.values));
                entry
            })
            .collect();
        entries.extend(added.iter().map(Vec::as_slice));
        entries.sort_unstable_by(|a, b| a[..16].cmp(&b[..16]));
        entries.dedup_by(|a, b| a[..16] == b[..16]);
        let mut out = Vec::with_capacity(HEADER + entries.len() * n + 16);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.fingerprint);
        out.extend_from_slice(&(self.dims as u32).to_le_bytes());
        out.extend_from_slice(&(entries.len() as u32).to_le_bytes());
        for entry in &entries {
            out.extend_from_slice(entry);
        }
        let sum = blake3::hash(&out);
        out.extend_from_slice(&sum.as_bytes()[..16]);
        self.entries = out[HEADER..out.len() - 16].to_vec();
        let path = dir.join(VECTORS_FILE);
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).map_err(|e| LedgerError::io(folder, e))?;
        }
        write_atomic(&path, &out)
    }

    /// Whether `bytes` is a whole, undamaged file of this encoder, sorted.
    fn valid(&self, bytes: &[u8]) -> bool {
        let Some((body, sum)) = bytes.len().checked_sub(16).and_then(|at| bytes.split_at_checked(at)) else {
            return false;
        };
        let u32_at = |at: usize| body.get(at..at + 4).map(|b| u32::from_le_bytes(b.try_into().expect("4")) as usize);
        let n = self.entry_len();
        body.len() >= HEADER
            && blake3::hash(body).as_bytes()[..16] == *sum
            && body[..8] == *MAGIC
            && body[8..24] == self.fingerprint
            && u32_at(24) == Some(self.dims)
            && u32_at(28).and_then(|count| count.checked_mul(n)) == Some(body.len() - HEADER)
            && body[HEADER..]
                .chunks_exact(n)
                .zip(body[HEADER..].chunks_exact(n).skip(1))
                .all(|(a, b)| a[..16] < b[..16])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(seed: u32, dims: usize) -> Vec<f32> {
        let v: Vec<f32> = (0..dims).map(|i| ((i as u32 * 7919 + seed * 104_729) % 1000) as f32 - 500.0).collect();
        let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        v.iter().map(|x| x / norm).collect()
    }

    #[test]
    fn quantized_dots_stay_close_to_the_exact_ones() {
        for seed in 0..20 {
            let (a, b) = (unit(seed, 384), unit(seed + 100, 384));
            let exact: f32 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
            let stored = Quantized::new(&b);
            let approx = Quantized::new(&a).dot((stored.scale, &stored.values));
            assert!((exact - approx).abs() < 0.01, "{exact} vs {approx}");
        }
        let zero = Quantized::new(&[0.0; 4]);
        assert_eq!(zero.dot((1.0, &[1, 2, 3, 4])), 0.0);
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
        assert!(Vectors::load(dir.path(), fp, 8).get(&h2).is_none(), "damaged");
    }
}
