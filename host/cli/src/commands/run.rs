//! `agentops run`: run one skill (or flow) in the sandbox and print its verdict.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use agentops_manifest::{Policy, SkillKind};
use agentops_runtime::{Invoker, Verdict};

use crate::catalog::Catalog;
use crate::cli::Global;
use crate::error::Result;
use crate::flow_host::FlowHost;
use crate::input::read_text;
use crate::{launch, project, render};

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
    execute(g, args, Catalog::load(&root)?, root)
}

/// Runs `args.name` from `catalog`; a flow gets a host for its invocations.
pub fn execute(g: &Global, args: &Args, catalog: Catalog, root: PathBuf) -> Result<ExitCode> {
    let entry = catalog.get(&args.name)?;
    if catalog.is_unbuilt_override(&args.name) && !g.quiet {
        eprintln!(
            "note: skills/{0} is not built; running the built-in {0} (build yours with `agentops build {0}`)",
            args.name
        );
    }
    let policy = Policy::load(&root)?;
    let runtime = Arc::new(super::runtime()?);
    let launched = launch::load(&runtime, &root, &policy, entry)?;
    if g.verbose {
        if !launched.grant.refused.is_empty() {
            eprintln!("note: the policy refused {} for `{}`", launched.grant.refused.join(", "), args.name);
        }
        eprintln!("note: component {:?}", launched.skill.cache);
    }
    let input = args.input.as_deref().map(read_text).transpose()?;
    let request = launch::request(entry, &policy, input, args.args.clone());
    let is_flow = entry.manifest.as_ref().is_some_and(|m| m.skill.kind == SkillKind::Flow);
    let catalog = Arc::new(catalog);
    let grant = launched.grant.clone();
    let host =
        is_flow.then(|| FlowHost::new(root.clone(), catalog.clone(), Arc::new(policy), runtime, &args.name, grant));
    let run = launched.skill.run_with(&request, host.clone().map(|h| Arc::new(h) as Arc<dyn Invoker>))?;
    let steps = host.map(|h| h.steps()).unwrap_or_default();
    if g.verbose {
        for step in &steps {
            let result = step.result.as_ref().map_or_else(String::clone, |v| render::verdict_str(*v).to_uppercase());
            eprintln!("{}{} {result} ({:?})", "  ".repeat(step.depth), step.skill, step.elapsed);
        }
        for line in &run.logs {
            eprintln!("[{}] {}", line.level, line.message);
        }
        eprint!("{}", run.stderr);
        eprintln!("note: ran in {:?}", run.elapsed);
    }
    if g.json {
        let mut answer = render::run_json(&args.name, &run);
        if is_flow {
            answer["steps"] = steps.iter().map(|s| s.json()).collect();
        }
        println!("{answer}");
    } else if !g.quiet {
        print!("{}", render::run_text(&args.name, &run.outcome));
    }
    Ok(ExitCode::from(if run.outcome.verdict == Verdict::Fail { 1 } else { 0 }))
}
