//! The item vectors: `.agents/cache/vectors.bin`, one int8 vector per item
//! content, keyed by the content hash the index keeps for each file.
//!
//! Layout: the magic `AGVEC\0\0\x01`, the encoder's 16-byte fingerprint,
//! the dimension and the count (u32 little-endian), then per entry the hash
//! (16 bytes), the scale (f32) and `dims` signed bytes, sorted by hash; the
//! file ends with the first 16 bytes of the blake3 of everything before.
//! Another encoder's file, a torn or damaged one, reads as empty: the
//! vectors are computed again. A vector is stored as `round(x / scale)`
//! with `scale = max |x| / 127`, which keeps cosine similarities of unit
//! vectors within about 0.01 of the exact ones.

use std::path::Path;

use crate::atomic::write_atomic;
use crate::error::LedgerError;

/// The vector file, relative to `.agents/`.
pub(crate) const VECTORS_FILE: &str = "cache/vectors.bin";
const MAGIC: &[u8; 8] = b"AGVEC\0\0\x01";

/// One stored vector.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Stored {
    pub scale: f32,
    pub values: Vec<i8>,
}

impl Stored {
    pub fn quantize(v: &[f32]) -> Stored {
        let max = v.iter().fold(0.0f32, |m, x| m.max(x.abs()));
        let scale = if max > 0.0 { max / 127.0 } else { 1.0 };
        Stored { scale, values: v.iter().map(|x| (x / scale).round().clamp(-127.0, 127.0) as i8).collect() }
    }

    /// The dot product with `q`.
    pub fn dot(&self, q: &[f32]) -> f32 {
        let sum: f32 = self.values.iter().zip(q).map(|(v, x)| f32::from(*v) * x).sum();
        sum * self.scale
    }
}

/// The vectors of one encoder, by content hash, sorted.
#[derive(Debug, Default)]
pub(crate) struct Vectors {
    fingerprint: [u8; 16],
    dims: usize,
    entries: Vec<([u8; 16], Stored)>,
}

impl Vectors {
    /// The stored vectors of the ledger at `dir` for an encoder, empty when
    /// there are none of its.
    pub fn load(dir: &Path, fingerprint: [u8; 16], dims: usize) -> Vectors {
        let empty = Vectors { fingerprint, dims, entries: Vec::new() };
        let Ok(bytes) = std::fs::read(dir.join(VECTORS_FILE)) else { return empty };
        decode(&bytes, fingerprint, dims).unwrap_or(empty)
    }

    pub fn get(&self, hash: &[u8; 16]) -> Option<&Stored> {
        self.entries.binary_search_by(|(h, _)| h.cmp(hash)).ok().map(|i| &self.entries[i].1)
    }

    /// Keeps the vectors of `live` hashes only, adds `new` ones, and writes
    /// the file when that changed anything.
    pub fn update(&mut self, dir: &Path, live: &[[u8; 16]], new: Vec<([u8; 16], Stored)>) -> Result<(), LedgerError> {
        let before = self.entries.len();
        let mut live = live.to_vec();
        live.sort_unstable();
        self.entries.retain(|(h, _)| live.binary_search(h).is_ok());
        let dropped = self.entries.len() != before;
        if new.is_empty() && !dropped {
            return Ok(());
        }
        self.entries.extend(new.into_iter().filter(|(_, s)| s.values.len() == self.dims));
        self.entries.sort_by_key(|(hash, _)| *hash);
        self.entries.dedup_by(|a, b| a.0 == b.0);
        let path = dir.join(VECTORS_FILE);
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).map_err(|e| LedgerError::io(folder, e))?;
        }
        write_atomic(&path, &self.encode())
    }

    fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(36 + self.entries.len() * (20 + self.dims) + 16);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.fingerprint);
        out.extend_from_slice(&(self.dims as u32).to_le_bytes());
        out.extend_from_slice(&(self.entries.len() as u32).to_le_bytes());
        for (hash, stored) in &self.entries {
            out.extend_from_slice(hash);
            out.extend_from_slice(&stored.scale.to_le_bytes());
            out.extend(stored.values.iter().map(|v| *v as u8));
        }
        let sum = blake3::hash(&out);
        out.extend_from_slice(&sum.as_bytes()[..16]);
        out
    }
}

fn decode(bytes: &[u8], fingerprint: [u8; 16], dims: usize) -> Option<Vectors> {
    let (body, sum) = bytes.split_at_checked(bytes.len().checked_sub(16)?)?;
    if blake3::hash(body).as_bytes()[..16] != *sum || body.get(..8)? != MAGIC || body.get(8..24)? != fingerprint {
        return None;
    }
    let u32_at = |at: usize| Some(u32::from_le_bytes(body.get(at..at + 4)?.try_into().ok()?) as usize);
    if u32_at(24)? != dims {
        return None;
    }
    let count = u32_at(28)?;
    let entry = 20 + dims;
    let data = body.get(32..)?;
    if data.len() != count.checked_mul(entry)? {
        return None;
    }
    let mut entries = Vec::with_capacity(count);
    for chunk in data.chunks_exact(entry) {
        let hash: [u8; 16] = chunk[..16].try_into().ok()?;
        let scale = f32::from_le_bytes(chunk[16..20].try_into().ok()?);
        entries.push((hash, Stored { scale, values: chunk[20..].iter().map(|b| *b as i8).collect() }));
    }
    entries.windows(2).all(|w| w[0].0 < w[1].0).then_some(Vectors { fingerprint, dims, entries })
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
            let approx = Stored::quantize(&a).dot(&b);
            assert!((exact - approx).abs() < 0.01, "{exact} vs {approx}");
        }
        assert_eq!(Stored::quantize(&[0.0; 4]).dot(&[1.0; 4]), 0.0);
    }

    #[test]
    fn the_file_round_trips_and_anything_else_reads_as_empty() {
        let dir = tempfile::tempdir().unwrap();
        let fp = [7; 16];
        let mut vectors = Vectors::load(dir.path(), fp, 8);
        let (h1, h2, h3) = ([1; 16], [2; 16], [3; 16]);
        let new = vec![(h2, Stored::quantize(&unit(2, 8))), (h1, Stored::quantize(&unit(1, 8)))];
        vectors.update(dir.path(), &[h1, h2], new).unwrap();
        let again = Vectors::load(dir.path(), fp, 8);
        assert_eq!(again.get(&h1), Some(&Stored::quantize(&unit(1, 8))));
        assert!(again.get(&h3).is_none());
        // Vectors of items no longer live are dropped on the next update.
        let mut again = again;
        again.update(dir.path(), &[h2], Vec::new()).unwrap();
        assert!(Vectors::load(dir.path(), fp, 8).get(&h1).is_none());
        assert!(Vectors::load(dir.path(), [8; 16], 8).get(&h2).is_none(), "another encoder's");
        assert!(Vectors::load(dir.path(), fp, 16).get(&h2).is_none(), "another dimension");
        let path = dir.path().join(VECTORS_FILE);
        let mut bytes = std::fs::read(&path).unwrap();
        bytes[40] ^= 1;
        std::fs::write(&path, &bytes).unwrap();
        assert!(Vectors::load(dir.path(), fp, 8).get(&h2).is_none(), "damaged");
    }
}
