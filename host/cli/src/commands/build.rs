//! `agentops build`: build skill crates for wasm32-wasip2, place each
//! component beside its skill, and precompile it into the cache.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

use agentops_manifest::{Policy, grant};
use agentops_runtime::LoadSpec;

use crate::catalog::{Catalog, Entry};
use crate::cli::Global;
use crate::error::{CliError, Result};
use crate::project;
use crate::toolchain::{WASM_TARGET, wasm_target_installed};

/// Build skill crates into components and precompile them
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The skills to build (default: every project skill with a crate)
    pub names: Vec<String>,
}

pub fn cmd_build(g: &Global, args: &Args) -> Result<ExitCode> {
    let root = project::root(g.project.as_deref())?;
    let catalog = Catalog::load(&root)?;
    let targets = select(&catalog, &args.names)?;
    if targets.is_empty() {
        if !g.quiet {
            println!("nothing to build: no project skill has a crate");
        }
        return Ok(ExitCode::SUCCESS);
    }
    if !wasm_target_installed() {
        return Err(CliError::usage(format!("the Rust target {WASM_TARGET} is not installed"))
            .hint(format!("rustup target add {WASM_TARGET}")));
    }
    let policy = Policy::load(&root)?;
    let runtime = super::runtime()?;
    let target_dir =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target").join("skills"), PathBuf::from);
    for (i, entry) in targets.iter().enumerate() {
        let name = entry.name();
        if !g.quiet {
            eprintln!("[{}/{}] building {name}", i + 1, targets.len());
        }
        let crate_dir = entry.crate_dir().expect("selected skills have a crate");
        let artifact = cargo_build(crate_dir, &target_dir, g.quiet)?;
        let dest = entry.component_path().expect("a skill with a crate has a component path");
        install(&artifact, dest)?;
        let bytes = std::fs::read(dest).map_err(|e| CliError::usage(format!("cannot read {}: {e}", dest.display())))?;
        let manifest = entry.manifest.clone().unwrap_or_default();
        let grant = grant(&manifest, &policy);
        let start = Instant::now();
        let skill = runtime.load(&LoadSpec {
            name,
            component: &bytes,
            digest: None,
            grant: &grant,
            project_root: &root,
            private: &policy.private,
        })?;
        if !g.quiet {
            println!(
                "built {name}: {} ({} KiB), precompiled in {} ms ({:?})",
                dest.strip_prefix(&root).unwrap_or(dest).display(),
                bytes.len() / 1024,
                start.elapsed().as_millis(),
                skill.cache
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The skills to build: the named ones, or every project skill with a crate.
fn select<'a>(catalog: &'a Catalog, names: &[String]) -> Result<Vec<&'a Entry>> {
    if names.is_empty() {
        return Ok(catalog
            .unbuilt_overrides
            .iter()
            .chain(&catalog.entries)
            .filter(|e| e.crate_dir().is_some())
            .collect());
    }
    names
        .iter()
        .map(|name| match catalog.buildable(name) {
            Some(entry) => Ok(entry),
            None => {
                catalog.get(name)?;
                Err(CliError::usage(format!("skill `{name}` has no crate to build")).hint(
                    "set `crate` in the [skill] table of its skill.toml, or scaffold one with `agentops skill new`",
                ))
            }
        })
        .collect()
}

/// Runs cargo for the crate and returns the built component.
fn cargo_build(crate_dir: &Path, target_dir: &Path, quiet: bool) -> Result<PathBuf> {
    let manifest = crate_dir.join("Cargo.toml");
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.args(["build", "--release", "--target", WASM_TARGET, "--manifest-path"])
        .arg(&manifest)
        .env("CARGO_TARGET_DIR", target_dir);
    if quiet {
        cmd.arg("--quiet").stderr(Stdio::piped());
    }
    let out = cmd.stdout(Stdio::null()).output().map_err(|e| {
        CliError::usage(format!("cannot run cargo: {e}")).hint("install Rust with rustup, then run `agentops doctor`")
    })?;
    if !out.status.success() {
        let _ = std::io::stderr().write_all(&out.stderr);
        return Err(CliError::usage(format!("building {} failed", manifest.display()))
            .hint("fix the errors cargo printed above, then build again"));
    }
    let lib = lib_name(&manifest)?;
    Ok(target_dir.join(WASM_TARGET).join("release").join(format!("{lib}.wasm")))
}

/// The library name cargo gives the crate's artifact.
fn lib_name(manifest: &Path) -> Result<String> {
    let text = std::fs::read_to_string(manifest)
        .map_err(|e| CliError::usage(format!("cannot read {}: {e}", manifest.display())))?;
    let doc: toml::Table =
        toml::from_str(&text).map_err(|e| CliError::usage(format!("{}: {}", manifest.display(), e.message())))?;
    let name = doc
        .get("lib")
        .and_then(|l| l.get("name"))
        .or_else(|| doc.get("package").and_then(|p| p.get("name")))
        .and_then(|n| n.as_str())
        .ok_or_else(|| CliError::usage(format!("{} has no package name", manifest.display())))?;
    Ok(name.replace('-', "_"))
}

/// Copies the artifact into place atomically, so a reader never sees half a component.
fn install(artifact: &Path, dest: &Path) -> Result<()> {
    let fail = |e: std::io::Error| CliError::usage(format!("cannot place the component at {}: {e}", dest.display()));
    let dir = dest.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(fail)?;
    let bytes = std::fs::read(artifact).map_err(|e| {
        CliError::usage(format!("cargo built no component at {}: {e}", artifact.display()))
            .hint("the crate needs `crate-type = [\"cdylib\"]` in its [lib] table")
    })?;
    tmp.write_all(&bytes).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.persist(dest).map_err(|e| fail(e.error))?;
    Ok(())
}
