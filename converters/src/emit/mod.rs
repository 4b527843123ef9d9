//! Emitters: the model written as one runtime's native files, in memory.
//! Shared pieces (frontmatter, skill folders, hook configs, MCP entries) live
//! in their own modules so the four targets differ only where the runtimes do.

mod claude;
mod codex;
mod cursor;
mod frontmatter;
mod hooks;
mod mcp;
mod opencode;
mod permission;
mod rules;
mod skills;

use std::fmt;

pub(crate) use hooks::binding as hook_binding;

use crate::error::ModelError;
use crate::fidelity::FidelityReport;
use crate::fidelity::Treatment;
use crate::merge::Managed;
use crate::model::{AgentMode, Bundle, HookEvent};
use crate::tree::{OutputFile, Ownership, Tree};

/// A target agent runtime.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Runtime {
    ClaudeCode,
    Codex,
    Cursor,
    OpenCode,
}

impl Runtime {
    pub const ALL: [Runtime; 4] = [Runtime::ClaudeCode, Runtime::Codex, Runtime::Cursor, Runtime::OpenCode];

    /// The spelling of `--runtime`.
    pub fn as_str(self) -> &'static str {
        match self {
            Runtime::ClaudeCode => "claude-code",
            Runtime::Codex => "codex",
            Runtime::Cursor => "cursor",
            Runtime::OpenCode => "opencode",
        }
    }

    /// The runtime spelled `name` (as [`Runtime::as_str`] spells it).
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == name)
    }
}

impl fmt::Display for Runtime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

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
    let mut out = Output { runtime, options, tree: Tree::default(), report: FidelityReport::new(runtime) };
    match runtime {
        Runtime::ClaudeCode => claude::emit(bundle, &mut out)?,
        Runtime::Codex => codex::emit(bundle, &mut out)?,
        Runtime::Cursor => cursor::emit(bundle, &mut out)?,
        Runtime::OpenCode => opencode::emit(bundle, &mut out)?,
    }
    Ok(Emitted { tree: out.tree, fidelity: out.report.finish() })
}

/// What an emitter writes into while it runs.
pub(crate) struct Output<'a> {
    pub runtime: Runtime,
    pub options: &'a EmitOptions,
    pub tree: Tree,
    pub report: FidelityReport,
}

impl Output<'_> {
    pub fn owned(&mut self, path: String, text: String) -> Result<(), ModelError> {
        self.tree.insert(Tree::path(path), OutputFile::owned(text))
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
        format!("{} hook {event} --runtime {}", self.options.binary, self.runtime)
    }

    /// Notes an agent `mode` on a runtime whose agents are all subagents.
    pub fn subagents_only(&mut self, item: &str, mode: Option<AgentMode>) {
        if let Some(mode @ (AgentMode::Primary | AgentMode::All)) = mode {
            let why = format!("agents here are subagents; `{}` is not expressible", mode.as_str());
            self.report.note(item, "mode", Treatment::Lowered, why);
        }
    }

    /// What identifies our hook commands in a shared hook file.
    pub fn bridge_prefix(&self) -> String {
        format!("{} hook ", self.options.binary)
    }
}
