//! Loading skills and running them, one fresh sandboxed store per call.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use agentops_manifest::{Capability, Grant};
use wasmtime::{Engine, Store, Trap};
use wasmtime_wasi::{FsPerms, WasiCtxBuilder};

use crate::bindings::FlowPre;
use crate::bindings::agentops::skill::types::{Outcome, Request};
use crate::cache::{CacheOutcome, ComponentCache};
use crate::engine::{deadline_ticks, new_engine};
use crate::error::RunError;
use crate::imports::judge::Panel;
use crate::imports::ledger::LedgerAccess;
use crate::imports::skills::Invoker;
use crate::imports::workspace::{Workspace, private_set};
use crate::limits::{LimitHit, Limiter};
use crate::output::Captured;
use crate::state::{HostState, LogLine};
use crate::{contract, imports, linker};

/// The engine and component cache of a process. Create one and reuse it.
#[derive(Debug)]
pub struct Runtime {
    engine: Engine,
    cache: ComponentCache,
}

/// What [`Runtime::load`] needs to know about a skill.
#[derive(Debug)]
pub struct LoadSpec<'a> {
    pub name: &'a str,
    /// The component's bytes (a `.wasm` component, never a precompiled artifact).
    pub component: &'a [u8],
    /// The BLAKE3 hash of `component`, when known in advance; computed otherwise.
    pub digest: Option<[u8; 32]>,
    pub grant: &'a Grant,
    pub project_root: &'a Path,
    /// The policy's private globs: never served by the workspace import, never forged.
    pub private: &'a [String],
}

/// A skill ready to run: checked, linked and pre-instantiated.
pub struct Skill {
    name: String,
    engine: Engine,
    pre: FlowPre<HostState>,
    grant: Grant,
    workspace: Option<Arc<Workspace>>,
    ledger: Option<Arc<LedgerAccess>>,
    judges: Option<Arc<Panel>>,
    preopens: Vec<Preopen>,
    /// Whether loading compiled the component or found it in the cache.
    pub cache: CacheOutcome,
}

impl std::fmt::Debug for Skill {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Skill").field("name", &self.name).field("grant", &self.grant).finish_non_exhaustive()
    }
}

#[derive(Debug, Clone)]
struct Preopen {
    host: PathBuf,
    guest: String,
    write: bool,
}

/// A finished call.
#[derive(Debug)]
pub struct Run {
    pub outcome: Outcome,
    pub stdout: String,
    pub stderr: String,
    pub logs: Vec<LogLine>,
    pub elapsed: Duration,
}

impl Runtime {
    /// A runtime whose precompiled components live in `cache`.
    pub fn new(cache: ComponentCache) -> wasmtime::Result<Self> {
        Ok(Runtime { engine: new_engine()?, cache })
    }

    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Compiles (or fetches from the cache) a skill's component, refuses it
    /// if its contract version or imports do not fit, and links it.
    pub fn load(&self, spec: &LoadSpec<'_>) -> Result<Skill, RunError> {
        let name = spec.name.to_string();
        let invalid = |e: wasmtime::Error| RunError::Invalid { skill: name.clone(), message: format!("{e:#}") };
        let (component, cache) = self.cache.load(&self.engine, spec.component, spec.digest).map_err(invalid)?;
        contract::check(&self.engine, &component, spec.name)?;
        imports::check(&self.engine, &component, spec.name, spec.grant)?;
        let linker = linker::build(&self.engine, spec.grant).map_err(invalid)?;
        let pre = linker.instantiate_pre(&component).map_err(invalid)?;
        let pre = FlowPre::new(pre).map_err(invalid)?;
        let io = |e: std::io::Error| RunError::Io { path: spec.project_root.to_path_buf(), source: e };
        let private = || private_set(spec.private).map_err(|message| RunError::Policy { message });
        let workspace = if spec.grant.has(Capability::WorkspaceRead) {
            let ws = Workspace::open(spec.project_root, private()?, spec.grant.has(Capability::GitRead));
            Some(Arc::new(ws.map_err(io)?))
        } else {
            None
        };
        let (read, write) = (spec.grant.has(Capability::LedgerRead), spec.grant.has(Capability::LedgerWrite));
        let ledger = if read || write {
            Some(Arc::new(LedgerAccess::open(spec.project_root, spec.name, read, write, private()?)))
        } else {
            None
        };
        let judges = spec.grant.has(Capability::Judge).then(|| Arc::new(Panel::open(spec.project_root)));
        let preopens = preopens(spec)?;
        let grant = spec.grant.clone();
        Ok(Skill { name, engine: self.engine.clone(), pre, grant, workspace, ledger, judges, preopens, cache })
    }
}

/// The folders to preopen, each checked to resolve inside the project.
fn preopens(spec: &LoadSpec<'_>) -> Result<Vec<Preopen>, RunError> {
    let root = spec
        .project_root
        .canonicalize()
        .map_err(|e| RunError::Io { path: spec.project_root.to_path_buf(), source: e })?;
    let folders = spec.grant.read.iter().map(|f| (f, false)).chain(spec.grant.write.iter().map(|f| (f, true)));
    folders
        .map(|(folder, write)| {
            let host = root.join(folder);
            let resolved = host.canonicalize().map_err(|e| RunError::Io { path: host.clone(), source: e })?;
            if !resolved.starts_with(&root) || resolved.components().any(|c| c.as_os_str() == ".git") {
                return Err(RunError::Denied {
                    skill: spec.name.to_string(),
                    what: format!("the folder `{folder}`, which resolves outside the project"),
                    hint: "grant a real folder inside the project, not a symlink out of it".into(),
                });
            }
            Ok(Preopen { host: resolved, guest: folder.trim_end_matches('/').to_string(), write })
        })
        .collect()
}

impl Skill {
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Runs the skill once in a fresh store with the grant's limits.
    pub fn run(&self, request: &Request) -> Result<Run, RunError> {
        self.run_with(request, None)
    }

    /// Runs the skill; a flow's `skills.invoke` calls go to `invoker`
    /// (without one, a flow's invocations are refused).
    pub fn run_with(&self, request: &Request, invoker: Option<Arc<dyn Invoker>>) -> Result<Run, RunError> {
        let output = Captured::new(self.grant.output_bytes);
        let mut wasi = WasiCtxBuilder::new();
        // Nothing is inherited: no environment, arguments, stdin or network.
        wasi.stdout(output.stdout.clone()).stderr(output.stderr.clone());
        for p in &self.preopens {
            let perms = if p.write { FsPerms::ReadWrite } else { FsPerms::ReadOnly };
            wasi.preopened_dir(&p.host, &p.guest, perms).map_err(|e| RunError::Invalid {
                skill: self.name.clone(),
                message: format!("preopening {}: {e:#}", p.guest),
            })?;
        }
        let state = HostState {
            wasi: wasi.build(),
            table: Default::default(),
            limiter: Limiter::new(self.grant.memory_bytes),
            logs: Vec::new(),
            workspace: self.workspace.clone(),
            ledger: self.ledger.clone(),
            judges: self.judges.clone(),
            invokes: self.grant.invokes.clone(),
            invoker,
            deadline: Instant::now() + Duration::from_millis(self.grant.timeout_ms),
            session: request.event.as_ref().and_then(|e| e.session_id.clone()),
        };
        let mut store = Store::new(&self.engine, state);
        store.limiter(|s| &mut s.limiter);
        store.set_epoch_deadline(deadline_ticks(self.grant.timeout_ms));
        let start = Instant::now();
        let result =
            self.pre.instantiate(&mut store).and_then(|flow| flow.agentops_skill_guest().call_run(&mut store, request));
        let elapsed = start.elapsed();
        match result {
            Ok(Ok(outcome)) => {
                self.check_outcome_size(&outcome)?;
                let logs = std::mem::take(&mut store.data_mut().logs);
                Ok(Run { outcome, stdout: output.stdout_text(), stderr: output.stderr_text(), logs, elapsed })
            }
            Ok(Err(error)) => Err(RunError::Guest { skill: self.name.clone(), error }),
            Err(error) => Err(self.explain(error, store.data().limiter.hit, &output)),
        }
    }

    /// The outcome travels through the host's memory: bound it like output.
    fn check_outcome_size(&self, outcome: &Outcome) -> Result<(), RunError> {
        let texts = [&outcome.context, &outcome.message, &outcome.data].into_iter().flatten().map(String::len);
        let findings = outcome.findings.iter().map(|f| {
            f.message.len()
                + f.rule.len()
                + f.path.as_ref().map_or(0, String::len)
                + f.fix.as_ref().map_or(0, String::len)
        });
        let learnings = outcome.learnings.iter().map(|l| l.title.len() + l.body.len());
        let size: usize = texts.chain(findings).chain(learnings).sum();
        if size > self.grant.output_bytes {
            return Err(RunError::Output {
                skill: self.name.clone(),
                stream: "its outcome",
                cap: self.grant.output_bytes,
            });
        }
        Ok(())
    }

    /// Turns a trap or host error into the reason a person can act on.
    fn explain(&self, error: wasmtime::Error, hit: Option<LimitHit>, output: &Captured) -> RunError {
        let skill = self.name.clone();
        match hit {
            Some(LimitHit::Memory { wanted }) => {
                return RunError::Memory { skill, wanted, cap: self.grant.memory_bytes };
            }
            Some(LimitHit::TableElements { wanted }) => {
                return RunError::Resource { skill, what: format!("a table grew to {wanted} elements") };
            }
            None => {}
        }
        if let Some(stream) = output.overflowed(&error) {
            return RunError::Output { skill, stream, cap: output.cap };
        }
        match error.downcast_ref::<Trap>() {
            Some(Trap::Interrupt) => RunError::Timeout { skill, ms: self.grant.timeout_ms },
            Some(Trap::StackOverflow) => RunError::StackOverflow { skill },
            Some(Trap::MemoryOutOfBounds) if shadow_stack_overflow(&error) => RunError::StackOverflow { skill },
            _ => match panic_message(&output.stderr_text()) {
                Some(message) => RunError::Panic { skill, message },
                None if format!("{error:#}").contains("resource limit exceeded") => {
                    RunError::Resource { skill, what: format!("{error:#}") }
                }
                None => RunError::Trap { skill, message: format!("{error:#}") },
            },
        }
    }
}

/// Whether an out-of-bounds access is the guest's own stack running out.
///
/// LLVM keeps a wasm32 program's stack in linear memory, growing down from a
/// fixed address with no guard page. When recursion exhausts it, the stack
/// pointer wraps below zero and the next access faults just under 4 GiB (plus
/// the access offset) — far past any real memory, since a wasm32 memory is at
/// most 4 GiB. wasmtime reports the faulting address in the error text only.
fn shadow_stack_overflow(error: &wasmtime::Error) -> bool {
    const PREFIX: &str = "memory fault at wasm address 0x";
    error.chain().any(|e| {
        let text = e.to_string();
        let Some(start) = text.find(PREFIX).map(|i| i + PREFIX.len()) else { return false };
        let hex: String = text[start..].chars().take_while(char::is_ascii_hexdigit).collect();
        u64::from_str_radix(&hex, 16).is_ok_and(|address| address >= 0xFFFF_0000)
    })
}

/// The message of a Rust panic as printed to stderr by the guest's std.
fn panic_message(stderr: &str) -> Option<String> {
    let start = stderr.find("panicked at ")?;
    let text = &stderr[start + "panicked at ".len()..];
    let text = text.split("\nnote: ").next().unwrap_or(text);
    Some(text.trim().replace('\n', " "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panic_messages_are_extracted() {
        let stderr = "\nthread '<unnamed>' panicked at src/lib.rs:9:5:\nboom\nnote: run with `RUST_BACKTRACE=1`\n";
        assert_eq!(panic_message(stderr).as_deref(), Some("src/lib.rs:9:5: boom"));
        assert_eq!(panic_message("nothing"), None);
    }
}
