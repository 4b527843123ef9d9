//! Appends to the JSONL logs under `.agents/log/` (citations, runs).
//!
//! Many hook processes append at once. Each append opens the log in append
//! mode, takes an exclusive advisory lock on the log file itself
//! (`File::lock`, i.e. `flock` on Unix, `LockFileEx` on Windows), writes the
//! whole line with one `write_all`, and unlocks, so lines never interleave
//! whatever their length. The logs merge across branches with git's `union`
//! driver (see `init`), which is why each record is exactly one line.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::Path;

use crate::error::LedgerError;

/// Appends `value` as one line of compact JSON to the log at `path`, creating
/// the file and its folder when missing.
pub fn append_jsonl(path: &Path, value: &serde_json::Value) -> Result<(), LedgerError> {
    append_jsonl_lines(path, std::slice::from_ref(value))
}

/// Appends `values`, one line each, with one write under one lock (inject
/// logs a line per injected item; one append instead of a dozen).
pub(crate) fn append_jsonl_lines(path: &Path, values: &[serde_json::Value]) -> Result<(), LedgerError> {
    // Compact JSON escapes control characters, so a record has no newline.
    let mut line = String::new();
    for value in values {
        line.push_str(&value.to_string());
        line.push('\n');
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| LedgerError::io(dir, e))?;
    }
    let io = |e| LedgerError::io(path, e);
    let mut file = OpenOptions::new().create(true).append(true).open(path).map_err(io)?;
    file.lock().map_err(io)?;
    let written = file.write_all(line.as_bytes());
    // Closing the file releases the lock too; unlocking explicitly keeps the
    // critical section visibly short.
    let unlocked = file.unlock();
    written.map_err(io)?;
    unlocked.map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appends_one_line_per_value_and_creates_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log/citations.jsonl");
        append_jsonl(&path, &serde_json::json!({"id": "L-1", "note": "a\nb"})).unwrap();
        append_jsonl(&path, &serde_json::json!({"id": "L-2"})).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["note"], "a\nb");
    }
}
