//! The sandbox that runs agentops skills: WebAssembly components loaded by
//! wasmtime with nothing granted by default.
//!
//! A [`Runtime`] owns the one `Engine` of the process and the cache of
//! precompiled components. [`Runtime::load`] checks a component's contract
//! version and imports against its [`Grant`](agentops_manifest::Grant), then
//! prepares it for instantiation; [`Skill::run`] instantiates it in a fresh
//! store with the grant's limits and calls its `run` export.
//!
//! This is the only crate of the workspace that links wasmtime.

mod bindings;
mod cache;
mod contract;
mod engine;
mod error;
mod imports;
mod limits;
mod linker;
mod output;
mod runtime;
mod state;

pub use bindings::agentops::skill::types::{
    EventKind, Finding, HookEvent, LearningDraft, Outcome, Request, Severity, SkillError, Verdict,
};
pub use cache::{CacheOutcome, ComponentCache};
pub use contract::{CONTRACT_VERSION, contract_version};
pub use error::RunError;
pub use imports::skills::Invoker;
pub use runtime::{LoadSpec, Run, Runtime, Skill};
pub use state::LogLine;
