//! Importers: each runtime's project files read back into the model, the
//! mirror of its emitter. Keys the model has no field for land in the item's
//! `extra`, under the runtime they were read from; what has no place at all
//! (a hook event the model lacks, a hook's timeout, a plugin's metadata) is
//! listed in [`Imported::skipped`], never silently lost. Malformed files are
//! errors naming file and line.
//!
//! Instructions written by hand outside the agentops section of CLAUDE.md or
//! AGENTS.md come back as one always-applied rule per file, with the file
//! name as title and [`hand_written_rule`] as id, so converting to another
//! runtime carries them too.

mod agents;
mod claude;
mod codex;
mod commands;
mod cursor;
mod frontmatter;
mod hooks;
mod instructions;
mod mcp;
mod opencode;
mod reader;
mod skills;

use std::fmt;
use std::path::Path;

pub use instructions::hand_written_rule;

use crate::error::FileError;
use crate::model::Bundle;
use crate::runtime::Runtime;
use reader::Reader;

/// A runtime's files as a model, and what the model could not carry.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub bundle: Bundle,
    pub skipped: Vec<Skipped>,
}

/// Something found in a runtime's files that the model does not carry: it
/// stays in that file, and a conversion leaves it behind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Relative to the imported folder.
    pub path: String,
    pub line: Option<usize>,
    pub what: String,
    pub why: String,
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}: {}", self.path, self.what, self.why),
            None => write!(f, "{}: {}: {}", self.path, self.what, self.why),
        }
    }
}

/// Reads the files `runtime` keeps under `root`. Missing files are simply
/// absent from the model; the first malformed one stops the import.
pub fn import(root: &Path, runtime: Runtime) -> Result<Imported, FileError> {
    let mut reader = Reader { root, runtime, skipped: Vec::new() };
    let mut bundle = match runtime {
        Runtime::ClaudeCode => claude::import(&mut reader)?,
        Runtime::Codex => codex::import(&mut reader)?,
        Runtime::Cursor => cursor::import(&mut reader)?,
        Runtime::OpenCode => opencode::import(&mut reader)?,
    };
    sort(&mut bundle);
    Ok(Imported { bundle, skipped: reader.skipped })
}

/// Items by name (files list `a-b.md` before `a.md`), hooks as a set: the
/// same model whatever the file system's order.
fn sort(b: &mut Bundle) {
    b.skills.sort_by(|x, y| x.name.cmp(&y.name));
    b.commands.sort_by(|x, y| x.name.cmp(&y.name));
    b.agents.sort_by(|x, y| x.name.cmp(&y.name));
    b.rules.sort_by(|x, y| x.id.cmp(&y.id));
    b.mcp_servers.sort_by(|x, y| x.name.cmp(&y.name));
    b.hooks.sort();
    b.hooks.dedup();
}
