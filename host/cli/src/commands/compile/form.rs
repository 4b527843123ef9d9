//! What one compile produces, and where: the project's own files for each
//! target runtime (written into the project, recorded in
//! `.agents/compiled.json`), or, with `--plugin`, a Claude Code plugin folder
//! (recorded in `.agents/compiled-plugin.json`). The two forms keep separate
//! ownership manifests, so compiling one never removes the other's outputs,
//! and the plugin folder holds nothing but the plugin.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use agentops_converters::source::{DEFAULT_PLUGIN_OUT, Source};
use agentops_converters::{EmitOptions, FidelityReport, OutputFile, RelativePath, Runtime, emit, emit_plugin};

use super::manifest;
use crate::error::{CliError, Result};

/// The files of one compile, relative to [`Form::dir`].
pub struct Form {
    /// Where the files go: the project root, or the plugin folder.
    pub dir: PathBuf,
    /// The ownership manifest recording them.
    pub manifest: PathBuf,
    pub files: BTreeMap<RelativePath, OutputFile>,
    pub fidelity: Vec<FidelityReport>,
    /// False for a plugin, which brings no instructions file of its own.
    pub project: bool,
}

/// Each runtime's files for the project at `root`, merged into one tree;
/// two runtimes writing one path must agree byte for byte.
pub fn project(root: &Path, source: &Source, runtimes: &[Runtime], options: &EmitOptions) -> Result<Form> {
    let mut files: BTreeMap<RelativePath, (Runtime, OutputFile)> = BTreeMap::new();
    let mut fidelity = Vec::new();
    for &rt in runtimes {
        let emitted = emit(&source.bundle, rt, options).map_err(|e| CliError::usage(e.to_string()))?;
        for (path, file) in emitted.tree.files() {
            match files.get(path) {
                Some((other, theirs)) if theirs != file => {
                    return Err(CliError::usage(format!("`{path}`: {other} and {rt} would write different content"))
                        .hint("compile one of the two runtimes at a time with --runtime"));
                }
                Some(_) => {}
                None => drop(files.insert(path.clone(), (rt, file.clone()))),
            }
        }
        fidelity.push(emitted.fidelity);
    }
    Ok(Form {
        dir: root.to_path_buf(),
        manifest: root.join(manifest::PATH),
        files: files.into_iter().map(|(p, (_, f))| (p, f)).collect(),
        fidelity,
        project: true,
    })
}

/// The Claude Code plugin of the project at `root`, for the folder `out`
/// (`--out`, relative to the working folder), else `[compile.plugin] out`,
/// else `plugin/` (both relative to the project root).
pub fn plugin(root: &Path, source: &Source, out: Option<&Path>, options: &EmitOptions) -> Result<Form> {
    let table = &source.config.plugin;
    let dir = match out {
        Some(dir) => std::env::current_dir()
            .map_err(|e| CliError::usage(format!("the current folder cannot be read: {e}")))?
            .join(dir),
        None => root.join(table.out.as_deref().unwrap_or(DEFAULT_PLUGIN_OUT)),
    };
    if dir.canonicalize().is_ok_and(|d| d == root) {
        return Err(CliError::usage("the plugin folder is the project root, whose skills/ are the sources")
            .hint("pass --out DIR or set `[compile.plugin] out` to another folder"));
    }
    let plugin = table.plugin(root);
    let emitted = emit_plugin(&source.bundle, &plugin, options).map_err(|e| {
        CliError::usage(e.to_string()).hint("the plugin's metadata is the `[compile.plugin]` table of agentops.toml")
    })?;
    Ok(Form {
        dir,
        manifest: root.join(manifest::PLUGIN_PATH),
        files: emitted.tree.files().clone(),
        fidelity: vec![emitted.fidelity],
        project: false,
    })
}
