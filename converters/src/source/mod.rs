//! A project's source, read into the model: what `agentops compile` emits.
//!
//! - skills from `skills/*/`: SKILL.md, companion files (every file of a
//!   plain skill; only `references/`, `scripts/` and `assets/` of a skill
//!   with a skill.toml, whose crate and component stay behind), hook bindings
//!   from skill.toml `[[on]]`;
//! - the built-in hooks every project gets, all calling `agentops hook`: inject
//!   at session start, the built-in `guard` gate before every tool call, and
//!   capture at stop;
//! - commands, agents, MCP servers, target runtimes, the binary path, token
//!   budgets and the plugin's metadata from `.agents/agentops.toml`
//!   ([`config`], [`plugin`]);
//! - rules from the ledger's active `rule` and `pattern` items ([`rules`]).
//!
//! Everything a user wrote is checked here with errors naming file and line;
//! what every runtime needs (names, descriptions) is checked again by
//! [`Bundle::validate`] when emitting.

mod config;
mod export;
mod plugin;
mod rules;

use std::path::Path;

use agentops_manifest::{Binding, EventName, ManifestError, discover_skills};

pub use config::{CONFIG, CompileConfig};
pub use export::{Export, export};
pub use plugin::{DEFAULT_OUT as DEFAULT_PLUGIN_OUT, PluginTable};

use crate::error::FileError;
use crate::model::{Bundle, CompanionFile, HookBinding, HookCommand, HookEvent, Skill};
use crate::skill_folder;

/// The folders of a skill with a skill.toml that travel with it to every
/// runtime; a plain skill (SKILL.md and files, as imported) travels whole.
const COMPANION_DIRS: [&str; 3] = ["assets", "references", "scripts"];

/// What a project compiles, and how.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub bundle: Bundle,
    pub config: CompileConfig,
}

/// A source file that cannot be read (a skill folder, agentops.toml or a
/// ledger item), or a model that cannot be written as one.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error(transparent)]
    Manifest(#[from] ManifestError),
    #[error(transparent)]
    File(#[from] FileError),
    #[error(transparent)]
    Ledger(#[from] agentops_ledger::LedgerError),
    /// A model that cannot be written as a source (from [`export`]).
    #[error(transparent)]
    Model(#[from] crate::error::ModelError),
}

/// The `[compile]` table of the project at `root` alone (default without the
/// file), for commands that emit without reading the whole source.
pub fn compile_config(root: &Path) -> Result<CompileConfig, FileError> {
    Ok(config::load(root)?.1)
}

/// Reads the source of the project at `root`. The first malformed file stops it.
pub fn load(root: &Path) -> Result<Source, SourceError> {
    let (mut bundle, config) = config::load(root)?;
    for dir in discover_skills(root) {
        bundle.skills.push(skill(dir?)?);
    }
    // The bridge's own work: inject at session start, gate before a tool,
    // cite applied items after one, forge at stop; look up prompts when asked.
    let prompts = config.prompt_lookup.then_some(HookEvent::UserPrompt);
    bundle.hooks = [HookEvent::SessionStart, HookEvent::PreToolUse, HookEvent::PostToolUse, HookEvent::Stop]
        .into_iter()
        .chain(prompts)
        .map(|event| HookBinding { event, matcher: None, command: HookCommand::Bridge })
        .collect();
    bundle.rules = rules::load(root)?;
    Ok(Source { bundle, config })
}

fn skill(dir: agentops_manifest::SkillDir) -> Result<Skill, FileError> {
    let mut files: Vec<CompanionFile> = Vec::new();
    match &dir.manifest {
        None => skill_folder::companion_files(&dir.dir, "", &mut files)?,
        Some(_) => {
            for sub in COMPANION_DIRS {
                skill_folder::companion_files(&dir.dir.join(sub), &format!("{sub}/"), &mut files)?;
            }
        }
    }
    let mut skill = skill_folder::skill(&dir.dir.join("SKILL.md"), dir.md, files)?;
    skill.hooks = dir.manifest.iter().flat_map(|m| &m.on).map(binding).collect();
    Ok(skill)
}

/// An `[[on]]` binding as a hook that calls the bridge; mode and fail mode are
/// the bridge's business when the event arrives, not the runtime's.
fn binding(on: &Binding) -> HookBinding {
    let event = match on.event {
        EventName::SessionStart => HookEvent::SessionStart,
        EventName::UserPrompt => HookEvent::UserPrompt,
        EventName::PreToolUse => HookEvent::PreToolUse,
        EventName::PostToolUse => HookEvent::PostToolUse,
        EventName::Stop => HookEvent::Stop,
        EventName::SessionEnd => HookEvent::SessionEnd,
        EventName::PreCompact => HookEvent::PreCompact,
    };
    let matcher = (event.takes_matcher() && on.matcher != "*").then(|| on.matcher.clone());
    HookBinding { event, matcher, command: HookCommand::Bridge }
}
