//! Running one gate: `sh -c COMMAND` in the project root, in a process
//! group of its own, stdout and stderr merged into one pipe (so the tail
//! reads in the order it was written) and capped, under a timeout after
//! which the whole group is killed.
//!
//! Gates are the project's own commands, like a Makefile's targets: they run
//! with the user's environment and are not sandboxed. Stdin is empty, so a
//! gate that prompts fails instead of hanging.

use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::error::LedgerError;

/// How a gate ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Exit code 0.
    Pass,
    /// Any other exit, or killed by a signal.
    Fail,
    /// Still running at the timeout; killed with its process group.
    Timeout,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Timeout => "timeout",
        }
    }
}

/// What one run of a gate produced.
#[derive(Debug, Clone)]
pub(super) struct Run {
    pub status: Status,
    /// The exit code; `None` when killed by a signal or on timeout.
    pub exit: Option<i32>,
    pub duration: Duration,
    /// The last lines of stdout and stderr together.
    pub tail: String,
}

/// Lines of output kept as the tail.
const TAIL_LINES: usize = 20;
/// Bytes of output kept as the tail, at most: the tail goes into a log line
/// of a git-tracked file.
const TAIL_BYTES: usize = 2048;
/// Bytes of output held while reading, enough for the tail whatever the
/// line lengths.
const KEEP_BYTES: usize = 4 * TAIL_BYTES;
/// How long to wait for the output pipe to close once the gate is done: a
/// process that left the group (`setsid`) may hold it open forever.
const DRAIN_GRACE: Duration = Duration::from_secs(1);
/// Longest pause between two checks whether the gate has exited.
const MAX_POLL: Duration = Duration::from_millis(25);

/// Runs `command` with `sh -c` in `root`, for at most `timeout`.
pub(super) fn run(root: &Path, command: &str, timeout: Duration) -> Result<Run, LedgerError> {
    let sh = Path::new("sh");
    let (reader, writer) = std::io::pipe().map_err(|e| LedgerError::io(sh, e))?;
    let started = Instant::now();
    let mut child = {
        let mut cmd = Command::new(sh);
        let stderr = writer.try_clone().map_err(|e| LedgerError::io(sh, e))?;
        cmd.arg("-c").arg(command).current_dir(root).stdin(Stdio::null()).stdout(writer).stderr(stderr);
        own_group(&mut cmd);
        cmd.spawn().map_err(|e| LedgerError::io(sh, e))?
        // `cmd` drops here with this process's ends of the pipe, so the
        // reader sees the end of output once the gate's processes are gone.
    };
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || tx.send(read_tail(reader)));
    let status = wait(&mut child, timeout).map_err(|e| LedgerError::io(sh, e))?;
    // Whatever the gate left running in the background goes with it.
    kill_group(&child);
    let duration = started.elapsed();
    let tail = rx.recv_timeout(DRAIN_GRACE).unwrap_or_default();
    Ok(match status {
        Some(s) if s.success() => Run { status: Status::Pass, exit: s.code(), duration, tail },
        Some(s) => Run { status: Status::Fail, exit: s.code(), duration, tail },
        None => Run { status: Status::Timeout, exit: None, duration, tail },
    })
}

/// The exit status, or `None` when `timeout` passed first (the gate and its
/// group are then killed and reaped). Polls with a growing pause: a blocking
/// wait on another thread could not be cancelled portably.
fn wait(child: &mut Child, timeout: Duration) -> std::io::Result<Option<ExitStatus>> {
    let deadline = Instant::now() + timeout;
    let mut pause = Duration::from_millis(1);
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Some(status));
        }
        let now = Instant::now();
        if now >= deadline {
            // Killed while the leader is still unreaped, so its group id is still its own.
            kill_group(child);
            // Already dead when the group kill worked; this covers the platforms without groups.
            let _ = child.kill();
            child.wait()?;
            return Ok(None);
        }
        std::thread::sleep(pause.min(deadline - now));
        pause = (pause * 2).min(MAX_POLL);
    }
}

#[cfg(unix)]
fn own_group(cmd: &mut Command) {
    use std::os::unix::process::CommandExt;
    cmd.process_group(0);
}

#[cfg(not(unix))]
fn own_group(_: &mut Command) {}

/// Kills the process group the gate leads. After a normal exit the group
/// may be gone already (an error to ignore); its id cannot have been reused
/// while any member lives.
#[cfg(unix)]
fn kill_group(child: &Child) {
    use rustix::process::{Pid, Signal, kill_process_group};
    if let Some(group) = i32::try_from(child.id()).ok().and_then(Pid::from_raw) {
        let _ = kill_process_group(group, Signal::KILL);
    }
}

#[cfg(not(unix))]
fn kill_group(_: &Child) {}

/// Reads the output to its end, keeping only the last [`KEEP_BYTES`], and
/// returns its tail.
fn read_tail(mut output: impl Read) -> String {
    let mut kept = Vec::with_capacity(2 * KEEP_BYTES);
    let mut buf = [0u8; 8192];
    loop {
        match output.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                kept.extend_from_slice(&buf[..n]);
                if kept.len() > 2 * KEEP_BYTES {
                    kept.drain(..kept.len() - KEEP_BYTES);
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => break,
        }
    }
    tail(&String::from_utf8_lossy(&kept))
}

/// The last [`TAIL_LINES`] lines of `text`, at most [`TAIL_BYTES`] of them
/// (cut at a character boundary), without trailing blank lines.
fn tail(text: &str) -> String {
    let text = text.trim_end();
    let start = text.rmatch_indices('\n').nth(TAIL_LINES - 1).map_or(0, |(i, _)| i + 1);
    let mut start = start.max(text.len().saturating_sub(TAIL_BYTES));
    while !text.is_char_boundary(start) {
        start += 1;
    }
    text[start..].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tail_keeps_the_last_lines_within_the_byte_cap() {
        let text: String = (1..=30).map(|i| format!("line {i}\n")).collect();
        let t = tail(&text);
        assert!(t.starts_with("line 11\n") && t.ends_with("line 30"), "{t}");
        let long = "é".repeat(TAIL_BYTES);
        let t = tail(&long);
        assert!(t.len() <= TAIL_BYTES && t.chars().all(|c| c == 'é'));
        assert_eq!(tail("\n\n"), "");
    }

    #[test]
    fn reading_keeps_only_the_end_of_a_long_output() {
        let text: String = (0..10_000).map(|i| format!("{i}\n")).collect();
        let t = read_tail(text.as_bytes());
        assert!(t.ends_with("9999") && t.starts_with("9980\n"), "{t}");
    }
}
