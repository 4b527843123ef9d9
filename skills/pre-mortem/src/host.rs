//! What pre-mortem asks of the host, behind a trait so the checks run
//! natively in unit tests with a stand-in.

use agentops_skill_sdk::{Hit, ledger, log};

pub trait Host {
    /// The active ledger items that best match `query`, best first.
    fn lookup(&self, query: &str, limit: u32) -> Result<Vec<Hit>, String>;
    /// Tells the person running the skill about something it could not do.
    fn warn(&self, message: &str);
}

/// The host imports of the component.
#[derive(Debug)]
pub struct Imports;

impl Host for Imports {
    fn lookup(&self, query: &str, limit: u32) -> Result<Vec<Hit>, String> {
        ledger::lookup(query, limit)
    }

    fn warn(&self, message: &str) {
        log::warn(message);
    }
}
