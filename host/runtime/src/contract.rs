//! The contract version: which guests this host can serve.
//!
//! A component declares its version in the name of the interface it exports,
//! `agentops:skill/guest@X.Y.Z`. For 0.x versions semver treats the minor
//! number as breaking, so this host serves exactly the guests with the same
//! major and (while major is 0) minor number.

use wasmtime::Engine;
use wasmtime::component::Component;

use crate::error::RunError;

/// The version of the `agentops:skill` package this host implements.
pub const CONTRACT_VERSION: &str = "0.1.0";

const PACKAGE: &str = "agentops:skill/";

/// Parses `major.minor.patch` leniently (pre-release suffixes ignored).
fn parse(version: &str) -> Option<(u64, u64)> {
    let mut parts = version.split(['.', '-', '+']);
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next()?.parse().ok()?;
    Some((major, minor))
}

/// Whether a guest built against `guest` can run on this host.
pub fn compatible(guest: &str) -> bool {
    match (parse(guest), parse(CONTRACT_VERSION)) {
        (Some((gm, gn)), Some((hm, hn))) => gm == hm && (hm > 0 || gn == hn),
        _ => false,
    }
}

/// The contract version a component was built for, read from its exports
/// without instantiating it.
pub fn contract_version(engine: &Engine, component: &Component) -> Option<String> {
    component
        .component_type()
        .exports(engine)
        .find_map(|(name, _)| name.strip_prefix(PACKAGE)?.strip_prefix("guest@").map(str::to_string))
}

/// Refuses a component that is not an agentops skill or was built for a
/// contract this host cannot serve, naming both versions.
pub fn check(engine: &Engine, component: &Component, skill: &str) -> Result<(), RunError> {
    let Some(version) = contract_version(engine, component) else {
        let exports: Vec<String> = component.component_type().exports(engine).map(|(n, _)| n.to_string()).collect();
        return Err(RunError::Incompatible {
            skill: skill.to_string(),
            detail: format!(
                "it exports no `agentops:skill/guest` interface (it exports: {}); build it against agentops-skill-sdk",
                if exports.is_empty() { "nothing".to_string() } else { exports.join(", ") }
            ),
        });
    };
    if !compatible(&version) {
        return Err(RunError::Incompatible {
            skill: skill.to_string(),
            detail: format!(
                "it was built for agentops:skill@{version}, and this agentops serves agentops:skill@{CONTRACT_VERSION}; rebuild it with agentops-skill-sdk {CONTRACT_VERSION} (`agentops build`) or use a matching agentops"
            ),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_major_versions_match_on_minor() {
        assert!(compatible("0.1.0"));
        assert!(compatible("0.1.7"));
        assert!(!compatible("0.2.0"));
        assert!(!compatible("1.1.0"));
        assert!(!compatible("garbage"));
    }
}
