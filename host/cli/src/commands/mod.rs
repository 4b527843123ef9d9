//! One file per subcommand; this module only dispatches and holds what
//! several of them share.

pub mod build;
pub mod cite;
pub mod compile;
pub mod convert;
pub mod doctor;
pub mod flow;
pub mod flywheel;
pub mod forge;
pub mod goals;
pub mod handoff;
pub mod harvest;
pub mod hook;
pub mod import;
pub mod init;
pub mod inject;
pub mod learn;
pub mod ledger;
pub mod lookup;
pub mod promote;
pub mod run;
pub mod skill_new;
pub mod skills_list;

use std::process::ExitCode;

use agentops_runtime::{ComponentCache, Runtime};

use crate::cli::{Cli, Command, FlowCommand, LearnCommand, LedgerCommand, SkillCommand, SkillsCommand};
use crate::error::{CliError, Result};

pub fn dispatch(cli: &Cli) -> Result<ExitCode> {
    let g = &cli.global;
    match &cli.command {
        Command::Skill(SkillCommand::New(args)) => skill_new::cmd_skill_new(g, args),
        Command::Skills(SkillsCommand::List(args)) => skills_list::cmd_skills_list(g, args),
        Command::Build(args) => build::cmd_build(g, args),
        Command::Compile(args) => compile::cmd_compile(g, args),
        Command::Import(args) => import::cmd_import(g, args),
        Command::Convert(args) => convert::cmd_convert(g, args),
        Command::Run(args) => run::cmd_run(g, args),
        Command::Flow(FlowCommand::Run(args)) => flow::run::cmd_flow_run(g, args),
        Command::Doctor(args) => doctor::cmd_doctor(g, args),
        Command::Init(args) => init::cmd_init(g, args),
        Command::Ledger(LedgerCommand::Embed(args)) => ledger::embed::cmd_embed(g, args),
        Command::Ledger(LedgerCommand::Log(args)) => ledger::log::cmd_log(g, args),
        Command::Ledger(LedgerCommand::Watch(args)) => ledger::watch::cmd_watch(g, args),
        Command::Learn(LearnCommand::Add(args)) => learn::add::cmd_add(g, args),
        Command::Learn(LearnCommand::List(args)) => learn::list::cmd_list(g, args),
        Command::Learn(LearnCommand::Show(args)) => learn::show::cmd_show(g, args),
        Command::Learn(LearnCommand::Retire(args)) => learn::retire::cmd_retire(g, args),
        Command::Learn(LearnCommand::Supersede(args)) => learn::supersede::cmd_supersede(g, args),
        Command::Lookup(args) => lookup::cmd_lookup(g, args),
        Command::Inject(args) => inject::cmd_inject(g, args),
        Command::Cite(args) => cite::cmd_cite(g, args),
        Command::Harvest(args) => harvest::cmd_harvest(g, args),
        Command::Forge(args) => forge::cmd_forge(g, args),
        Command::Promote(args) => promote::cmd_promote(g, args),
        Command::Flywheel(command) => flywheel::dispatch(g, command),
        Command::Goals(command) => goals::dispatch(g, command),
        Command::Handoff(command) => handoff::dispatch(g, command),
        Command::Hook(args) => hook::cmd_hook(g, args),
    }
}

/// The component cache of this user.
pub fn cache() -> Result<ComponentCache> {
    let dir = ComponentCache::default_dir().ok_or_else(|| {
        CliError::usage("no cache folder: neither AGENTOPS_CACHE_DIR, XDG_CACHE_HOME nor HOME is set")
            .hint("set AGENTOPS_CACHE_DIR to a folder you own")
    })?;
    ComponentCache::at(&dir).map_err(|e| {
        CliError::usage(format!("the cache folder {} cannot be created: {e}", dir.display()))
            .hint("set AGENTOPS_CACHE_DIR to a folder you own")
    })
}

/// The runtime of this process.
pub fn runtime() -> Result<Runtime> {
    Runtime::new(cache()?).map_err(|e| CliError::usage(format!("the WebAssembly engine cannot start: {e:#}")))
}
