//! `agentops:skill/log`: always granted; lines are kept with the run and shown
//! by the CLI.

use crate::bindings::agentops::skill::log::{Host, Level};
use crate::state::HostState;

impl Host for HostState {
    fn log(&mut self, level: Level, message: String) {
        let level = match level {
            Level::Debug => "debug",
            Level::Info => "info",
            Level::Warn => "warn",
            Level::Error => "error",
        };
        self.push_log(level, message);
    }
}
