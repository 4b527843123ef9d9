//! The one wasmtime `Engine` of a process, and the clock that enforces
//! deadlines.
//!
//! Deadlines use epoch interruption: a background thread bumps the engine's
//! epoch every [`TICK`], and each store traps once its deadline in ticks has
//! passed. That costs the guest almost nothing, unlike fuel metering.

use std::time::Duration;

use wasmtime::{Config, Engine, OptLevel};

/// How often the epoch advances: the resolution of every deadline.
pub const TICK: Duration = Duration::from_millis(5);

/// The engine configuration every skill runs under. Changing it changes the
/// engine's compatibility hash, which keys the component cache.
pub fn new_engine() -> wasmtime::Result<Engine> {
    let mut config = Config::new();
    config.wasm_component_model(true);
    config.epoch_interruption(true);
    config.cranelift_opt_level(OptLevel::Speed);
    // Deep recursion traps cleanly at this depth instead of touching the host stack.
    config.max_wasm_stack(1 << 20);
    // Address maps only add wasm offsets to trap backtraces (function names stay);
    // without them compiling is faster and cached artifacts are smaller to load.
    config.generate_address_map(false);
    let engine = Engine::new(&config)?;
    start_ticker(&engine)?;
    Ok(engine)
}

/// Starts the engine's epoch thread; it ends once the engine is dropped.
fn start_ticker(engine: &Engine) -> wasmtime::Result<()> {
    let engine = engine.weak();
    std::thread::Builder::new().name("agentops-epoch".into()).spawn(move || {
        while let Some(engine) = engine.upgrade() {
            engine.increment_epoch();
            drop(engine);
            std::thread::sleep(TICK);
        }
    })?;
    Ok(())
}

/// The number of ticks that covers `ms` milliseconds, rounding up and adding
/// one so a deadline is never shorter than asked.
pub fn deadline_ticks(ms: u64) -> u64 {
    ms.div_ceil(TICK.as_millis() as u64) + 1
}
