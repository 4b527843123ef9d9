//! Captured stdout and stderr of a skill, capped.

use wasmtime_wasi::p2::pipe::MemoryOutputPipe;

/// The message `MemoryOutputPipe` traps with when a write would pass its
/// capacity; matched to tell an output flood from other traps.
const OVERFLOW_MESSAGE: &str = "write beyond capacity of MemoryOutputPipe";

/// A skill's two output streams.
#[derive(Debug, Clone)]
pub struct Captured {
    pub stdout: MemoryOutputPipe,
    pub stderr: MemoryOutputPipe,
    pub cap: usize,
}

impl Captured {
    pub fn new(cap: usize) -> Self {
        Captured { stdout: MemoryOutputPipe::new(cap), stderr: MemoryOutputPipe::new(cap), cap }
    }

    /// Which stream overflowed, if that is why the call failed. A full pipe
    /// reports itself closed, so the guest sees a broken pipe (and Rust's
    /// `println!` panics); a single write too large for the room left traps
    /// with the pipe's own message instead.
    pub fn overflowed(&self, error: &wasmtime::Error) -> Option<&'static str> {
        let full = |p: &MemoryOutputPipe| p.contents().len() >= self.cap;
        if full(&self.stdout) {
            return Some("stdout");
        }
        if full(&self.stderr) {
            return Some("stderr");
        }
        if !error.chain().any(|e| e.to_string().contains(OVERFLOW_MESSAGE)) {
            return None;
        }
        let room = |p: &MemoryOutputPipe| self.cap - p.contents().len();
        Some(if room(&self.stderr) < room(&self.stdout) { "stderr" } else { "stdout" })
    }

    pub fn stdout_text(&self) -> String {
        String::from_utf8_lossy(&self.stdout.contents()).into_owned()
    }

    pub fn stderr_text(&self) -> String {
        String::from_utf8_lossy(&self.stderr.contents()).into_owned()
    }
}
