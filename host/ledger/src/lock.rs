//! Advisory locks for read-modify-write cycles (an item's citation counts, a
//! session's injected ids): an exclusive `File::lock` (`flock` on Unix,
//! `LockFileEx` on Windows) on `.agents/cache/locks/<name>.lock`.
//!
//! The lock lives on a separate file because the item itself is replaced by
//! an atomic rename, which would leave a lock on the old inode behind. Lock
//! files are empty, never removed (removing one races with a waiter), and
//! ignored by git with the rest of `cache/`. Dropping the guard closes the
//! file, which releases the lock, also when the process dies.

use std::fs::{File, OpenOptions};

use crate::error::LedgerError;
use crate::store::Ledger;

/// Held while the lock is; releases it when dropped.
#[derive(Debug)]
pub(crate) struct LockGuard {
    _file: File,
}

impl Ledger {
    /// Blocks until this process holds the lock called `name` (an id or
    /// `session-<id>`, already checked to be a safe file name).
    pub(crate) fn lock(&self, name: &str) -> Result<LockGuard, LedgerError> {
        let dir = self.dir().join("cache/locks");
        std::fs::create_dir_all(&dir).map_err(|e| LedgerError::io(&dir, e))?;
        let path = dir.join(format!("{name}.lock"));
        let io = |e| LedgerError::io(&path, e);
        let file = OpenOptions::new().create(true).truncate(false).write(true).open(&path).map_err(io)?;
        file.lock().map_err(io)?;
        Ok(LockGuard { _file: file })
    }
}
