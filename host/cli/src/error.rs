//! The one error type of the CLI: a kind that fixes the exit code, a message,
//! and hints that say what to do.

use std::fmt;
use std::process::ExitCode;

use agentops_manifest::ManifestError;
use agentops_runtime::RunError;

/// What went wrong, which decides the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A skill's verdict was `fail` (exit 1).
    Fail,
    /// Bad arguments or configuration (exit 2).
    Usage,
    /// The skill trapped, hit a limit or was denied (exit 3).
    Skill,
}

#[derive(Debug)]
pub struct CliError {
    pub kind: Kind,
    pub message: String,
    pub hints: Vec<String>,
}

pub type Result<T> = std::result::Result<T, CliError>;

impl CliError {
    pub fn usage(message: impl Into<String>) -> Self {
        CliError { kind: Kind::Usage, message: message.into(), hints: Vec::new() }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(match self.kind {
            Kind::Fail => 1,
            Kind::Usage => 2,
            Kind::Skill => 3,
        })
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.kind == Kind::Fail {
            write!(f, "{}", self.message)?;
        } else {
            write!(f, "error: {}", self.message)?;
        }
        for hint in &self.hints {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

impl From<ManifestError> for CliError {
    fn from(e: ManifestError) -> Self {
        CliError::usage(e.to_string())
    }
}

impl From<agentops_ledger::LedgerError> for CliError {
    fn from(e: agentops_ledger::LedgerError) -> Self {
        CliError::usage(e.to_string())
    }
}

impl From<RunError> for CliError {
    fn from(e: RunError) -> Self {
        let kind = match e {
            RunError::Io { .. } | RunError::Policy { .. } => Kind::Usage,
            _ => Kind::Skill,
        };
        CliError { kind, message: e.to_string(), hints: Vec::new() }
    }
}
