//! Benchmarks of the sandbox against the budgets of DESIGN.md section 9, on the
//! built-in `guard` skill (the gate every hook runs):
//!
//! - `load_cached_component`: `Runtime::load` when the cache holds the
//!   component (budget 0.5 ms);
//! - `instantiate_and_call_guard`: `Skill::run` on a harmless and on a blocked
//!   Bash call (budget 0.1 ms);
//! - `first_compile`: `Runtime::load` with an empty cache, i.e. compile and
//!   cache (budget 0.5 s per MB of component; the throughput is in bytes of
//!   component).
//!
//! Run with `cargo bench -p agentops --bench runtime`; docs/benchmarks.md
//! records the results. scripts/bench.sh measures the whole `agentops` process.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use agentops_manifest::{Grant, Policy, SkillToml, grant};
use agentops_runtime::{ComponentCache, LoadSpec, Request, Runtime, Verdict};
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};

const GUARD_WASM: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/guard.wasm"));
const GUARD_DIGEST: &[u8; 32] = include_bytes!(concat!(env!("OUT_DIR"), "/guard.blake3"));
const GUARD_TOML: &str = include_str!("../../../skills/guard/skill.toml");

const HARMLESS: &str = r#"{"tool_name":"Bash","tool_input":{"command":"ls -la"}}"#;
const BLOCKED: &str = r#"{"tool_name":"Bash","tool_input":{"command":"rm -rf /"}}"#;

/// The guard's manifest, grant and policy, as `agentops run guard` builds them.
struct Guard {
    grant: Grant,
    policy: Policy,
    config: String,
}

impl Guard {
    fn new() -> Self {
        let manifest = SkillToml::parse(Path::new("skills/guard/skill.toml"), GUARD_TOML).expect("guard's skill.toml");
        let policy = Policy::default();
        let grant = grant(&manifest, &policy);
        Guard { grant, policy, config: manifest.config.to_string() }
    }

    fn spec<'a>(&'a self, project_root: &'a Path) -> LoadSpec<'a> {
        LoadSpec {
            name: "guard",
            component: GUARD_WASM,
            digest: Some(*GUARD_DIGEST),
            grant: &self.grant,
            project_root,
            private: &self.policy.private,
        }
    }

    fn request(&self, input: &str) -> Request {
        Request { args: Vec::new(), input: Some(input.to_string()), event: None, config: self.config.clone() }
    }
}

fn load_cached_component(c: &mut Criterion) {
    let guard = Guard::new();
    let project = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let runtime = Runtime::new(ComponentCache::at(cache.path()).unwrap()).unwrap();
    // Warm the cache: the first load compiles and stores the component.
    runtime.load(&guard.spec(project.path())).unwrap();
    let skill = runtime.load(&guard.spec(project.path())).unwrap();
    assert_eq!(format!("{:?}", skill.cache), "Hit", "the warmed cache should hold guard");
    c.bench_function("load_cached_component", |b| {
        b.iter(|| runtime.load(black_box(&guard.spec(project.path()))).unwrap())
    });
}

fn instantiate_and_call_guard(c: &mut Criterion) {
    let guard = Guard::new();
    let project = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let runtime = Runtime::new(ComponentCache::at(cache.path()).unwrap()).unwrap();
    let skill = runtime.load(&guard.spec(project.path())).unwrap();
    let mut group = c.benchmark_group("instantiate_and_call_guard");
    for (case, input, verdict) in [("harmless", HARMLESS, Verdict::Pass), ("blocked", BLOCKED, Verdict::Fail)] {
        let request = guard.request(input);
        assert_eq!(skill.run(&request).unwrap().outcome.verdict, verdict, "guard on the {case} call");
        group.bench_function(case, |b| b.iter(|| skill.run(black_box(&request)).unwrap()));
    }
    group.finish();
}

fn first_compile(c: &mut Criterion) {
    let guard = Guard::new();
    let project = tempfile::tempdir().unwrap();
    let mut group = c.benchmark_group("first_compile");
    group.sample_size(10).measurement_time(Duration::from_secs(20));
    group.throughput(Throughput::Bytes(GUARD_WASM.len() as u64));
    group.bench_function("guard", |b| {
        b.iter_batched(
            // A fresh runtime and an empty cache, so every load compiles.
            || {
                let dir = tempfile::tempdir().unwrap();
                let runtime = Runtime::new(ComponentCache::at(dir.path()).unwrap()).unwrap();
                (dir, runtime)
            },
            |(dir, runtime)| {
                let skill = runtime.load(&guard.spec(project.path())).unwrap();
                assert_eq!(format!("{:?}", skill.cache), "Compiled");
                // Dropped outside the measurement: the tempdir's removal is not the compile's cost.
                (dir, runtime, skill)
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
    eprintln!("first_compile: guard.wasm is {} bytes ({:.3} MB)", GUARD_WASM.len(), GUARD_WASM.len() as f64 / 1e6);
}

criterion_group!(benches, load_cached_component, instantiate_and_call_guard, first_compile);
criterion_main!(benches);
