//! `agentops import`: a runtime's files (Claude Code, Codex, Cursor, OpenCode)
//! read into the project's own sources, so that from then on the project
//! compiles them for every runtime. The converters crate reads the files and
//! plans the sources ([`agentops_converters::source::export`]); this command
//! writes them and says what it wrote, what it kept and what it could not
//! express.

pub(crate) mod files;
pub(crate) mod report;

use std::path::PathBuf;
use std::process::ExitCode;

use agentops_converters::import::import;
use agentops_converters::{Runtime, Subject, source};
use clap::builder::{PossibleValuesParser, TypedValueParser};
use serde_json::json;

use crate::cli::Global;
use crate::error::{CliError, Result};
use crate::project;
use files::State;

/// Read a runtime's files into the project's skills/ and .agents/agentops.toml
///
/// Skills become skills/NAME/ folders (every file byte for byte); commands, agents and MCP
/// servers become [[commands]], [[agents]] and [mcp_servers.NAME] in .agents/agentops.toml,
/// with the keys agentops has no field for kept per runtime under `extra`. An item the project
/// already has is left alone (exit 1) unless --force. Rules, hooks and permissions stay in the
/// runtime's files; they are listed as not written.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The runtime whose files to read
    #[arg(long, value_parser = runtime_parser())]
    pub from: Runtime,
    /// Where the runtime's files are (default: the project)
    #[arg(long, value_name = "DIR")]
    pub path: Option<PathBuf>,
    /// Replace skills and entries the project already has
    #[arg(long)]
    pub force: bool,
}

/// `claude-code`, `codex`, `cursor` or `opencode`, listed in `--help`.
pub(crate) fn runtime_parser() -> impl TypedValueParser<Value = Runtime> {
    PossibleValuesParser::new(Runtime::ALL.map(Runtime::as_str))
        .map(|name| Runtime::parse(&name).expect("one of the possible values"))
}

pub fn cmd_import(g: &Global, args: &Args) -> Result<ExitCode> {
    let root = project::root(g.project.as_deref())?;
    let from = args.path.clone().unwrap_or_else(|| root.clone());
    let imported = import(&from, args.from).map_err(|e| CliError::usage(e.to_string()))?;
    let export = source::export(&root, &imported.bundle, args.force).map_err(|e| CliError::usage(e.to_string()))?;
    // The export has already kept what the project has; every planned file is ours to write.
    let planned = files::plan(&root, &export.files, true)?;
    files::write(&root, &planned)?;

    let written: Vec<&str> = [State::New, State::Changed].iter().flat_map(|s| files::paths(&planned, *s)).collect();
    if g.json {
        let items = |list: &[Subject]| list.iter().map(ToString::to_string).collect::<Vec<_>>();
        let summary = json!({
            "from": args.from.as_str(),
            "written": items(&export.written),
            "kept": items(&export.kept),
            "files": written,
            "not_written": report::notes_json(&export.notes),
            "skipped": report::skipped_json(&imported.skipped),
        });
        println!("{summary}");
    } else if !g.quiet {
        println!("imported from {} ({})", args.from.title(), from.display());
        print_items("wrote", &export.written);
        print_items("kept (the project has them; --force replaces)", &export.kept);
        if g.verbose {
            for path in &written {
                println!("  wrote {path}");
            }
        }
        report::print_notes("not written (the project's sources have no place for them)", &export.notes);
        report::print_skipped(
            &format!("left in the {} files (not part of the model)", args.from.title()),
            &imported.skipped,
        );
    }
    if export.kept.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!("{} item(s) already in the project were left alone", export.kept.len());
    eprintln!("  hint: pass --force to replace them");
    Ok(ExitCode::from(1))
}

fn print_items(verb: &str, items: &[Subject]) {
    if items.is_empty() {
        return;
    }
    println!("{verb}:");
    for item in items {
        println!("  {item}");
    }
}
