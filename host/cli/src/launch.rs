//! Loading a skill of the catalog into the sandbox under the project's
//! policy, and the request it gets: what `run`, `flow run` and a flow's
//! invocations share.

use std::path::Path;

use agentops_manifest::{Grant, Policy, grant};
use agentops_runtime::{LoadSpec, Request, RunError, Runtime, Skill};

use crate::catalog::Entry;
use crate::error::Result;

/// A skill ready to run, and what it was granted.
#[derive(Debug)]
pub struct Launched {
    pub skill: Skill,
    pub grant: Grant,
}

/// Loads `entry` (compiled or from the cache) with the grant the policy allows.
pub fn load(runtime: &Runtime, root: &Path, policy: &Policy, entry: &Entry) -> Result<Launched> {
    Ok(load_component(runtime, root, policy, entry, &entry.component_bytes()?)?)
}

/// [`load`] for a component already read, keeping the runtime's error.
pub fn load_component(
    runtime: &Runtime,
    root: &Path,
    policy: &Policy,
    entry: &Entry,
    component: &[u8],
) -> std::result::Result<Launched, RunError> {
    let manifest = entry.manifest.clone().unwrap_or_default();
    let grant = grant(&manifest, policy);
    let skill = runtime.load(&LoadSpec {
        name: entry.name(),
        component,
        digest: entry.component_digest(),
        grant: &grant,
        project_root: root,
        private: &policy.private,
    })?;
    Ok(Launched { skill, grant })
}

/// The request for `entry`: the given input and arguments, the skill's own
/// `[config]`, and the policy's private paths as the `private` argument
/// unless one was given.
pub fn request(entry: &Entry, policy: &Policy, input: Option<String>, mut args: Vec<(String, String)>) -> Request {
    if !policy.private.is_empty() && !args.iter().any(|(k, _)| k == "private") {
        args.push(("private".into(), policy.private.join(",")));
    }
    let config = entry.manifest.as_ref().map_or_else(|| "{}".to_string(), |m| m.config.to_string());
    Request { args, input, event: None, config }
}
