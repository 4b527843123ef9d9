//! `agentops doctor`: what this machine and project have, what is missing,
//! and the command that fixes it.

use std::process::ExitCode;

use agentops_manifest::Policy;
use agentops_runtime::{CONTRACT_VERSION, ComponentCache};
use serde_json::json;

use crate::catalog::Catalog;
use crate::cli::Global;
use crate::error::Result;
use crate::project;
use crate::toolchain::{WASM_TARGET, version, wasm_target_installed};

/// Check the toolchain, target, cache and project, and say how to fix what is missing
///
/// Exits 2 when something needed is missing.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// One line of the report.
struct Check {
    what: &'static str,
    ok: bool,
    detail: String,
    /// The command or step that fixes it.
    fix: &'static str,
}

pub fn cmd_doctor(g: &Global, _args: &Args) -> Result<ExitCode> {
    let mut checks = vec![
        Check {
            what: "agentops",
            ok: true,
            detail: format!("{} (skill contract {CONTRACT_VERSION}, wasmtime 48.0.8)", env!("CARGO_PKG_VERSION")),
            fix: "",
        },
        tool("cargo", "install Rust: curl https://sh.rustup.rs -sSf | sh"),
        tool("rustc", "install Rust: curl https://sh.rustup.rs -sSf | sh"),
        Check {
            what: "wasm target",
            ok: wasm_target_installed(),
            detail: WASM_TARGET.to_string(),
            fix: "rustup target add wasm32-wasip2",
        },
        cache_check(),
    ];
    checks.extend(project_checks(g));
    let healthy = checks.iter().all(|c| c.ok);
    if g.json {
        let items: Vec<_> = checks
            .iter()
            .map(|c| json!({"check": c.what, "ok": c.ok, "detail": c.detail, "fix": (!c.ok).then_some(c.fix)}))
            .collect();
        println!("{}", json!({"ok": healthy, "checks": items}));
    } else if !g.quiet || !healthy {
        for c in &checks {
            println!("{} {:12} {}", if c.ok { "ok     " } else { "MISSING" }, c.what, c.detail);
            if !c.ok {
                println!("        fix: {}", c.fix);
            }
        }
    }
    Ok(ExitCode::from(if healthy { 0 } else { 2 }))
}

fn tool(name: &'static str, fix: &'static str) -> Check {
    let found = version(name);
    Check { what: name, ok: found.is_some(), detail: found.unwrap_or_else(|| "not found on PATH".into()), fix }
}

fn cache_check() -> Check {
    let fix = "set AGENTOPS_CACHE_DIR to a folder you own";
    match ComponentCache::default_dir() {
        None => Check { what: "cache", ok: false, detail: "no HOME, XDG_CACHE_HOME or AGENTOPS_CACHE_DIR".into(), fix },
        Some(dir) => {
            let usable = ComponentCache::at(&dir).is_ok() && tempfile::NamedTempFile::new_in(&dir).is_ok();
            Check { what: "cache", ok: usable, detail: dir.display().to_string(), fix }
        }
    }
}

fn project_checks(g: &Global) -> Vec<Check> {
    let root = match project::root(g.project.as_deref()) {
        Ok(root) => root,
        Err(e) => {
            return vec![Check {
                what: "project",
                ok: false,
                detail: e.message,
                fix: "run inside a project or pass --project DIR",
            }];
        }
    };
    let mut checks = vec![Check { what: "project", ok: true, detail: root.display().to_string(), fix: "" }];
    checks.push(match Policy::load(&root) {
        Ok(_) => Check { what: "policy", ok: true, detail: "valid (defaults where unset)".into(), fix: "" },
        Err(e) => Check {
            what: "policy",
            ok: false,
            detail: e.to_string(),
            fix: "fix the [policy] table of .agents/agentops.toml",
        },
    });
    match Catalog::load(&root) {
        Ok(catalog) => {
            checks.push(Check {
                what: "skills",
                ok: catalog.errors.is_empty(),
                detail: format!("{} found", catalog.entries.len()),
                fix: "fix the files named below",
            });
            checks.extend(catalog.errors.into_iter().map(|e| Check {
                what: "skill",
                ok: false,
                detail: e.to_string(),
                fix: "fix the file as the message says",
            }));
        }
        Err(e) => {
            checks.push(Check { what: "skills", ok: false, detail: e.message, fix: "fix the file as the message says" })
        }
    }
    checks
}
