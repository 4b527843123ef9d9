//! `agentops ledger`: looking into the ledger's own records.

pub mod embed;
pub mod log;
pub mod watch;
