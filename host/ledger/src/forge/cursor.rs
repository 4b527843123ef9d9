//! Per-transcript cursors: how far forge has read a transcript, so the next
//! run (Claude Code's Stop hook fires after every turn) reads only the lines
//! added since, yet still pairs a failure read last time with a fix read now.
//!
//! Stored as `.agents/cache/forge/<hash of the canonical path>.json`:
//! the lines and bytes read for good, a fingerprint of the bytes read (blake3
//! of the first and the last 4 KiB before the offset), the transcript's
//! format and session, and the extraction state ([`Extractor`]: calls and
//! failures still open). A cursor is used only when the file is at least as
//! long and the fingerprint still matches; a transcript that was rewritten,
//! truncated or replaced is read again from the start, which is safe because
//! forge is idempotent without the cursor too (duplicates are dropped,
//! citations recorded once per session and id). A missing, unreadable or
//! older-format cursor is the same as none. Written atomically, under the
//! transcript's lock, after the items and citations it accounts for.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::extract::Extractor;
use super::transcript::{Format, Meta};
use crate::atomic::write_atomic;
use crate::error::LedgerError;
use crate::store::Ledger;

/// Bumped whenever the cursor or the extraction state changes shape.
const VERSION: u32 = 1;
/// Bytes hashed at each end of the part read.
const FINGERPRINT_BYTES: u64 = 4096;

/// Where a transcript's reading stopped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Cursor {
    version: u32,
    /// The canonical path of the transcript (lossy UTF-8, for people; the
    /// file name hashes the exact bytes).
    path: String,
    pub format: Format,
    /// Lines read for good.
    pub lines: usize,
    /// Bytes read for good.
    pub offset: u64,
    fingerprint: String,
    pub meta: Meta,
    pub state: Extractor,
}

impl Cursor {
    /// A cursor at (lines, offset) of the transcript at canonical `path`.
    pub fn new(
        path: &Path,
        format: Format,
        (lines, offset): (usize, u64),
        meta: Meta,
        state: Extractor,
    ) -> Result<Self, LedgerError> {
        let fingerprint = fingerprint(path, offset).map_err(|e| LedgerError::io(path, e))?;
        let path = path.to_string_lossy().into_owned();
        Ok(Cursor { version: VERSION, path, format, lines, offset, fingerprint, meta, state })
    }

    /// The saved cursor of the transcript at canonical `path`, if there is
    /// one and the file still starts with what it read.
    pub fn load(ledger: &Ledger, path: &Path) -> Option<Cursor> {
        let bytes = std::fs::read(location(ledger, path)).ok()?;
        let cursor: Cursor = serde_json::from_slice(&bytes).ok()?;
        let fits = cursor.version == VERSION
            && cursor.path == path.to_string_lossy()
            && fingerprint(path, cursor.offset).is_ok_and(|f| f == cursor.fingerprint);
        fits.then_some(cursor)
    }

    /// Writes the cursor of the transcript at canonical `path`.
    pub fn save(&self, ledger: &Ledger, path: &Path) -> Result<(), LedgerError> {
        let target = location(ledger, path);
        let dir = target.parent().expect("cursors live in a folder");
        std::fs::create_dir_all(dir).map_err(|e| LedgerError::io(dir, e))?;
        let json = serde_json::to_vec(self).expect("a cursor serializes");
        write_atomic(&target, &json)
    }
}

/// The file name part that identifies a transcript: 16 hex of the blake3 of
/// its canonical path; also names the transcript's lock.
pub(crate) fn key(path: &Path) -> String {
    blake3::hash(path.as_os_str().as_encoded_bytes()).to_hex()[..16].to_string()
}

fn location(ledger: &Ledger, path: &Path) -> PathBuf {
    ledger.dir().join("cache/forge").join(format!("{}.json", key(path)))
}

/// blake3 of the first and the last [`FINGERPRINT_BYTES`] before `offset`;
/// fails when the file is shorter than `offset`.
fn fingerprint(path: &Path, offset: u64) -> std::io::Result<String> {
    let mut file = File::open(path)?;
    let mut hasher = blake3::Hasher::new();
    let head = offset.min(FINGERPRINT_BYTES);
    for start in [0, offset - head] {
        file.seek(SeekFrom::Start(start))?;
        let mut buf = vec![0; head as usize];
        file.read_exact(&mut buf)?;
        hasher.update(&buf);
    }
    Ok(hasher.finalize().to_hex().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_fits_a_grown_file_only() {
        let dir = tempfile::tempdir().unwrap();
        Ledger::init(dir.path()).unwrap();
        let ledger = Ledger::open(dir.path()).unwrap();
        let path = dir.path().join("t.jsonl");
        std::fs::write(&path, "a\nb\n").unwrap();
        let cursor = Cursor::new(&path, Format::Codex, (2, 4), Meta::default(), Extractor::default()).unwrap();
        cursor.save(&ledger, &path).unwrap();
        assert_eq!(Cursor::load(&ledger, &path), Some(cursor.clone()));
        std::fs::write(&path, "a\nb\nc\n").unwrap();
        assert_eq!(Cursor::load(&ledger, &path), Some(cursor), "grown");
        std::fs::write(&path, "x\nb\nc\n").unwrap();
        assert_eq!(Cursor::load(&ledger, &path), None, "rewritten");
        std::fs::write(&path, "a\n").unwrap();
        assert_eq!(Cursor::load(&ledger, &path), None, "truncated");
        assert_eq!(Cursor::load(&ledger, &dir.path().join("other.jsonl")), None);
    }
}
