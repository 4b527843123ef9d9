//! The linker for one skill: WASI preview 2 without any network interface,
//! `log` always, and the agentops imports the grant allows — nothing else, so
//! an import outside the grant cannot be satisfied even by mistake.

use agentops_manifest::{Capability, Grant};
use wasmtime::Engine;
use wasmtime::component::{HasSelf, Linker};
use wasmtime_wasi::cli::{WasiCli, WasiCliView};
use wasmtime_wasi::clocks::{WasiClocks, WasiClocksView};
use wasmtime_wasi::filesystem::{WasiFilesystem, WasiFilesystemView};
use wasmtime_wasi::p2::bindings::sync as wasi;
use wasmtime_wasi::random::WasiRandom;

use crate::bindings::agentops::skill as agentops;
use crate::state::HostState;

/// A linker serving exactly what `grant` allows.
pub fn build(engine: &Engine, grant: &Grant) -> wasmtime::Result<Linker<HostState>> {
    let mut linker = Linker::new(engine);
    add_wasi_without_network(&mut linker)?;
    agentops::types::add_to_linker::<_, HasSelf<HostState>>(&mut linker, |s| s)?;
    agentops::log::add_to_linker::<_, HasSelf<HostState>>(&mut linker, |s| s)?;
    if grant.has(Capability::WorkspaceRead) {
        agentops::workspace::add_to_linker::<_, HasSelf<HostState>>(&mut linker, |s| s)?;
    }
    if grant.has(Capability::LedgerRead) || grant.has(Capability::LedgerWrite) {
        agentops::ledger::add_to_linker::<_, HasSelf<HostState>>(&mut linker, |s| s)?;
    }
    if grant.invokes.is_some() {
        agentops::skills::add_to_linker::<_, HasSelf<HostState>>(&mut linker, |s| s)?;
    }
    if grant.has(Capability::Judge) {
        agentops::judge::add_to_linker::<_, HasSelf<HostState>>(&mut linker, |s| s)?;
    }
    Ok(linker)
}

/// `wasmtime_wasi::p2::add_to_linker_sync` minus `wasi:sockets`: the sandbox
/// has no network, so the interfaces are not linked at all.
fn add_wasi_without_network(l: &mut Linker<HostState>) -> wasmtime::Result<()> {
    type S = HostState;
    wasmtime_wasi_io::bindings::wasi::io::error::add_to_linker::<S, HasSelf<_>>(l, |s| &mut s.table)?;
    wasi::io::poll::add_to_linker::<S, HasSelf<_>>(l, |s| &mut s.table)?;
    wasi::io::streams::add_to_linker::<S, HasSelf<_>>(l, |s| &mut s.table)?;
    wasi::clocks::wall_clock::add_to_linker::<S, WasiClocks>(l, S::clocks)?;
    wasi::clocks::monotonic_clock::add_to_linker::<S, WasiClocks>(l, S::clocks)?;
    wasi::filesystem::preopens::add_to_linker::<S, WasiFilesystem>(l, S::filesystem)?;
    wasi::filesystem::types::add_to_linker::<S, WasiFilesystem>(l, S::filesystem)?;
    wasi::random::random::add_to_linker::<S, WasiRandom>(l, |s| s.wasi.random())?;
    wasi::random::insecure::add_to_linker::<S, WasiRandom>(l, |s| s.wasi.random())?;
    wasi::random::insecure_seed::add_to_linker::<S, WasiRandom>(l, |s| s.wasi.random())?;
    wasi::cli::exit::add_to_linker::<S, WasiCli>(l, S::cli)?;
    wasi::cli::environment::add_to_linker::<S, WasiCli>(l, S::cli)?;
    wasi::cli::stdin::add_to_linker::<S, WasiCli>(l, S::cli)?;
    wasi::cli::stdout::add_to_linker::<S, WasiCli>(l, S::cli)?;
    wasi::cli::stderr::add_to_linker::<S, WasiCli>(l, S::cli)?;
    wasi::cli::terminal_input::add_to_linker::<S, WasiCli>(l, S::cli)?;
    wasi::cli::terminal_output::add_to_linker::<S, WasiCli>(l, S::cli)?;
    wasi::cli::terminal_stdin::add_to_linker::<S, WasiCli>(l, S::cli)?;
    wasi::cli::terminal_stdout::add_to_linker::<S, WasiCli>(l, S::cli)?;
    wasi::cli::terminal_stderr::add_to_linker::<S, WasiCli>(l, S::cli)?;
    Ok(())
}
