//! The bridge's logs under `.agents/log/`, written only when the project has
//! a ledger: `runs.jsonl` gets one line per call, `hook-errors.jsonl` one per
//! payload the bridge could not use. Both go through the ledger's locked
//! `append_jsonl`, so parallel hook processes never interleave lines.
//!
//! Rotation: once `runs.jsonl` passes [`MAX_RUNS_BYTES`], the next call renames
//! it to `runs.1.jsonl` (replacing the previous one) before appending. The
//! rename happens under the lock of the full file and only if the path still
//! holds a full file, so two processes rotating at once do not both rename.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

use agentops_ledger::{LEDGER_DIR, LedgerError, append_jsonl};
use serde_json::Value;

/// The size past which `runs.jsonl` is rotated.
pub const MAX_RUNS_BYTES: u64 = 10 * 1024 * 1024;

/// Appends `record` to `runs.jsonl`, rotating it first when full.
pub fn record_run(root: &Path, record: &Value) -> Result<(), LedgerError> {
    let Some(dir) = log_dir(root) else { return Ok(()) };
    let path = dir.join("runs.jsonl");
    rotate(&path, MAX_RUNS_BYTES).map_err(|e| LedgerError::io(&path, e))?;
    append_jsonl(&path, record)
}

/// Appends `record` to `hook-errors.jsonl`.
pub fn record_error(root: &Path, record: &Value) -> Result<(), LedgerError> {
    let Some(dir) = log_dir(root) else { return Ok(()) };
    append_jsonl(&dir.join("hook-errors.jsonl"), record)
}

fn log_dir(root: &Path) -> Option<PathBuf> {
    let ledger = root.join(LEDGER_DIR);
    ledger.is_dir().then(|| ledger.join("log"))
}

/// Renames `path` to `<stem>.1.jsonl` when it holds more than `max` bytes.
fn rotate(path: &Path, max: u64) -> io::Result<()> {
    let full = |p: &Path| std::fs::metadata(p).is_ok_and(|m| m.len() > max);
    if !full(path) {
        return Ok(());
    }
    let file = File::open(path)?;
    file.lock()?;
    // Another process may have rotated while we waited: the path then holds a fresh file.
    if full(path) {
        std::fs::rename(path, path.with_extension("1.jsonl"))?;
    }
    file.unlock()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_log_moves_aside_and_a_small_one_stays() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("runs.jsonl");
        std::fs::write(&path, "x".repeat(11)).unwrap();
        rotate(&path, 100).unwrap();
        assert!(path.exists());
        rotate(&path, 10).unwrap();
        assert!(!path.exists());
        assert_eq!(std::fs::read_to_string(dir.path().join("runs.1.jsonl")).unwrap().len(), 11);
    }
}
