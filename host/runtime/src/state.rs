//! The per-call store state: the WASI context, captured output, limits, the
//! skill's log, and what its imports may touch.

use std::sync::Arc;
use std::time::Instant;

use wasmtime::component::ResourceTable;
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

use crate::imports::judge::Panel;
use crate::imports::ledger::LedgerAccess;
use crate::imports::skills::Invoker;
use crate::imports::workspace::Workspace;
use crate::limits::Limiter;

/// Most log lines kept per call, and most bytes per line; the rest is dropped.
const MAX_LOG_LINES: usize = 1_000;
const MAX_LOG_LINE: usize = 4_096;

/// One message a skill logged through the `log` import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogLine {
    /// debug | info | warn | error
    pub level: &'static str,
    pub message: String,
}

/// Everything one skill call can reach.
pub struct HostState {
    pub wasi: WasiCtx,
    pub table: ResourceTable,
    pub limiter: Limiter,
    pub logs: Vec<LogLine>,
    /// `None` unless the grant includes `workspace.read`.
    pub workspace: Option<Arc<Workspace>>,
    /// `None` unless the grant includes `ledger.read` or `ledger.write`.
    pub ledger: Option<Arc<LedgerAccess>>,
    /// `None` unless the grant includes `judge`.
    pub judges: Option<Arc<Panel>>,
    /// For flows: the skills they may invoke, and who runs them.
    pub invokes: Option<Vec<String>>,
    pub invoker: Option<Arc<dyn Invoker>>,
    /// When the call's time is up: host imports that wait (judges) stop before it.
    pub deadline: Instant,
    /// The agent session the call serves (from the hook event), for citations
    /// and provenance of what the skill writes.
    pub session: Option<String>,
}

impl std::fmt::Debug for HostState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HostState")
            .field("limiter", &self.limiter)
            .field("logs", &self.logs.len())
            .finish_non_exhaustive()
    }
}

impl HostState {
    /// The ledger, or why the skill may not use it.
    pub fn ledger(&self) -> Result<Arc<LedgerAccess>, String> {
        self.ledger.clone().ok_or_else(|| "the ledger capability was not granted".to_string())
    }

    pub fn push_log(&mut self, level: &'static str, message: String) {
        if self.logs.len() < MAX_LOG_LINES {
            let mut message = message;
            if message.len() > MAX_LOG_LINE {
                let mut end = MAX_LOG_LINE;
                while !message.is_char_boundary(end) {
                    end -= 1;
                }
                message.truncate(end);
                message.push('…');
            }
            self.logs.push(LogLine { level, message });
        }
    }
}

impl WasiView for HostState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView { ctx: &mut self.wasi, table: &mut self.table }
    }
}

/// `agentops:skill/types` declares only types; its host trait has no methods.
impl crate::bindings::agentops::skill::types::Host for HostState {}
