//! What building skills needs from the machine: cargo, rustc and the
//! wasm32-wasip2 target.

use std::path::PathBuf;
use std::process::Command;

/// The target skills build for.
pub const WASM_TARGET: &str = "wasm32-wasip2";

/// The first line of `TOOL --version`, or `None` when it does not run.
pub fn version(tool: &str) -> Option<String> {
    let out = Command::new(tool).arg("--version").output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).lines().next().unwrap_or_default().to_string())
}

/// Whether rustc's sysroot holds the standard library for wasm32-wasip2.
pub fn wasm_target_installed() -> bool {
    let Ok(out) = Command::new("rustc").args(["--print", "sysroot"]).output() else {
        return false;
    };
    let sysroot = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    sysroot.join("lib/rustlib").join(WASM_TARGET).join("lib").is_dir()
}
