//! Everything that can stop a skill, each with a message a person can act on.

use std::path::PathBuf;

use crate::bindings::agentops::skill::types::SkillError;

/// Why a skill did not produce an outcome.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("cannot read {}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },

    #[error(
        "the project policy is invalid: {message}\n  hint: fix the `private` list in the [policy] table of .agents/agentops.toml"
    )]
    Policy { message: String },

    #[error("skill `{skill}` is not a valid component: {message}\n  hint: rebuild it with `agentops build {skill}`")]
    Invalid { skill: String, message: String },

    #[error("skill `{skill}` cannot run here: {detail}")]
    Incompatible { skill: String, detail: String },

    #[error("skill `{skill}` was denied {what}\n  hint: {hint}")]
    Denied { skill: String, what: String, hint: String },

    #[error(
        "skill `{skill}` ran past its deadline of {ms} ms and was stopped\n  hint: raise `timeout_ms` in its skill.toml [limits] (bounded by the policy) or make it finish sooner"
    )]
    Timeout { skill: String, ms: u64 },

    #[error(
        "skill `{skill}` tried to grow its memory to {wanted} bytes, past its cap of {cap} bytes, and was stopped\n  hint: raise `memory_mb` in its skill.toml [limits] (bounded by the policy)"
    )]
    Memory { skill: String, wanted: usize, cap: usize },

    #[error("skill `{skill}` exceeded a sandbox limit: {what}")]
    Resource { skill: String, what: String },

    #[error(
        "skill `{skill}` wrote more than {cap} bytes to {stream} and was stopped\n  hint: raise `output_kb` in its skill.toml [limits], or return data in the outcome instead of printing it"
    )]
    Output { skill: String, stream: &'static str, cap: usize },

    #[error("skill `{skill}` overflowed its stack (unbounded recursion?) and was stopped")]
    StackOverflow { skill: String },

    #[error("skill `{skill}` panicked: {message}")]
    Panic { skill: String, message: String },

    #[error("skill `{skill}` trapped: {message}")]
    Trap { skill: String, message: String },

    #[error("skill `{skill}` returned an error: {}", describe(error))]
    Guest { skill: String, error: SkillError },
}

fn describe(error: &SkillError) -> String {
    match error {
        SkillError::InvalidInput(m) => format!("invalid input: {m}"),
        SkillError::Failed(m) => format!("failed: {m}"),
        SkillError::Denied(m) => format!("denied: {m}"),
    }
}
