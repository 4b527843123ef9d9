//! Which stored vector each of the index's positions has, remembered in
//! `.agents/cache/vectors.map` for the next query.
//!
//! Finding them means listing the ranked positions, sorting 100k content
//! hashes and merging them with the vector file's: about 9 ms of a 100k item
//! lookup, with the same answer every time until the index or the vector
//! file changes. So the answer is kept, keyed by both: the index's cache
//! state (its base's id and its delta's checksum, as the watcher's vouch
//! is) and the vector file's head checksum (which covers every content hash
//! and scale; a hash's vector never changes). A key that does not match, a
//! torn or a damaged file, is simply not used; the file is written again by
//! the next query that finds the entries the long way.
//!
//! Layout (little-endian): the magic `AGVMAP\0\x01`, the index's base id
//! and delta checksum (16 bytes each), the vector file's checksum (16), the
//! number of positions (u32), then per position its entry (u32; `u32::MAX`
//! for a position that is not ranked), and the first 16 bytes of the blake3
//! of everything before.

use std::path::Path;

use crate::atomic::replace_unsynced;
use crate::watch::CacheState;

/// The file, relative to `.agents/`.
const ENTRIES_FILE: &str = "cache/vectors.map";
const MAGIC: &[u8; 8] = b"AGVMAP\0\x01";
const HEADER: usize = 8 + 16 + 16 + 16 + 4;
const NONE: u32 = u32::MAX;

/// What the entries were found for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Key {
    pub index: CacheState,
    pub vectors: [u8; 16],
}

/// The ranked positions and their entries recorded for `key` in the ledger
/// at `dir`, for an index of `positions` positions and a vector file of
/// `count` entries.
pub(crate) fn read(dir: &Path, key: Key, positions: usize, count: usize) -> Option<Vec<(usize, Option<u32>)>> {
    let path = dir.join(ENTRIES_FILE);
    let expected = HEADER + positions * 4 + 16;
    if std::fs::metadata(&path).ok()?.len() != expected as u64 {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    let (body, sum) = bytes.split_at_checked(bytes.len().checked_sub(16)?)?;
    let whole = body.len() + 16 == expected
        && body[..HEADER] == header(key, positions)
        && blake3::hash(body).as_bytes()[..16] == *sum;
    if !whole {
        return None;
    }
    let mut ranked = Vec::new();
    for (pos, e) in body[HEADER..].chunks_exact(4).enumerate() {
        match u32::from_le_bytes(e.try_into().expect("4 bytes")) {
            NONE => {}
            entry if (entry as usize) < count => ranked.push((pos, Some(entry))),
            _ => return None,
        }
    }
    Some(ranked)
}

/// Records `ranked` (every ranked position with its entry) for `key`.
/// Failing to write only costs the next query the long way.
pub(crate) fn write(dir: &Path, key: Key, positions: usize, ranked: &[(usize, Option<u32>)]) {
    let mut entries = vec![NONE; positions];
    for (pos, entry) in ranked {
        entries[*pos] = entry.unwrap_or(NONE);
    }
    let mut out = header(key, positions);
    entries.iter().for_each(|e| out.extend_from_slice(&e.to_le_bytes()));
    let sum = blake3::hash(&out);
    out.extend_from_slice(&sum.as_bytes()[..16]);
    let _ = replace_unsynced(&dir.join(ENTRIES_FILE), &out);
}

fn header(key: Key, positions: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER + positions * 4 + 16);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&key.index.base);
    out.extend_from_slice(&key.index.delta);
    out.extend_from_slice(&key.vectors);
    out.extend_from_slice(&(positions as u32).to_le_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_used_only_for_their_key() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("cache")).unwrap();
        let key = Key { index: CacheState { base: [1; 16], delta: [2; 16] }, vectors: [3; 16] };
        let ranked = vec![(0, Some(7)), (2, Some(0))];
        assert_eq!(read(dir.path(), key, 3, 8), None, "nothing recorded");
        write(dir.path(), key, 3, &ranked);
        assert_eq!(read(dir.path(), key, 3, 8), Some(ranked));
        assert_eq!(read(dir.path(), Key { vectors: [4; 16], ..key }, 3, 8), None, "another vector file");
        let delta = CacheState { delta: [9; 16], ..key.index };
        assert_eq!(read(dir.path(), Key { index: delta, ..key }, 3, 8), None, "another index");
        assert_eq!(read(dir.path(), key, 4, 8), None, "another size");
        assert_eq!(read(dir.path(), key, 3, 7), None, "an entry past the vector file's end");
        let path = dir.path().join(ENTRIES_FILE);
        let mut bytes = std::fs::read(&path).unwrap();
        bytes[HEADER] ^= 1;
        std::fs::write(&path, &bytes).unwrap();
        assert_eq!(read(dir.path(), key, 3, 8), None, "damaged");
    }
}
