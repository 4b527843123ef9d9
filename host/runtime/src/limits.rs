//! Per-call resource limits: memory through a resource limiter that remembers
//! why it refused, so the error can say which limit was hit.

use wasmtime::ResourceLimiter;

/// Most core instances, tables and memories a skill component may create.
/// A Rust component with its WASI adapter uses a handful of each.
const MAX_INSTANCES: usize = 32;
const MAX_TABLES: usize = 32;
const MAX_MEMORIES: usize = 8;
const MAX_TABLE_ELEMENTS: usize = 100_000;

/// What the limiter refused, if anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitHit {
    Memory { wanted: usize },
    TableElements { wanted: usize },
}

/// Caps linear memory and table growth for one store.
#[derive(Debug)]
pub struct Limiter {
    pub memory_cap: usize,
    pub hit: Option<LimitHit>,
}

impl Limiter {
    pub fn new(memory_cap: usize) -> Self {
        Limiter { memory_cap, hit: None }
    }
}

impl ResourceLimiter for Limiter {
    fn memory_growing(&mut self, _current: usize, desired: usize, _maximum: Option<usize>) -> wasmtime::Result<bool> {
        if desired > self.memory_cap {
            self.hit = Some(LimitHit::Memory { wanted: desired });
            // Trap rather than fail the grow: an allocator that sees a failed
            // grow aborts with a generic `unreachable`, losing the reason.
            wasmtime::bail!("memory cap of {} bytes reached", self.memory_cap);
        }
        Ok(true)
    }

    fn table_growing(&mut self, _current: usize, desired: usize, _maximum: Option<usize>) -> wasmtime::Result<bool> {
        if desired > MAX_TABLE_ELEMENTS {
            self.hit = Some(LimitHit::TableElements { wanted: desired });
            wasmtime::bail!("table cap of {MAX_TABLE_ELEMENTS} elements reached");
        }
        Ok(true)
    }

    fn instances(&self) -> usize {
        MAX_INSTANCES
    }

    fn tables(&self) -> usize {
        MAX_TABLES
    }

    fn memories(&self) -> usize {
        MAX_MEMORIES
    }
}
