//! What a skill declares and what a project allows.
//!
//! A skill folder holds `SKILL.md` (instructions any agent runtime reads) and,
//! when it has logic, `skill.toml` (what the host enforces: component,
//! capabilities, limits, hook bindings, configuration). The project's policy in
//! `.agents/agentops.toml` bounds every grant. This crate parses and validates all
//! three with errors that name the file and line and say how to fix it, and
//! computes the grant a skill actually gets: manifest ∩ policy.
//!
//! It links no WebAssembly runtime, so the ledger and converters can use it.
#![forbid(unsafe_code)]

mod discover;
mod error;
#[cfg(test)]
mod fuzz;
mod grant;
mod judges;
pub mod lines;
mod names;
mod policy;
mod skill_md;
mod skill_toml;
mod toml_file;

pub use discover::{SkillDir, discover_skills};
pub use error::ManifestError;
pub use grant::{Grant, grant};
pub use judges::{DEFAULT_JUDGE_TIMEOUT_MS, Judge, Judges, MAX_JUDGE_TIMEOUT_MS};
pub use names::validate_skill_name;
pub use policy::{Policy, PolicyLimits};
pub use skill_md::SkillMd;
pub use skill_toml::{Binding, Capability, EventName, FailMode, Limits, Mode, SkillKind, SkillToml};
