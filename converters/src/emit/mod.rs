//! Emitters: the model written as one runtime's native files, in memory.
//! Shared pieces (frontmatter, skill folders, command files, hook configs, MCP
//! entries) live in their own modules, and every path and key comes from
//! [`crate::layout`], so the four targets differ only where the runtimes do.

mod claude;
mod codex;
mod commands;
mod components;
mod cursor;
mod frontmatter;
mod hooks;
mod mcp;
mod opencode;
mod plugin;
mod rules;
mod skills;

pub(crate) use codex::command_skill_description;
pub use plugin::{Author, Plugin, emit_plugin};
pub(crate) use skills::skill_md;

use crate::error::ModelError;
use crate::fidelity::{FidelityReport, Subject, Treatment};
use crate::layout::hooks::bridge_command;
use crate::merge::{JsonManaged, Managed};
use crate::model::{AgentMode, Bundle, Extra, Extras, HookEvent};
use crate::runtime::Runtime;
use crate::tree::{OutputFile, Ownership, Tree};

/// Settings that are not part of the model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmitOptions {
    /// How hook configs call agentops: `agentops` through PATH by default, or
    /// an absolute path pinned in agentops.toml.
    pub binary: String,
}

impl Default for EmitOptions {
    fn default() -> Self {
        EmitOptions { binary: "agentops".into() }
    }
}

/// One target's files and what they could not express.
#[derive(Debug, Clone, PartialEq)]
pub struct Emitted {
    pub tree: Tree,
    pub fidelity: FidelityReport,
}

/// Validates `bundle` and writes it as `runtime`'s files.
pub fn emit(bundle: &Bundle, runtime: Runtime, options: &EmitOptions) -> Result<Emitted, ModelError> {
    bundle.validate()?;
    Output::run(runtime, options, |out| match runtime {
        Runtime::ClaudeCode => claude::emit(bundle, out),
        Runtime::Codex => codex::emit(bundle, out),
        Runtime::Cursor => cursor::emit(bundle, out),
        Runtime::OpenCode => opencode::emit(bundle, out),
    })
}

/// What an emitter writes into while it runs.
pub(crate) struct Output<'a> {
    pub runtime: Runtime,
    pub options: &'a EmitOptions,
    pub tree: Tree,
    pub report: FidelityReport,
}

impl<'a> Output<'a> {
    /// Runs an emitter for `runtime` and collects what it wrote.
    fn run(
        runtime: Runtime,
        options: &'a EmitOptions,
        emitter: impl FnOnce(&mut Self) -> Result<(), ModelError>,
    ) -> Result<Emitted, ModelError> {
        let mut out = Output { runtime, options, tree: Tree::default(), report: FidelityReport::new(runtime) };
        emitter(&mut out)?;
        Ok(Emitted { tree: out.tree, fidelity: out.report.finish() })
    }

    pub fn owned(&mut self, path: String, text: String) -> Result<(), ModelError> {
        self.tree.insert(Tree::path(path), OutputFile::owned(text))
    }

    /// A JSON file wholly ours, written as a shared one would be into an
    /// empty file (a plugin's hooks and servers).
    pub fn owned_json(&mut self, path: &str, managed: JsonManaged) -> Result<(), ModelError> {
        self.tree.insert(Tree::path(path.into()), OutputFile::owned(Managed::Json(managed).fresh(path)))
    }

    pub fn shared(&mut self, path: &str, managed: Managed) -> Result<(), ModelError> {
        let bytes = managed.fresh(path);
        self.tree.insert(
            Tree::path(path.into()),
            OutputFile { bytes, executable: false, ownership: Ownership::Shared(managed) },
        )
    }

    /// The command a hook config runs for `event`.
    pub fn bridge(&self, event: HookEvent) -> String {
        bridge_command(&self.options.binary, event, self.runtime)
    }

    /// Notes an agent `mode` on a runtime whose agents are all subagents: the
    /// file has no such field, so even `subagent` is only implied.
    pub fn subagents_only(&mut self, item: &Subject, mode: Option<AgentMode>) {
        let why = match mode {
            None => return,
            Some(AgentMode::Subagent) => "every agent here is a subagent; the mode is implied".to_string(),
            Some(mode) => format!("agents here are subagents; `{}` is not expressible", mode.as_str()),
        };
        self.report.note(item, "mode", Treatment::Lowered, why);
    }

    /// The item's unknown keys read from this runtime, to write back; keys
    /// read from other runtimes are noted as dropped (`extra.codex`).
    pub fn own_extra<'e>(&mut self, item: &Subject, extras: &'e Extras) -> Option<&'e Extra> {
        for runtime in extras.keys().filter(|r| **r != self.runtime) {
            let why = format!("keys read from {} are written back there only", runtime.title());
            self.report.note(item, &format!("extra.{runtime}"), Treatment::Dropped, why);
        }
        extras.get(&self.runtime)
    }

    /// Notes every runtime's unknown keys as dropped, where the target has no
    /// room for any (a plain-markdown command, a command written as a skill).
    pub fn drop_extras(&mut self, item: &Subject, extras: &Extras, why: &str) {
        for runtime in extras.keys() {
            self.report.note(item, &format!("extra.{runtime}"), Treatment::Dropped, why);
        }
    }

    /// What identifies our hook commands in a shared hook file.
    pub fn bridge_prefix(&self) -> String {
        format!("{} hook ", self.options.binary)
    }
}
