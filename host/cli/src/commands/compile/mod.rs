//! `agentops compile`: the project's source (skills, agentops.toml, ledger
//! rules) emitted as each target runtime's native files, or as a Claude Code
//! plugin ([`form`]). The converters crate builds the files in memory; this
//! command plans against the disk and the ownership manifest ([`plan`]),
//! holds what each runtime always loads against its token budget
//! ([`tokens`]), then prints a diff (`--check`, `--dry-run`) or writes
//! ([`apply`]).

mod apply;
mod builtins;
mod diff;
mod form;
mod manifest;
mod plan;
mod tokens;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use agentops_converters::source::{self, Source};
use agentops_converters::tokens::TokenReport;
use agentops_converters::{EmitOptions, FidelityReport, Runtime};
use serde_json::{Value, json};

use crate::cli::Global;
use crate::error::{CliError, Result};
use crate::{project, stdout};
use form::Form;
use manifest::Manifest;
use plan::{Plan, State};

/// Compile skills, commands, agents, rules, hooks and MCP servers into each runtime's files
///
/// Shared files (AGENTS.md, CLAUDE.md, settings.json, opencode.json, config.toml) keep what
/// you wrote; only agentops' section or keys change. `.agents/compiled.json` records every
/// output, so a file edited by hand, or a key of a shared file holding your own value (such
/// as an MCP server of yours under a name the project defines too), is reported and kept
/// (exit 1) unless --force, and outputs no longer produced are removed. What each runtime
/// loads in every session is reported in tokens; over `[compile] token_budget` (default
/// 8000, 0 for none) is an error (exit 1).
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
    /// Overwrite or remove outputs edited by hand, and overwrite your keys of shared files
    #[arg(long)]
    pub force: bool,
    /// Write a Claude Code plugin (with a one-plugin marketplace) instead of the project's files
    ///
    /// Its metadata is the `[compile.plugin]` table of agentops.toml; it is recorded in
    /// `.agents/compiled-plugin.json`.
    #[arg(long)]
    pub plugin: bool,
    /// The plugin folder (default: `[compile.plugin] out`, else `plugin/` in the project)
    #[arg(long, requires = "plugin", value_name = "DIR")]
    pub out: Option<PathBuf>,
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
    let form = form_of(&root, &source, args)?;
    let previous = Manifest::load(&form.manifest)?;
    let plan = plan::plan(&form.dir, &form.files, &previous, args.force)?;
    let tokens = tokens::reports(&source, &form, &plan);
    let refusals = refusals(args, &form, &tokens);

    let writes = !args.check && !args.dry_run;
    if !writes {
        let diffs: String = plan.actions.iter().filter(|a| a.is_change()).map(diff::render).collect();
        stdout::print(&diffs)?;
    } else if refusals.is_empty() {
        apply::apply(&form.dir, &plan, &previous, &form.manifest)?;
    }
    stdout::print(&summary(g, &plan, &form, &tokens, args))?;

    let changes = plan.actions.iter().filter(|a| a.is_change()).count();
    let edited = plan.hand_edited();
    if !refusals.is_empty() {
        refusals.iter().for_each(|line| eprintln!("{line}"));
        if writes {
            eprintln!("nothing written");
        }
        Ok(ExitCode::from(1))
    } else if args.check && changes > 0 {
        eprintln!("{changes} output(s) out of date; run `agentops compile`");
        Ok(ExitCode::from(1))
    } else if writes && !edited.is_empty() {
        eprintln!("edited by hand, left alone: {}", edited.join(", "));
        eprintln!("  hint: move your change into the source, or pass --force to overwrite");
        Ok(ExitCode::from(1))
    } else {
        Ok(ExitCode::SUCCESS)
    }
}

/// The project's files for the chosen runtimes, or with `--plugin` the plugin.
fn form_of(root: &Path, source: &Source, args: &Args) -> Result<Form> {
    let options = EmitOptions { binary: source.config.binary.clone().unwrap_or_else(|| "agentops".into()) };
    if args.plugin {
        if args.runtime.is_some_and(|t| t != Target::ClaudeCode) {
            let err = CliError::usage("--plugin writes a Claude Code plugin");
            return Err(err.hint("drop --runtime, or pass --runtime claude-code"));
        }
        return form::plugin(root, source, args.out.as_deref(), &options);
    }
    let runtimes = match args.runtime {
        Some(target) => target.runtimes(),
        None => source.config.runtimes.clone().unwrap_or_else(|| Runtime::ALL.to_vec()),
    };
    form::project(root, source, &runtimes, &options)
}

/// Why nothing may be written (the error lines to print): a drop under
/// `--strict`, a runtime over its token budget.
fn refusals(args: &Args, form: &Form, tokens: &[TokenReport]) -> Vec<String> {
    let mut lines = Vec::new();
    if args.strict && form.fidelity.iter().any(FidelityReport::has_drops) {
        lines.push("error: --strict: a runtime drops part of the source (see the fidelity report)".to_string());
    }
    let over: Vec<String> =
        tokens.iter().filter(|r| r.over_budget()).map(|r| format!("error: {}", tokens::over_budget(r))).collect();
    if !over.is_empty() {
        lines.extend(over);
        lines.push(
            "  hint: shorten those, or raise `[compile] token_budget` in agentops.toml (0 turns the check off)".into(),
        );
    }
    lines
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

/// What the compile did, as text or (`--json`) one JSON object; empty with `--quiet`.
fn summary(g: &Global, plan: &Plan, form: &Form, tokens: &[TokenReport], args: &Args) -> String {
    let [written, unchanged, removed] = [State::Write, State::Unchanged, State::Remove].map(|s| paths(plan, s));
    let edited = plan.hand_edited();
    if g.json {
        let fidelity: serde_json::Map<String, Value> = form
            .fidelity
            .iter()
            .map(|r| {
                let notes = r.notes.iter().map(
                    |n| json!({"item": n.item, "field": n.field, "treatment": n.treatment.as_str(), "why": n.why}),
                );
                (r.runtime.to_string(), Value::Array(notes.collect()))
            })
            .collect();
        let mut summary = json!({
            "written": written, "unchanged": unchanged, "removed": removed, "hand_edited": edited,
            "dry_run": args.check || args.dry_run, "fidelity": fidelity, "tokens": tokens::json(tokens),
        });
        if !form.project {
            summary["plugin"] = form.dir.display().to_string().into();
        }
        return format!("{summary}\n");
    }
    if g.quiet {
        return String::new();
    }
    let mut out = String::new();
    let verb = if args.check || args.dry_run { "would write" } else { "wrote" };
    if !form.project {
        out += &format!("plugin: {}\n", form.dir.display());
    }
    if g.verbose {
        for path in &written {
            out += &format!("{verb} {path}\n");
        }
    }
    out += &format!(
        "{verb} {}, unchanged {}, removed {}, hand-edited {}\n",
        written.len(),
        unchanged.len(),
        removed.len(),
        edited.len()
    );
    for (title, lines) in [
        ("fidelity", form.fidelity.iter().map(ToString::to_string).collect::<Vec<_>>()),
        ("tokens", tokens.iter().map(ToString::to_string).collect()),
    ] {
        out += &format!("{title}:\n");
        for line in lines.iter().flat_map(|text| text.lines()) {
            out += &format!("  {line}\n");
        }
    }
    out
}
