//! Builds the built-in skills for wasm32-wasip2 and hands their components to
//! the binary, so `agentops run guard` works with nothing but the binary.
//!
//! The guests build in their own target directory: building them in the one
//! that runs this script would wait forever on its lock.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Built-in skills with logic, by folder under `skills/`.
const BUILTIN: &[&str] =
    &["council", "dream", "evolve", "guard", "post-mortem", "pre-mortem", "retro", "rpi", "validation", "vibe"];

fn main() {
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap());
    let root = manifest_dir.join("../..").canonicalize().unwrap();
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap());
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from).join("builtin-skills");
    for watched in ["wit", "skills-sdk/src", "skills-sdk/Cargo.toml"] {
        println!("cargo::rerun-if-changed={}", root.join(watched).display());
    }
    for name in BUILTIN {
        let dir = root.join("skills").join(name);
        for watched in ["src", "Cargo.toml", "Cargo.lock", "skill.toml", "SKILL.md"] {
            println!("cargo::rerun-if-changed={}", dir.join(watched).display());
        }
        let wasm = std::fs::read(build_guest(&dir, &target, name)).unwrap();
        std::fs::write(out.join(format!("{name}.blake3")), blake3::hash(&wasm).as_bytes()).unwrap();
        std::fs::write(out.join(format!("{name}.wasm")), wasm).unwrap();
    }
}

fn build_guest(dir: &Path, target: &Path, name: &str) -> PathBuf {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.args(["build", "--release", "--locked", "--target", "wasm32-wasip2", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target);
    // The outer build's flags and wrappers (clippy, coverage) are not meant for guests.
    for var in [
        "RUSTFLAGS",
        "CARGO_ENCODED_RUSTFLAGS",
        "RUSTC_WRAPPER",
        "RUSTC_WORKSPACE_WRAPPER",
        "CLIPPY_ARGS",
        "CARGO_BUILD_TARGET",
    ] {
        cmd.env_remove(var);
    }
    let status = cmd.status().expect("running cargo to build the built-in skills");
    if !status.success() {
        panic!(
            "building the built-in skill `{name}` for wasm32-wasip2 failed.\n\
             If the target is missing, install it: rustup target add wasm32-wasip2"
        );
    }
    target.join("wasm32-wasip2/release").join(format!("{}.wasm", name.replace('-', "_")))
}
