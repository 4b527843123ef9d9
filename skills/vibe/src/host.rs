//! What vibe asks of the host besides the diff, behind a trait so the checks
//! run natively in unit tests with a stand-in.

use agentops_skill_sdk::{Hit, ledger, log, workspace};

pub trait Host {
    /// The size of a project file after the change, when it can be read.
    fn file_size(&self, path: &str) -> Option<u64>;
    /// The active ledger rules, patterns and findings scoped to any of `paths`.
    fn scoped(&self, paths: &[String], limit: u32) -> Result<Vec<Hit>, String>;
    /// Tells the person running the skill about something it could not do.
    fn warn(&self, message: &str);
}

/// The host imports of the component.
#[derive(Debug)]
pub struct Imports;

impl Host for Imports {
    fn file_size(&self, path: &str) -> Option<u64> {
        match workspace::read_file(path) {
            Ok(bytes) => Some(bytes.len() as u64),
            Err(e) => {
                log::debug(&format!("not measuring {path}: {e}"));
                None
            }
        }
    }

    fn scoped(&self, paths: &[String], limit: u32) -> Result<Vec<Hit>, String> {
        ledger::scoped(paths, limit)
    }

    fn warn(&self, message: &str) {
        log::warn(message);
    }
}
