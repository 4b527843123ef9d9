//! `agentops compile`: the project's source (skills, agentops.toml, ledger
//! rules) emitted as each target runtime's native files. The converters crate
//! builds the files in memory; this command merges the targets' trees, plans
//! against the disk and the ownership manifest ([`plan`]), then prints a diff
//! (`--check`, `--dry-run`) or writes ([`apply`]).

mod apply;
mod builtins;
mod diff;
mod manifest;
mod plan;

use std::collections::BTreeMap;
use std::process::ExitCode;

use agentops_converters::{EmitOptions, FidelityReport, OutputFile, RelativePath, Runtime, emit, source};
use serde_json::{Value, json};

use crate::cli::Global;
use crate::error::{CliError, Result};
use crate::project;
use manifest::Manifest;
use plan::{Plan, State};

/// Compile skills, commands, agents, rules, hooks and MCP servers into each runtime's files
///
/// Shared files (AGENTS.md, CLAUDE.md, settings.json, opencode.json, config.toml) keep what
/// you wrote; only agentops' section or keys change. `.agents/compiled.json` records every
/// output, so a file edited by hand is reported and kept (exit 1) unless --force, and outputs
/// no longer produced are removed.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Target runtime (default: `[compile] runtimes` in agentops.toml, else all)
    #[arg(long, value_enum)]
    pub runtime: Option<Target>,
    /// Write nothing; print a diff and exit 1 when any output is out of date
    #[arg(long, conflicts_with = "dry_run")]
    pub check: bool,
    /// Write nothing; print the diff of what would change
    #[arg(long)]
    pub dry_run: bool,
    /// Exit 1, writing nothing, when a runtime drops anything (see the fidelity report)
    #[arg(long)]
    pub strict: bool,
    /// Overwrite or remove outputs edited by hand
    #[arg(long)]
    pub force: bool,
}

/// A `--runtime` value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Target {
    ClaudeCode,
    Codex,
    Cursor,
    #[value(name = "opencode")]
    OpenCode,
    All,
}

pub fn cmd_compile(g: &Global, args: &Args) -> Result<ExitCode> {
    let root = project::root(g.project.as_deref())?;
    let mut source = source::load(&root).map_err(|e| CliError::usage(e.to_string()))?;
    builtins::add(&mut source.bundle, source.config.binary.as_deref().unwrap_or("agentops"))?;
    let runtimes = match args.runtime {
        Some(target) => target.runtimes(),
        None => source.config.runtimes.clone().unwrap_or_else(|| Runtime::ALL.to_vec()),
    };
    let options = EmitOptions { binary: source.config.binary.clone().unwrap_or_else(|| "agentops".into()) };
    let mut outputs: BTreeMap<RelativePath, (Runtime, OutputFile)> = BTreeMap::new();
    let mut reports = Vec::new();
    for rt in runtimes {
        let emitted = emit(&source.bundle, rt, &options).map_err(|e| CliError::usage(e.to_string()))?;
        for (path, file) in emitted.tree.files() {
            match outputs.get(path) {
                Some((other, theirs)) if theirs != file => {
                    return Err(CliError::usage(format!("`{path}`: {other} and {rt} would write different content"))
                        .hint("compile one of the two runtimes at a time with --runtime"));
                }
                Some(_) => {}
                None => drop(outputs.insert(path.clone(), (rt, file.clone()))),
            }
        }
        reports.push(emitted.fidelity);
    }
    let outputs = outputs.into_iter().map(|(p, (_, f))| (p, f)).collect();
    let previous = Manifest::load(&root)?;
    let plan = plan::plan(&root, &outputs, &previous, args.force)?;
    let dropped = args.strict && reports.iter().any(FidelityReport::has_drops);

    if args.check || args.dry_run {
        for action in plan.actions.iter().filter(|a| a.is_change()) {
            print!("{}", diff::render(action));
        }
    } else if !dropped {
        apply::apply(&root, &plan, &previous)?;
    }
    print_summary(g, &plan, &reports, args);

    let changes = plan.actions.iter().filter(|a| a.is_change()).count();
    let edited: Vec<&str> = paths(&plan, State::HandEdited);
    if dropped {
        eprintln!("error: --strict: a runtime drops part of the source (see the fidelity report); nothing written");
        Ok(ExitCode::from(1))
    } else if args.check && changes > 0 {
        eprintln!("{changes} output(s) out of date; run `agentops compile`");
        Ok(ExitCode::from(1))
    } else if !args.check && !args.dry_run && !edited.is_empty() {
        eprintln!("edited by hand, left alone: {}", edited.join(", "));
        eprintln!("  hint: move your change into the source, or pass --force to overwrite");
        Ok(ExitCode::from(1))
    } else {
        Ok(ExitCode::SUCCESS)
    }
}

impl Target {
    fn runtimes(self) -> Vec<Runtime> {
        match self {
            Target::ClaudeCode => vec![Runtime::ClaudeCode],
            Target::Codex => vec![Runtime::Codex],
            Target::Cursor => vec![Runtime::Cursor],
            Target::OpenCode => vec![Runtime::OpenCode],
            Target::All => Runtime::ALL.to_vec(),
        }
    }
}

fn paths(plan: &Plan, state: State) -> Vec<&str> {
    plan.actions.iter().filter(|a| a.state == state).map(|a| a.path.as_str()).collect()
}

fn print_summary(g: &Global, plan: &Plan, reports: &[FidelityReport], args: &Args) {
    let [written, unchanged, removed, edited] =
        [State::Write, State::Unchanged, State::Remove, State::HandEdited].map(|s| paths(plan, s));
    if g.json {
        let fidelity: serde_json::Map<String, Value> = reports
            .iter()
            .map(|r| {
                let notes = r.notes.iter().map(
                    |n| json!({"item": n.item, "field": n.field, "treatment": n.treatment.as_str(), "why": n.why}),
                );
                (r.runtime.to_string(), Value::Array(notes.collect()))
            })
            .collect();
        let summary = json!({
            "written": written, "unchanged": unchanged, "removed": removed, "hand_edited": edited,
            "dry_run": args.check || args.dry_run, "fidelity": fidelity,
        });
        println!("{summary}");
        return;
    }
    if g.quiet {
        return;
    }
    let verb = if args.check || args.dry_run { "would write" } else { "wrote" };
    if g.verbose {
        for path in &written {
            println!("{verb} {path}");
        }
    }
    println!(
        "{verb} {}, unchanged {}, removed {}, hand-edited {}",
        written.len(),
        unchanged.len(),
        removed.len(),
        edited.len()
    );
    println!("fidelity:");
    for line in reports.iter().flat_map(|r| r.to_string().lines().map(String::from).collect::<Vec<_>>()) {
        println!("  {line}");
    }
}
