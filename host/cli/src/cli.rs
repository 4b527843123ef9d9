//! The command line: global flags and the subcommands. The doc comment on
//! each item is its help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::commands::goals;
use crate::commands::learn::{add, list, retire, show, supersede};
use crate::commands::{build, cite, compile, doctor, hook, init, inject, lookup, run, skill_new, skills_list};
use crate::commands::{flywheel, handoff, promote};

/// The operational layer for coding agents: sandboxed skills, a knowledge ledger, and native bundles for every agent runtime
#[derive(Debug, Parser)]
#[command(name = "agentops", version, propagate_version = true)]
#[command(
    after_help = "Exit codes:\n  0  pass or warn\n  1  fail verdict\n  2  usage or configuration error\n  3  skill error (trap, limit, denied capability)"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Flags every subcommand takes.
#[derive(Debug, Args)]
pub struct Global {
    /// The project folder (default: the git root above the current folder)
    #[arg(long, global = true, value_name = "DIR")]
    pub project: Option<PathBuf>,
    /// Print machine-readable JSON
    #[arg(long, global = true)]
    pub json: bool,
    /// Print only errors
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more detail (skill logs, timings, cache use)
    #[arg(short, long, global = true)]
    pub verbose: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create and manage skills
    #[command(subcommand)]
    Skill(SkillCommand),
    /// List the skills of the project and the built-in ones
    #[command(subcommand)]
    Skills(SkillsCommand),
    /// Build skill crates into components and precompile them
    Build(build::Args),
    /// Compile the project into Claude Code, Codex, Cursor and OpenCode files
    Compile(compile::Args),
    /// Read a runtime's files into the project's skills/ and agentops.toml
    Import(crate::commands::import::Args),
    /// Convert one runtime's files into other runtimes' files
    Convert(crate::commands::convert::Args),
    /// Run a skill in the sandbox
    Run(run::Args),
    /// Run flows, the skills that invoke other skills
    #[command(subcommand)]
    Flow(FlowCommand),
    /// Check the toolchain, target, cache and project, and say how to fix what is missing
    Doctor(doctor::Args),
    /// Create the .agents/ ledger of the project
    Init(init::Args),
    /// Capture and manage learnings in the ledger
    #[command(subcommand)]
    Learn(LearnCommand),
    /// Look into the ledger's records
    #[command(subcommand)]
    Ledger(LedgerCommand),
    /// Find the ledger items that best match a query
    Lookup(lookup::Args),
    /// Print the ledger items that fit a token budget, for an agent's context
    Inject(inject::Args),
    /// Record that an item was retrieved, applied, helpful or harmful
    Cite(cite::Args),
    /// Gather other projects' patterns and rules into the user-global ledger
    Harvest(crate::commands::harvest::Args),
    /// Capture learnings and citations from Claude Code and Codex transcripts
    Forge(crate::commands::forge::Args),
    /// Promote learnings to patterns and patterns to rules that the evidence supports
    Promote(promote::Args),
    /// Measure whether the ledger's knowledge compounds: retrieval, usage and decay
    #[command(subcommand)]
    Flywheel(flywheel::Command),
    /// Run the gates of GOALS.md, keep the ratchet, and propose the next goal to work on
    #[command(subcommand)]
    Goals(goals::Command),
    /// Leave open work for the next session, and take it up
    #[command(subcommand)]
    Handoff(handoff::Command),
    /// Answer an agent runtime's hook call (what compiled hook configs run)
    Hook(hook::Args),
}

#[derive(Debug, Subcommand)]
pub enum FlowCommand {
    /// Run a flow in the sandbox and print its verdict; -v shows each step
    Run(run::Args),
}

#[derive(Debug, Subcommand)]
pub enum LedgerCommand {
    /// Compute the vectors of the items that have none, for ranking by meaning
    Embed(crate::commands::ledger::embed::Args),
    /// Show the commits that changed an item
    Log(crate::commands::ledger::log::Args),
    /// Watch the ledger's folders so that reads need not check every item file
    Watch(crate::commands::ledger::watch::Args),
}

#[derive(Debug, Subcommand)]
pub enum LearnCommand {
    /// Capture a learning from flags, a markdown file, or standard input
    Add(add::Args),
    /// List ledger items
    List(list::Args),
    /// Show one item
    Show(show::Args),
    /// Retire an item
    Retire(retire::Args),
    /// Mark an item superseded by another
    Supersede(supersede::Args),
}

#[derive(Debug, Subcommand)]
pub enum SkillCommand {
    /// Scaffold a new skill under skills/NAME
    New(skill_new::Args),
}

#[derive(Debug, Subcommand)]
pub enum SkillsCommand {
    /// List every skill with its kind, source and state
    List(skills_list::Args),
}
