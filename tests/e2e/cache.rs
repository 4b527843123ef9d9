//! The component cache: compile once, load after; never trust an entry the
//! cache did not write.

use std::path::Path;

use agentops_manifest::{Grant, Policy, SkillToml, grant};
use agentops_runtime::{CacheOutcome, ComponentCache, LoadSpec, RunError, Runtime};

use crate::support::{Project, assert_skill_error, guest};

fn workspace_grant() -> Grant {
    let manifest = SkillToml::parse("skill.toml".as_ref(), "[capabilities]\nimports = [\"workspace.read\"]\n").unwrap();
    grant(&manifest, &Policy::default())
}

/// Loads `bytes` with a new runtime (a new process would do the same).
fn load(cache_dir: &Path, project: &Path, bytes: &[u8]) -> Result<CacheOutcome, RunError> {
    let runtime = Runtime::new(ComponentCache::at(cache_dir).unwrap()).unwrap();
    let grant = workspace_grant();
    let spec = LoadSpec {
        name: "hostile",
        component: bytes,
        digest: None,
        grant: &grant,
        project_root: project,
        private: &[],
    };
    runtime.load(&spec).map(|skill| skill.cache)
}

fn entries(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "cwasm"))
        .collect();
    found.sort();
    found
}

#[test]
fn the_second_load_does_not_compile() {
    let p = Project::new();
    let cache = p.root().join("cache");
    let bytes = guest("hostile");
    assert_eq!(load(&cache, p.root(), &bytes).unwrap(), CacheOutcome::Compiled);
    assert_eq!(load(&cache, p.root(), &bytes).unwrap(), CacheOutcome::Hit);
    assert_eq!(entries(&cache).len(), 1);
}

#[test]
fn corrupt_and_foreign_entries_are_rebuilt_not_trusted() {
    let p = Project::new();
    let cache = p.root().join("cache");
    let bytes = guest("hostile");
    load(&cache, p.root(), &bytes).unwrap();
    let entry = entries(&cache).pop().unwrap();
    let good = std::fs::read(&entry).unwrap();

    // A flipped byte in the code: the MAC no longer matches.
    let mut corrupt = good.clone();
    corrupt[good.len() / 2] ^= 0xff;
    std::fs::write(&entry, &corrupt).unwrap();
    assert_eq!(load(&cache, p.root(), &bytes).unwrap(), CacheOutcome::Compiled);
    assert_eq!(std::fs::read(&entry).unwrap(), good, "the rebuilt entry is the one we write");

    // A torn write.
    std::fs::write(&entry, &good[..good.len() / 3]).unwrap();
    assert_eq!(load(&cache, p.root(), &bytes).unwrap(), CacheOutcome::Compiled);

    // An entry written by someone else: another cache's key signed it.
    let other = p.root().join("other-cache");
    load(&other, p.root(), &bytes).unwrap();
    let foreign = entries(&other).pop().unwrap();
    std::fs::copy(&foreign, &entry).unwrap();
    std::fs::copy(foreign.with_extension("cwasm.mac"), entry.with_extension("cwasm.mac")).unwrap();
    assert_eq!(load(&cache, p.root(), &bytes).unwrap(), CacheOutcome::Compiled);
    assert_eq!(load(&cache, p.root(), &bytes).unwrap(), CacheOutcome::Hit);

    // An entry without its MAC.
    std::fs::remove_file(entry.with_extension("cwasm.mac")).unwrap();
    assert_eq!(load(&cache, p.root(), &bytes).unwrap(), CacheOutcome::Compiled);
}

#[test]
fn a_component_for_another_contract_version_is_refused_naming_both() {
    let p = Project::new();
    p.install_guest("future", "future", "");
    let out = p.agentops(&["run", "future"], "");
    assert_skill_error(&out, &["built for agentops:skill@0.2.0", "this agentops serves agentops:skill@0.1.0"]);
}

#[test]
fn a_file_that_is_not_a_component_is_reported() {
    let p = Project::new();
    p.install_guest("hostile", "broken", "");
    std::fs::write(p.root().join("skills/broken/broken.wasm"), b"\0asm not really").unwrap();
    let out = p.agentops(&["run", "broken"], "");
    assert_skill_error(&out, &["skill `broken` is not a valid component", "agentops build broken"]);
}
