//! The host side of the WIT imports, and the check that a component imports
//! only what its grant allows — made before instantiation, so a denied import
//! is a readable error rather than a link failure.

pub mod judge;
pub mod ledger;
pub mod log;
pub mod skills;
pub mod workspace;

use agentops_manifest::{Capability, Grant};
use wasmtime::Engine;
use wasmtime::component::Component;

use crate::error::RunError;

/// How the host answers one import name of a component.
#[derive(Debug, PartialEq, Eq)]
enum Verdict {
    Provided,
    Denied { what: String, hint: String },
}

/// Checks every import of `component` against `grant`.
pub fn check(engine: &Engine, component: &Component, skill: &str, grant: &Grant) -> Result<(), RunError> {
    for (name, _) in component.component_type().imports(engine) {
        if let Verdict::Denied { what, hint } = classify(name, grant) {
            return Err(RunError::Denied { skill: skill.to_string(), what, hint });
        }
    }
    Ok(())
}

/// Classifies one import name such as `wasi:cli/stdout@0.2.6` or
/// `agentops:skill/workspace@0.1.0`.
fn classify(name: &str, grant: &Grant) -> Verdict {
    let unversioned = name.split('@').next().unwrap_or(name);
    let denied = |what: String, hint: &str| Verdict::Denied { what, hint: hint.to_string() };
    match unversioned {
        n if n.starts_with("wasi:sockets/") || n.starts_with("wasi:http/") => denied(
            format!("the network (it imports `{name}`)"),
            "skills run without network access; pass the data in through the input or a granted folder",
        ),
        n if n.starts_with("wasi:") => Verdict::Provided,
        "agentops:skill/types" | "agentops:skill/log" => Verdict::Provided,
        "agentops:skill/workspace" => needs(grant, Capability::WorkspaceRead, name),
        "agentops:skill/ledger" if grant.has(Capability::LedgerWrite) => Verdict::Provided,
        "agentops:skill/ledger" => needs(grant, Capability::LedgerRead, name),
        "agentops:skill/judge" => needs(grant, Capability::Judge, name),
        "agentops:skill/skills" if grant.invokes.is_some() => Verdict::Provided,
        "agentops:skill/skills" => denied(
            format!("`{name}`: invoking other skills is for flows"),
            "set `kind = \"flow\"` and `invokes = [...]` in the [skill] table of its skill.toml",
        ),
        _ => denied(
            format!("`{name}`, which agentops does not provide"),
            "build the skill against agentops-skill-sdk only",
        ),
    }
}

fn needs(grant: &Grant, capability: Capability, name: &str) -> Verdict {
    if grant.has(capability) {
        return Verdict::Provided;
    }
    let cap = capability.as_str();
    let hint = if grant.refused.iter().any(|r| r == cap) {
        format!(
            "the project policy does not allow `{cap}`: add it to `allow` in the [policy] table of .agents/agentops.toml"
        )
    } else {
        format!("add \"{cap}\" to `imports` in the [capabilities] table of the skill's skill.toml")
    };
    Verdict::Denied { what: format!("`{name}`, which needs the `{cap}` capability"), hint }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use agentops_manifest::{Policy, SkillToml, grant};

    use super::*;

    fn grant_for(toml: &str) -> Grant {
        grant(&SkillToml::parse(Path::new("skill.toml"), toml).unwrap(), &Policy::default())
    }

    #[test]
    fn wasi_is_provided_but_not_sockets() {
        let g = grant_for("");
        assert_eq!(classify("wasi:cli/stdout@0.2.6", &g), Verdict::Provided);
        assert!(
            matches!(classify("wasi:sockets/tcp@0.2.6", &g), Verdict::Denied { what, .. } if what.contains("network"))
        );
    }

    #[test]
    fn workspace_needs_the_manifest_and_the_policy() {
        let asked = grant_for("[capabilities]\nimports = [\"workspace.read\"]\n");
        assert_eq!(classify("agentops:skill/workspace@0.1.0", &asked), Verdict::Provided);
        let not_asked = grant_for("");
        assert!(
            matches!(classify("agentops:skill/workspace@0.1.0", &not_asked), Verdict::Denied { hint, .. } if hint.contains("skill.toml"))
        );
        let refused = grant(
            &SkillToml::parse(Path::new("s"), "[capabilities]\nimports = [\"workspace.read\"]\n").unwrap(),
            &Policy { allow: vec![], ..Policy::default() },
        );
        assert!(
            matches!(classify("agentops:skill/workspace@0.1.0", &refused), Verdict::Denied { hint, .. } if hint.contains("policy"))
        );
    }

    #[test]
    fn the_ledger_needs_read_or_write() {
        let name = "agentops:skill/ledger@0.1.0";
        let not_asked = grant_for("");
        assert!(matches!(classify(name, &not_asked), Verdict::Denied { hint, .. } if hint.contains("ledger.read")));
        let read = grant_for("[capabilities]\nimports = [\"ledger.read\"]\n");
        assert_eq!(classify(name, &read), Verdict::Provided);
        let write = grant(
            &SkillToml::parse(Path::new("s"), "[capabilities]\nimports = [\"ledger.write\"]\n").unwrap(),
            &Policy { allow: vec![Capability::LedgerWrite], ..Policy::default() },
        );
        assert_eq!(classify(name, &write), Verdict::Provided);
    }

    #[test]
    fn only_flows_invoke_skills() {
        let name = "agentops:skill/skills@0.1.0";
        let flow = grant_for("[skill]\nkind = \"flow\"\ninvokes = [\"vibe\"]\n");
        assert_eq!(classify(name, &flow), Verdict::Provided);
        assert!(
            matches!(classify(name, &grant_for("")), Verdict::Denied { hint, .. } if hint.contains("kind = \"flow\""))
        );
    }

    #[test]
    fn unprovided_interfaces_are_refused_by_name() {
        let g = grant_for("");
        for name in
            ["agentops:skill/ledger@0.1.0", "agentops:skill/judge@0.1.0", "agentops:skill/skills@0.1.0", "acme:x/y"]
        {
            // Without a grant, even the interfaces the host serves are refused.
            assert!(matches!(classify(name, &g), Verdict::Denied { what, .. } if what.contains(name)), "{name}");
        }
    }
}
