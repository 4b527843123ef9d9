//! The compiler's converters: a neutral model of what an agent runtime loads
//! (skills, commands, agents, rules, hook bindings, MCP servers, permissions),
//! emitted as each runtime's native files and read back. Links no WebAssembly
//! runtime, so its tests build fast.
//!
//! - [`model`]: the model and its validation.
//! - [`emit()`]: one runtime's files as an in-memory [`Tree`], plus a
//!   [`FidelityReport`] of what that runtime could not express.
//! - [`merge`]: pure functions that put our part into files the user owns.
//! - [`import`]: each runtime's files back into the model, with a list of
//!   what the model cannot carry.
//! - [`source`]: a project's skills, agentops.toml and ledger rules as a model.
//! - [`emit_plugin()`]: the model as a Claude Code plugin folder.
//! - [`tokens`]: what each runtime loads in every session, against a budget.
#![forbid(unsafe_code)]

mod config_file;
mod emit;
mod error;
mod fidelity;
pub mod import;
mod instructions;
mod layout;
pub mod merge;
pub mod model;
mod permission;
mod runtime;
mod skill_folder;
pub mod source;
pub mod tokens;
mod tree;

pub use emit::{Author, EmitOptions, Emitted, Plugin, emit, emit_plugin};
pub use error::{FileError, ModelError};
pub use fidelity::{FidelityReport, Note, Subject, Treatment};
pub use runtime::Runtime;
pub use tree::{OutputFile, Ownership, RelativePath, Tree};
