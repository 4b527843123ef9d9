//! End-to-end tests of the `agentops` binary against real files, real git
//! repositories and real components. One binary for all of them, to save link
//! time; each module covers one command or concern.

mod support;

mod cache;
mod compile;
mod convert;
mod council;
mod flows;
mod global;
mod goals;
mod hook;
mod hook_parallel;
mod ledger;
mod ledger_import;
mod recall;
mod run_guard;
mod sandbox;
mod scaffold;
mod validation;
