//! `agentops skills list`: every skill, where it comes from, and its state.

use std::process::ExitCode;

use serde_json::json;

use crate::catalog::{Catalog, Entry, Source};
use crate::cli::Global;
use crate::error::Result;
use crate::project;

/// List every skill with its kind, source and state
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn cmd_skills_list(g: &Global, _args: &Args) -> Result<ExitCode> {
    let root = project::root(g.project.as_deref())?;
    let catalog = Catalog::load(&root)?;
    if g.json {
        let skills: Vec<_> = catalog
            .entries
            .iter()
            .map(|e| json!({"name": e.name(), "source": source(e), "kind": kind(e), "state": state(e), "description": e.md.description}))
            .collect();
        let errors: Vec<String> = catalog.errors.iter().map(ToString::to_string).collect();
        println!("{}", json!({"skills": skills, "errors": errors}));
    } else if !g.quiet {
        let width = catalog.entries.iter().map(|e| e.name().len()).max().unwrap_or(4).max(4);
        println!("{:width$}  {:8}  {:12}  {:9}  DESCRIPTION", "NAME", "SOURCE", "KIND", "STATE");
        for e in &catalog.entries {
            println!("{:width$}  {:8}  {:12}  {:9}  {}", e.name(), source(e), kind(e), state(e), e.md.description);
        }
    }
    for error in &catalog.errors {
        eprintln!("error: {error}");
    }
    Ok(ExitCode::from(if catalog.errors.is_empty() { 0 } else { 2 }))
}

fn source(e: &Entry) -> &'static str {
    match e.source {
        Source::Builtin => "built-in",
        Source::Project(_) => "project",
    }
}

fn kind(e: &Entry) -> &'static str {
    if e.has_logic() { "logic" } else { "instructions" }
}

/// `ready` when the component is there, `unbuilt` when `agentops build` is
/// needed, `-` for instruction-only skills.
fn state(e: &Entry) -> &'static str {
    match (&e.source, e.component_path()) {
        (Source::Builtin, _) => "ready",
        (_, Some(path)) if path.is_file() => "ready",
        (_, Some(_)) => "unbuilt",
        (_, None) => "-",
    }
}
