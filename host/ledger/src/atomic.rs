//! Whole-file writes that a crash cannot tear: write a temporary file in the
//! target's folder, fsync it, rename it over the target, fsync the folder.
//!
//! A reader (or a crash at any point) sees the old file or the new one, never
//! a fragment. A temporary file left by a crash is named `.tmp*` with no `.md`
//! extension, so the loader never mistakes it for an item.

use std::io::Write;
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::error::LedgerError;

/// A file being written; nothing is visible at `target` until [`commit`].
///
/// Dropping it without committing removes the temporary file.
///
/// [`commit`]: AtomicFile::commit
#[derive(Debug)]
pub struct AtomicFile {
    target: PathBuf,
    temp: NamedTempFile,
}

impl AtomicFile {
    /// Starts a write to `target`, whose folder must exist.
    pub fn create(target: &Path) -> Result<Self, LedgerError> {
        let dir = parent(target);
        let temp = NamedTempFile::new_in(dir).map_err(|e| LedgerError::io(target, e))?;
        Ok(AtomicFile { target: target.to_path_buf(), temp })
    }

    /// Appends bytes to the pending content.
    pub fn write_all(&mut self, bytes: &[u8]) -> Result<(), LedgerError> {
        self.temp.write_all(bytes).map_err(|e| LedgerError::io(&self.target, e))
    }

    /// Makes the content durable and replaces the target with it.
    pub fn commit(self) -> Result<(), LedgerError> {
        self.finish(Replace::Always)
    }

    /// Like [`commit`](AtomicFile::commit), but fails with an I/O error of kind
    /// `AlreadyExists` when the target exists; of two racing creators, exactly
    /// one wins.
    pub fn commit_new(self) -> Result<(), LedgerError> {
        self.finish(Replace::Never)
    }

    fn finish(self, replace: Replace) -> Result<(), LedgerError> {
        let target = self.target;
        self.temp.as_file().sync_all().map_err(|e| LedgerError::io(&target, e))?;
        let persisted = match replace {
            Replace::Always => self.temp.persist(&target),
            Replace::Never => self.temp.persist_noclobber(&target),
        };
        persisted.map_err(|e| LedgerError::io(&target, e.error))?;
        sync_dir(parent(&target)).map_err(|e| LedgerError::io(&target, e))
    }
}

/// Whether a commit may replace an existing target.
enum Replace {
    Always,
    Never,
}

/// Replaces `target` with `bytes` atomically.
pub fn write_atomic(target: &Path, bytes: &[u8]) -> Result<(), LedgerError> {
    let mut file = AtomicFile::create(target)?;
    file.write_all(bytes)?;
    file.commit()
}

/// Replaces `target` with `bytes` by a rename, without fsync: for cache
/// files that a crash may lose but never tear (each carries a checksum, and
/// a reader sees the old file or the new one), which a read writes and
/// should not wait on the disk for.
pub fn replace_unsynced(target: &Path, bytes: &[u8]) -> Result<(), LedgerError> {
    let io = |e| LedgerError::io(target, e);
    let mut file = NamedTempFile::new_in(parent(target)).map_err(io)?;
    file.write_all(bytes).map_err(io)?;
    file.persist(target).map_err(|e| io(e.error))?;
    Ok(())
}

fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Makes a rename in `dir` durable; folders cannot be opened for syncing on
/// Windows, where the rename is already durable once it returns.
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    if cfg!(unix) { std::fs::File::open(dir)?.sync_all() } else { Ok(()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_content_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.md");
        write_atomic(&target, b"one").unwrap();
        write_atomic(&target, b"two").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn an_uncommitted_write_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.md");
        write_atomic(&target, b"old").unwrap();
        let mut pending = AtomicFile::create(&target).unwrap();
        pending.write_all(b"new").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"old");
        drop(pending);
        assert_eq!(std::fs::read(&target).unwrap(), b"old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn commit_new_refuses_an_existing_target() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.md");
        write_atomic(&target, b"old").unwrap();
        let mut pending = AtomicFile::create(&target).unwrap();
        pending.write_all(b"new").unwrap();
        let err = pending.commit_new().unwrap_err();
        assert!(
            matches!(err, LedgerError::Io { ref source, .. } if source.kind() == std::io::ErrorKind::AlreadyExists)
        );
        assert_eq!(std::fs::read(&target).unwrap(), b"old");
    }
}
