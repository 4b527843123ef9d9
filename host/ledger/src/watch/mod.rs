//! A watcher that vouches for the item folders between reads, so that a read
//! of a large ledger need not stat every item file.
//!
//! Without it, the never-stale rule costs one `fstatat` per item file per
//! read (docs/benchmarks.md, "Why 100k misses"): an in-place edit changes
//! only the file's own times, so nothing cheaper can see it. A watcher is a
//! process (`agentops ledger watch`) that holds inotify watches on `.agents/`
//! and its kind folders and counts the changes it is told of. A read asks it,
//! over a Unix socket, for its [`Token`] (which watcher, how many changes);
//! before answering, the watcher drains every event the kernel has queued,
//! and the kernel queues an event before the write that caused it returns, so
//! every change that finished before the question is counted in the answer.
//!
//! A read that verified the cache against every file, found it exact and
//! wrote nothing records a [`vouch`]: the token it got *before* its first stat
//! and the identity of the cache it verified. A later read whose token and
//! cache identity are the same skips the stats: no change was seen since a
//! moment at which the cache was known to match the files. Anything else (no
//! watcher, another watcher, one change, another cache) is a full read, which
//! may record a new vouch.
//!
//! The watcher declines to vouch (answers "unsafe") when it could miss a
//! change: an item file that is a symlink or has other hard links (edits
//! through another path raise no event in our folders), or a ledger on a
//! file system whose changes may come from elsewhere (network, FUSE; only
//! known local file systems are watched). It stops after an idle time without
//! questions, when `.agents/` goes away, or when asked. It runs on Linux
//! only; elsewhere every read stats its files.

mod endpoint;
#[cfg(target_os = "linux")]
mod folders;
#[cfg(target_os = "linux")]
mod serve;
mod vouch;

#[cfg(all(test, target_os = "linux"))]
mod tests;

use std::path::Path;

pub use endpoint::socket_path;
#[cfg(target_os = "linux")]
pub use serve::serve;
pub(crate) use vouch::{CacheState, read_vouch, write_vouch};

/// Which watcher answered, and how many changes it had seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Chosen at random when the watcher starts.
    pub epoch: u64,
    /// Changes seen since it started.
    pub seq: u64,
}

/// A watcher's answer to a sync.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Status {
    pub token: Token,
    /// Whether it vouches for the folders (see the module docs).
    pub safe: bool,
}

/// How a watcher ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// Another watcher already watches this ledger.
    AlreadyWatched,
    /// Asked to stop.
    Stopped,
    /// No question for the idle time.
    Idle,
    /// `.agents/` was removed or moved.
    LedgerGone,
}

/// The watcher of the ledger at `dir` (`.agents/`), if one answers.
pub fn status(dir: &Path) -> Option<Status> {
    endpoint::ask(dir, "sync").and_then(|answer| endpoint::parse_status(&answer))
}

/// The token of the watcher of `dir`, when one answers and vouches.
pub(crate) fn sync(dir: &Path) -> Option<Token> {
    status(dir).filter(|s| s.safe).map(|s| s.token)
}

/// Asks the watcher of `dir` to stop; whether one was there to ask.
pub fn stop(dir: &Path) -> bool {
    endpoint::ask(dir, "stop").is_some()
}
