//! Running one judge: a child process in its own process group, the prompt
//! on stdin, stdout read up to a cap, all under a timeout after which the
//! whole group is killed (a judge script's own children included).

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use agentops_manifest::Judge;
use rustix::process::{Pid, Signal, kill_process_group};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::process::Command;

/// Most bytes of a judge's stdout read; a longer answer is cut.
const MAX_ANSWER_BYTES: u64 = 1 << 20;
/// Most bytes of a judge's stderr kept for the abstention note.
const MAX_STDERR_BYTES: u64 = 4 << 10;

/// The judge's stdout when it exited successfully in time, or why not.
pub async fn run(judge: &Judge, root: &Path, prompt: String, timeout: Duration) -> Result<String, String> {
    let program = &judge.command[0];
    let mut child = Command::new(program)
        .args(&judge.command[1..])
        .current_dir(root)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| format!("cannot start `{program}`: {e}"))?;
    let group = child.id().and_then(|id| Pid::from_raw(id as i32));
    let (stdin, stdout, stderr) = (child.stdin.take(), child.stdout.take(), child.stderr.take());
    // A judge that never reads its stdin must not block the others.
    let writer = tokio::spawn(async move {
        if let Some(mut stdin) = stdin {
            // A judge may exit without reading everything: a broken pipe is its choice.
            let _ = stdin.write_all(prompt.as_bytes()).await;
        }
    });
    let errors = tokio::spawn(read_capped(stderr, MAX_STDERR_BYTES));
    let finished = tokio::time::timeout(timeout, async {
        let out = read_capped(stdout, MAX_ANSWER_BYTES).await;
        (out, child.wait().await)
    })
    .await;
    writer.abort();
    if let Some(group) = group {
        // Whatever the judge left running goes with it; it may be gone already.
        let _ = kill_process_group(group, Signal::KILL);
    }
    let (out, status) = finished.map_err(|_| format!("no answer within {} ms", timeout.as_millis()))?;
    let status = status.map_err(|e| format!("waiting for `{program}`: {e}"))?;
    if !status.success() {
        let stderr = errors.await.unwrap_or_default();
        let first = stderr.lines().find(|l| !l.trim().is_empty()).unwrap_or("no message");
        return Err(format!("`{program}` exited with {status}: {first}"));
    }
    Ok(out)
}

async fn read_capped(stream: Option<impl AsyncRead + Unpin>, cap: u64) -> String {
    let mut bytes = Vec::new();
    if let Some(stream) = stream {
        let _ = stream.take(cap).read_to_end(&mut bytes).await;
    }
    String::from_utf8_lossy(&bytes).into_owned()
}
