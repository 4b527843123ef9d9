//! `agentops flow run`: run a flow, which invokes skills through the host.

use std::process::ExitCode;

use agentops_manifest::SkillKind;

use crate::catalog::Catalog;
use crate::cli::Global;
use crate::commands::run::{Args, execute};
use crate::error::{CliError, Result};
use crate::project;

pub fn cmd_flow_run(g: &Global, args: &Args) -> Result<ExitCode> {
    let root = project::root(g.project.as_deref())?;
    let catalog = Catalog::load(&root)?;
    let entry = catalog.get(&args.name)?;
    if entry.manifest.as_ref().is_none_or(|m| m.skill.kind != SkillKind::Flow) {
        let flows: Vec<&str> = catalog
            .entries
            .iter()
            .filter(|e| e.manifest.as_ref().is_some_and(|m| m.skill.kind == SkillKind::Flow))
            .map(|e| e.name())
            .collect();
        return Err(CliError::usage(format!("`{}` is a skill, not a flow", args.name)).hint(format!(
            "run it with `agentops run {}`; flows: {}",
            args.name,
            flows.join(", ")
        )));
    }
    execute(g, args, catalog, root)
}
