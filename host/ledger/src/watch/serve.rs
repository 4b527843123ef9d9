//! The watcher's loop: one thread polling the inotify descriptor and the
//! socket. Before it answers a `sync` it drains the queued events, so its
//! answer counts every change that finished before the question.
//!
//! One watcher per ledger: it holds an exclusive lock on a file beside its
//! socket while it runs, and only the holder of the lock binds (or removes)
//! the socket.

use std::fs::OpenOptions;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

use rustix::event::{PollFd, PollFlags, Timespec, poll};

use super::endpoint::{read_line, socket_path, status_line};
use super::folders::{Drained, Folders, check_local};
use super::{Ended, Status, Token};
use crate::error::LedgerError;

/// How long a connection may take to send its question.
const QUESTION_TIMEOUT: Duration = Duration::from_millis(200);

/// Watches the ledger at `dir` (`.agents/`) until it is idle for `idle`,
/// asked to stop, or removed; `ready` runs once the socket answers.
pub fn serve(dir: &Path, idle: Duration, ready: impl FnOnce()) -> Result<Ended, LedgerError> {
    let dir = dir.canonicalize().map_err(|e| LedgerError::io(dir, e))?;
    check_local(&dir).map_err(|e| LedgerError::io(&dir, e))?;
    let socket = socket_path(&dir).map_err(|e| LedgerError::io(&dir, e))?;
    // Beside the socket, not in `.agents/`: an open file there would keep
    // the kernel from reporting the folder's removal.
    let lock_path = socket.with_extension("lock");
    let io = |e| LedgerError::io(&lock_path, e);
    let lock = OpenOptions::new().create(true).truncate(false).write(true).open(&lock_path).map_err(io)?;
    match lock.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => return Ok(Ended::AlreadyWatched),
        Err(std::fs::TryLockError::Error(e)) => return Err(io(e)),
    }
    let io = |e| LedgerError::io(&socket, e);
    // A socket left by a watcher that died; ours to replace, we hold the lock.
    match std::fs::remove_file(&socket) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(io(e)),
        _ => {}
    }
    let mut folders = Folders::new(&dir).map_err(|e| LedgerError::io(&dir, e))?;
    let listener = UnixListener::bind(&socket).map_err(io)?;
    let ended = (|| {
        std::fs::set_permissions(&socket, std::fs::Permissions::from_mode(0o600)).map_err(io)?;
        listener.set_nonblocking(true).map_err(io)?;
        ready();
        run(&mut folders, &listener, idle).map_err(|e| LedgerError::io(&dir, e))
    })();
    let _ = std::fs::remove_file(&socket);
    drop(lock);
    ended
}

/// Polls until an ending.
fn run(folders: &mut Folders, listener: &UnixListener, idle: Duration) -> std::io::Result<Ended> {
    let mut status = Status { token: Token { epoch: epoch(), seq: 0 }, safe: folders.safe };
    let mut last_question = Instant::now();
    loop {
        let left = idle.saturating_sub(last_question.elapsed());
        if left.is_zero() {
            return Ok(Ended::Idle);
        }
        let timeout = Timespec { tv_sec: left.as_secs() as i64, tv_nsec: i64::from(left.subsec_nanos()) };
        {
            let fd = folders.fd();
            let mut fds = [PollFd::new(&fd, PollFlags::IN), PollFd::new(listener, PollFlags::IN)];
            match poll(&mut fds, Some(&timeout)) {
                Ok(_) | Err(rustix::io::Errno::INTR) => {}
                Err(e) => return Err(e.into()),
            }
        }
        if !drain(folders, &mut status)? {
            return Ok(Ended::LedgerGone);
        }
        while let Ok((stream, _)) = listener.accept() {
            last_question = Instant::now();
            match answer(folders, &mut status, stream)? {
                Some(ended) => return Ok(ended),
                None => continue,
            }
        }
    }
}

/// Counts the queued events into `status`; false when the ledger is gone.
fn drain(folders: &mut Folders, status: &mut Status) -> std::io::Result<bool> {
    match folders.drain()? {
        Drained::Changes(n) => status.token.seq += n,
        Drained::LedgerGone => return Ok(false),
    }
    status.safe = folders.safe;
    Ok(true)
}

/// Answers one connection; `Some` when the watcher is to end.
fn answer(folders: &mut Folders, status: &mut Status, stream: UnixStream) -> std::io::Result<Option<Ended>> {
    // A client that connects and says nothing, or goes away, is dropped.
    if stream.set_nonblocking(false).is_err() || stream.set_read_timeout(Some(QUESTION_TIMEOUT)).is_err() {
        return Ok(None);
    }
    let _ = stream.set_write_timeout(Some(QUESTION_TIMEOUT));
    let Some(question) = read_line(&stream) else { return Ok(None) };
    let mut stream = stream;
    match question.as_str() {
        "sync" => {
            if !drain(folders, status)? {
                return Ok(Some(Ended::LedgerGone));
            }
            let _ = stream.write_all(status_line(*status).as_bytes());
            Ok(None)
        }
        "stop" => {
            let _ = stream.write_all(b"stopping\n");
            Ok(Some(Ended::Stopped))
        }
        _ => {
            let _ = stream.write_all(b"unknown question\n");
            Ok(None)
        }
    }
}

/// A number that tells this watcher from any earlier or later one.
fn epoch() -> u64 {
    let now = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default();
    let mut seed = Vec::new();
    seed.extend_from_slice(&now.as_nanos().to_le_bytes());
    seed.extend_from_slice(&std::process::id().to_le_bytes());
    seed.extend_from_slice(&(&seed as *const Vec<u8> as usize).to_le_bytes());
    let hash = blake3::hash(&seed);
    u64::from_le_bytes(hash.as_bytes()[..8].try_into().expect("8 bytes"))
}
