//! The skills that ship inside the binary. Their components are built by
//! `build.rs` for wasm32-wasip2 and embedded, so they run with the binary alone.

/// One built-in skill's files.
#[derive(Debug)]
pub struct Builtin {
    pub name: &'static str,
    pub skill_md: &'static str,
    pub skill_toml: &'static str,
    pub component: &'static [u8],
    /// BLAKE3 of `component`, computed by build.rs.
    pub digest: [u8; 32],
}

macro_rules! builtin {
    ($name:literal) => {
        Builtin {
            name: $name,
            skill_md: include_str!(concat!("../../../skills/", $name, "/SKILL.md")),
            skill_toml: include_str!(concat!("../../../skills/", $name, "/skill.toml")),
            component: include_bytes!(concat!(env!("OUT_DIR"), "/", $name, ".wasm")),
            digest: *include_bytes!(concat!(env!("OUT_DIR"), "/", $name, ".blake3")),
        }
    };
}

/// Every built-in skill with logic.
pub const BUILTINS: &[Builtin] = &[
    builtin!("council"),
    builtin!("dream"),
    builtin!("evolve"),
    builtin!("guard"),
    builtin!("post-mortem"),
    builtin!("pre-mortem"),
    builtin!("retro"),
    builtin!("rpi"),
    builtin!("validation"),
    builtin!("vibe"),
];

/// Built-in skills that are instructions only: (name, SKILL.md). Flows
/// invoke them for the steps an agent does itself.
pub const INSTRUCTIONS: &[(&str, &str)] = &[
    ("flywheel", include_str!("../../../skills/flywheel/SKILL.md")),
    ("handoff", include_str!("../../../skills/handoff/SKILL.md")),
    ("implement", include_str!("../../../skills/implement/SKILL.md")),
    ("plan", include_str!("../../../skills/plan/SKILL.md")),
    ("research", include_str!("../../../skills/research/SKILL.md")),
];

/// The skill SDK and the WIT contract, for scaffolding skills in projects
/// that do not hold the SDK themselves: (path under the SDK folder, contents).
pub const SDK_FILES: &[(&str, &str)] = &[
    ("skills-sdk/Cargo.toml", include_str!("../../../skills-sdk/Cargo.toml")),
    ("skills-sdk/src/config.rs", include_str!("../../../skills-sdk/src/config.rs")),
    ("skills-sdk/src/glob.rs", include_str!("../../../skills-sdk/src/glob.rs")),
    ("skills-sdk/src/lib.rs", include_str!("../../../skills-sdk/src/lib.rs")),
    ("skills-sdk/src/outcome.rs", include_str!("../../../skills-sdk/src/outcome.rs")),
    ("skills-sdk/src/request.rs", include_str!("../../../skills-sdk/src/request.rs")),
    ("skills-sdk/src/wire.rs", include_str!("../../../skills-sdk/src/wire.rs")),
    ("wit/skill.wit", include_str!("../../../wit/skill.wit")),
];
