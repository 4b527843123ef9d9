//! Where a ledger's watcher listens, and the one-line exchange with it.
//!
//! The socket lives in a private folder of the user, not in the project:
//! a Unix socket path is limited to about 100 bytes, and a deep project path
//! would not fit. The folder is `$XDG_RUNTIME_DIR/agentops` when that
//! folder exists, else `<temp>/agentops-<uid>`, created with mode 0700
//! (with an empty lock file per ledger ever watched, kept: removing one
//! would race with a watcher starting); one that is not a folder
//! of ours that only we can enter is refused (another user could otherwise
//! answer for our ledger). The socket is named by a hash of the canonical
//! `.agents/` path.
//!
//! A question is one line (`sync`, `stop`); the answer to `sync` is
//! `agentops-watch 1 <epoch> <seq> <safe>`. A watcher that does not answer
//! within [`TIMEOUT`] counts as none: the read stats its files instead.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::{Status, Token};

/// How long a reader waits for a watcher's answer.
const TIMEOUT: Duration = Duration::from_millis(250);

/// The first words of every answer to `sync`; the number is the protocol's
/// version.
pub(super) const GREETING: &str = "agentops-watch 1";

/// The socket of the watcher of the ledger at `dir` (`.agents/`), its
/// folder created if missing.
pub fn socket_path(dir: &Path) -> io::Result<PathBuf> {
    socket_in(dir, true)
}

/// The socket of the watcher of `dir`; without `create`, a missing folder
/// is an error (a reader has no watcher to ask, and need not make one).
fn socket_in(dir: &Path, create: bool) -> io::Result<PathBuf> {
    let canonical = dir.canonicalize()?;
    let hash = blake3::hash(canonical.as_os_str().as_encoded_bytes());
    Ok(runtime_dir(create)?.join(format!("{}.sock", &hash.to_hex()[..24])))
}

/// The user's private folder for sockets, created if missing and `create`.
#[cfg(unix)]
fn runtime_dir(create: bool) -> io::Result<PathBuf> {
    use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};

    let uid = rustix::process::getuid().as_raw();
    // A runtime folder that is named but missing (a session without one) is
    // no place to create ours in.
    let dir = match std::env::var_os("XDG_RUNTIME_DIR").map(PathBuf::from).filter(|d| d.is_dir()) {
        Some(runtime) => runtime.join("agentops"),
        None => std::env::temp_dir().join(format!("agentops-{uid}")),
    };
    if create {
        match std::fs::DirBuilder::new().mode(0o700).create(&dir) {
            Err(e) if e.kind() != io::ErrorKind::AlreadyExists => return Err(e),
            _ => {}
        }
    }
    let meta = std::fs::symlink_metadata(&dir)?;
    if !meta.is_dir() || meta.uid() != uid || meta.permissions().mode() & 0o077 != 0 {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            format!("{} is not a private folder of this user", dir.display()),
        ));
    }
    Ok(dir)
}

#[cfg(not(unix))]
fn runtime_dir(_create: bool) -> io::Result<PathBuf> {
    Err(io::Error::new(io::ErrorKind::Unsupported, "ledger watchers run on Linux only"))
}

/// Sends `question` to the watcher of `dir` and returns its answer line;
/// `None` when no watcher answers in time.
#[cfg(unix)]
pub(super) fn ask(dir: &Path, question: &str) -> Option<String> {
    let stream = std::os::unix::net::UnixStream::connect(socket_in(dir, false).ok()?).ok()?;
    stream.set_read_timeout(Some(TIMEOUT)).ok()?;
    stream.set_write_timeout(Some(TIMEOUT)).ok()?;
    (&stream).write_all(format!("{question}\n").as_bytes()).ok()?;
    read_line(&stream)
}

#[cfg(not(unix))]
pub(super) fn ask(_dir: &Path, _question: &str) -> Option<String> {
    None
}

/// The status in an answer to `sync`.
pub(super) fn parse_status(answer: &str) -> Option<Status> {
    let rest = answer.strip_prefix(GREETING)?.strip_prefix(' ')?;
    let mut words = rest.split_ascii_whitespace();
    let epoch = words.next()?.parse().ok()?;
    let seq = words.next()?.parse().ok()?;
    let safe = match words.next()? {
        "1" => true,
        "0" => false,
        _ => return None,
    };
    words.next().is_none().then_some(Status { token: Token { epoch, seq }, safe })
}

/// The answer to `sync` for `status`.
pub(super) fn status_line(status: Status) -> String {
    format!("{GREETING} {} {} {}\n", status.token.epoch, status.token.seq, u8::from(status.safe))
}

/// One line of at most 256 bytes, without its newline; `None` when it does
/// not end within them (or in time, on a socket with a timeout).
pub(super) fn read_line(from: impl Read) -> Option<String> {
    let mut line = String::new();
    BufReader::new(from.take(256)).read_line(&mut line).ok()?;
    let len = line.strip_suffix('\n')?.len();
    line.truncate(len);
    Some(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_round_trip_and_garbage_is_no_answer() {
        let status = Status { token: Token { epoch: 7, seq: 42 }, safe: true };
        let line = status_line(status);
        assert_eq!(parse_status(line.trim_end()), Some(status));
        let unsafe_ = Status { safe: false, ..status };
        assert_eq!(parse_status(status_line(unsafe_).trim_end()), Some(unsafe_));
        for bad in [
            "",
            "agentops-watch 2 7 42 1",
            "agentops-watch 17 42 1",
            "agentops-watch 1 7 x 1",
            "agentops-watch 1 7 42 1 9",
        ] {
            assert_eq!(parse_status(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_question_is_one_bounded_line() {
        assert_eq!(read_line(&b"sync\nmore"[..]).as_deref(), Some("sync"));
        assert_eq!(read_line(&b"no newline"[..]), None);
        assert_eq!(read_line(&[b'x'; 1000][..]), None, "longer than 256 bytes");
    }

    #[test]
    fn sockets_are_named_by_the_canonical_ledger_path() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("a")).unwrap();
        let direct = socket_path(&dir.path().join("a")).unwrap();
        let roundabout = socket_path(&dir.path().join("a/../a")).unwrap();
        assert_eq!(direct, roundabout);
        assert_ne!(direct, socket_path(dir.path()).unwrap());
        assert!(direct.as_os_str().len() < 100, "{}", direct.display());
    }
}
