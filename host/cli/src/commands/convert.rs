//! `agentops convert`: one runtime's files imported and emitted straight as
//! other runtimes' files, without going through the project's sources. Shared
//! files (AGENTS.md, settings.json, opencode.json, config.toml...) get our
//! part merged into what is there; a file that exists with other content is
//! kept unless `--force`.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use agentops_converters::import::{hand_written_rule, import};
use agentops_converters::model::Bundle;
use agentops_converters::{EmitOptions, FidelityReport, OutputFile, RelativePath, Runtime, Tree, emit, source};
use serde_json::{Map, Value, json};

use crate::cli::Global;
use crate::commands::import::files::{self, State};
use crate::commands::import::{report, runtime_parser};
use crate::error::{CliError, Result};
use crate::project;

/// Convert one runtime's files into other runtimes' files
///
/// Reads the --from runtime's files of the project (or --path) and writes each --to runtime's
/// files into the project (or --out). The project's own sources (skills/, .agents/agentops.toml)
/// are never touched. What a target cannot express is listed per target, as `compile` does.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The runtime whose files to read
    #[arg(long, value_parser = runtime_parser())]
    pub from: Runtime,
    /// The runtimes to write, comma-separated
    #[arg(long, required = true, value_delimiter = ',', value_parser = runtime_parser())]
    pub to: Vec<Runtime>,
    /// Where the runtime files to read are (default: the project)
    #[arg(long, value_name = "DIR")]
    pub path: Option<PathBuf>,
    /// Write into DIR instead of the project
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Write nothing; list what would change
    #[arg(long)]
    pub dry_run: bool,
    /// Overwrite files that exist with other content
    #[arg(long)]
    pub force: bool,
}

pub fn cmd_convert(g: &Global, args: &Args) -> Result<ExitCode> {
    let root = project::root(g.project.as_deref())?;
    let from = args.path.clone().unwrap_or_else(|| root.clone());
    let out = args.out.clone().unwrap_or_else(|| root.clone());
    let imported = import(&from, args.from).map_err(|e| CliError::usage(e.to_string()))?;
    let config = source::compile_config(&root).map_err(|e| CliError::usage(e.to_string()))?;
    let options = EmitOptions { binary: config.binary.unwrap_or_else(|| "agentops".into()) };

    let mut outputs: BTreeMap<RelativePath, (Runtime, OutputFile)> = BTreeMap::new();
    let mut reports = Vec::new();
    for &rt in &args.to {
        let bundle = for_target(&imported.bundle, rt, &out);
        let emitted = emit(&bundle, rt, &options).map_err(|e| CliError::usage(e.to_string()))?;
        for (path, file) in emitted.tree.files() {
            match outputs.get(path) {
                Some((other, theirs)) if theirs != file => {
                    return Err(CliError::usage(format!("`{path}`: {other} and {rt} would write different content"))
                        .hint("convert to one of the two runtimes at a time"));
                }
                Some(_) => {}
                None => drop(outputs.insert(path.clone(), (rt, file.clone()))),
            }
        }
        reports.push(emitted.fidelity);
    }
    let mut tree = Tree::default();
    for (path, (_, file)) in outputs {
        tree.insert(path, file).expect("paths are unique in a map");
    }
    let planned = files::plan(&out, &tree, args.force)?;
    if !args.dry_run {
        files::write(&out, &planned)?;
    }
    print_summary(g, args, &planned, &reports, &imported.skipped);
    let kept = files::paths(&planned, State::Kept);
    let kept_keys = files::kept_keys(&planned);
    if kept.is_empty() && kept_keys.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    if !kept.is_empty() {
        eprintln!("exists with other content, left alone: {}", kept.join(", "));
    }
    if !kept_keys.is_empty() {
        eprintln!("the user's own entries under names we write, left alone: {}", kept_keys.join(", "));
    }
    eprintln!("  hint: pass --force to overwrite, or --out DIR to write elsewhere");
    Ok(ExitCode::from(1))
}

/// The bundle to emit for `runtime` into `out`: instructions written by hand
/// in a file the target already loads from `out` (AGENTS.md for Codex, Cursor
/// and OpenCode) are not copied into it a second time.
fn for_target(bundle: &Bundle, runtime: Runtime, out: &std::path::Path) -> Bundle {
    let loaded: Vec<String> =
        runtime.instruction_files().iter().filter(|f| out.join(f).is_file()).map(|f| hand_written_rule(f)).collect();
    let mut bundle = bundle.clone();
    bundle.rules.retain(|r| !loaded.contains(&r.id));
    bundle
}

fn print_summary(
    g: &Global,
    args: &Args,
    planned: &[files::Planned],
    reports: &[FidelityReport],
    skipped: &[agentops_converters::import::Skipped],
) {
    if g.json {
        let states: Map<String, Value> = [State::New, State::Changed, State::Unchanged, State::Kept]
            .into_iter()
            .map(|s| (s.as_str().to_string(), json!(files::paths(planned, s))))
            .collect();
        let fidelity: Map<String, Value> =
            reports.iter().map(|r| (r.runtime.to_string(), report::notes_json(&r.notes))).collect();
        let summary = json!({
            "from": args.from.as_str(),
            "to": args.to.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
            "dry_run": args.dry_run,
            "files": states,
            "kept_keys": files::kept_keys(planned),
            "fidelity": fidelity,
            "skipped": report::skipped_json(skipped),
        });
        println!("{summary}");
        return;
    }
    if g.quiet {
        return;
    }
    let verb = if args.dry_run { "would write" } else { "wrote" };
    for p in planned.iter().filter(|p| p.state != State::Unchanged || g.verbose) {
        println!("{:9} {}", p.state.as_str(), p.path);
    }
    let [new, changed, unchanged, kept] =
        [State::New, State::Changed, State::Unchanged, State::Kept].map(|s| files::paths(planned, s).len());
    println!("{verb} {} (new {new}, changed {changed}), unchanged {unchanged}, kept {kept}", new + changed);
    println!("fidelity:");
    for line in reports.iter().flat_map(|r| r.to_string().lines().map(String::from).collect::<Vec<_>>()) {
        println!("  {line}");
    }
    report::print_skipped(&format!("left in the {} files (not part of the model)", args.from.title()), skipped);
}
