//! The compiler's converters: a neutral model of what an agent runtime loads
//! (skills, commands, agents, rules, hook bindings, MCP servers, permissions),
//! emitted as each runtime's native files and read back. Links no WebAssembly
//! runtime, so its tests build fast.
//!
//! - [`model`]: the model and its validation.
//! - [`emit()`]: one runtime's files as an in-memory [`Tree`], plus a
//!   [`FidelityReport`] of what that runtime could not express.
//! - [`merge`]: pure functions that put our part into files the user owns.
//! - [`import`]: runtime files back into the model (Claude Code so far).
//! - [`source`]: a project's skills, agentops.toml and ledger rules as a model.
#![forbid(unsafe_code)]

mod emit;
mod error;
mod fidelity;
pub mod import;
mod instructions;
pub mod merge;
pub mod model;
mod skill_folder;
pub mod source;
mod tree;

pub use emit::{EmitOptions, Emitted, Runtime, emit};
pub use error::{FileError, ModelError};
pub use fidelity::{FidelityReport, Note, Treatment};
pub use tree::{OutputFile, Ownership, RelativePath, Tree};
