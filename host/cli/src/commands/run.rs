//! `agentops run`: run one skill in the sandbox and print its verdict.

use std::path::PathBuf;
use std::process::ExitCode;

use agentops_manifest::{Policy, grant};
use agentops_runtime::{LoadSpec, Request, Verdict};

use crate::catalog::Catalog;
use crate::cli::Global;
use crate::error::Result;
use crate::input::read_text;
use crate::{project, render};

/// Run a skill in the sandbox and print its verdict
///
/// Exits 0 on pass or warn, 1 on fail, 3 when the skill errs or hits a limit.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The skill to run
    pub name: String,
    /// The input document: a file, or - for standard input
    #[arg(long, value_name = "FILE")]
    pub input: Option<PathBuf>,
    /// An argument for the skill, repeatable
    #[arg(long = "arg", value_name = "K=V", value_parser = parse_pair)]
    pub args: Vec<(String, String)>,
}

fn parse_pair(s: &str) -> std::result::Result<(String, String), String> {
    let (k, v) = s.split_once('=').ok_or_else(|| format!("`{s}` is not KEY=VALUE"))?;
    if k.is_empty() {
        return Err(format!("`{s}` has an empty key"));
    }
    Ok((k.to_string(), v.to_string()))
}

pub fn cmd_run(g: &Global, args: &Args) -> Result<ExitCode> {
    let root = project::root(g.project.as_deref())?;
    let catalog = Catalog::load(&root)?;
    let entry = catalog.get(&args.name)?;
    if catalog.is_unbuilt_override(&args.name) && !g.quiet {
        eprintln!(
            "note: skills/{0} is not built; running the built-in {0} (build yours with `agentops build {0}`)",
            args.name
        );
    }
    let component = entry.component_bytes()?;
    let manifest = entry.manifest.clone().unwrap_or_default();
    let policy = Policy::load(&root)?;
    let grant = grant(&manifest, &policy);
    if g.verbose && !grant.refused.is_empty() {
        eprintln!("note: the policy refused {} for `{}`", grant.refused.join(", "), args.name);
    }
    let input = args.input.as_deref().map(read_text).transpose()?;
    let mut pairs = args.args.clone();
    if !policy.private.is_empty() && !pairs.iter().any(|(k, _)| k == "private") {
        pairs.push(("private".into(), policy.private.join(",")));
    }
    let request = Request { args: pairs, input, event: None, config: manifest.config.to_string() };
    let runtime = super::runtime()?;
    let skill = runtime.load(&LoadSpec {
        name: &args.name,
        component: &component,
        digest: entry.component_digest(),
        grant: &grant,
        project_root: &root,
        private: &policy.private,
    })?;
    if g.verbose {
        eprintln!("note: component {:?}", skill.cache);
    }
    let run = skill.run(&request)?;
    if g.verbose {
        for line in &run.logs {
            eprintln!("[{}] {}", line.level, line.message);
        }
        eprint!("{}", run.stderr);
        eprintln!("note: ran in {:?}", run.elapsed);
    }
    if g.json {
        println!("{}", render::run_json(&args.name, &run));
    } else if !g.quiet {
        print!("{}", render::run_text(&args.name, &run.outcome));
    }
    Ok(ExitCode::from(if run.outcome.verdict == Verdict::Fail { 1 } else { 0 }))
}
