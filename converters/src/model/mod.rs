//! The neutral model: everything a project compiles into agent runtimes, with a
//! place for every field any of the four runtimes can express. Emitters read
//! it; importers produce it. Nothing here knows a file format.

mod agent;
mod command;
mod extra;
mod hook;
mod mcp;
pub(crate) mod names;
mod permissions;
mod rule;
mod skill;
mod validate;

use std::collections::BTreeSet;

pub use agent::{Agent, AgentMode};
pub use command::Command;
pub use extra::{Extra, Extras};
pub use hook::{HookBinding, HookCommand, HookEvent};
pub use mcp::{McpServer, McpTransport};
pub use names::MAX_DESCRIPTION_LEN;
pub use permissions::Permissions;
pub use rule::Rule;
pub use skill::{CompanionFile, Skill};
pub(crate) use validate::check_each;

/// One project's worth of agent configuration.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Bundle {
    pub skills: Vec<Skill>,
    pub commands: Vec<Command>,
    pub agents: Vec<Agent>,
    pub rules: Vec<Rule>,
    /// Project-wide bindings (the built-in session hooks, imported hooks);
    /// skills carry their own in [`Skill::hooks`].
    pub hooks: Vec<HookBinding>,
    pub mcp_servers: Vec<McpServer>,
    pub permissions: Permissions,
}

impl Bundle {
    /// Every hook binding, the project's and each skill's, sorted and without
    /// duplicates: what a runtime's hook config must contain.
    pub fn all_hooks(&self) -> Vec<HookBinding> {
        let all = self.hooks.iter().chain(self.skills.iter().flat_map(|s| &s.hooks)).cloned();
        all.collect::<BTreeSet<_>>().into_iter().collect()
    }
}
