//! Write agentops skills in Rust.
//!
//! A skill is a WebAssembly component that exports one function, `run`, from the
//! `agentops:skill` WIT world (see `wit/skill.wit` in the agentops repository).
//! This crate generates the bindings and wraps them in an API that keeps a skill
//! to its logic: read the [`Request`], return an [`Outcome`] or a [`SkillError`].
//!
//! # A complete skill
//!
//! ```no_run
//! use agentops_skill_sdk::prelude::*;
//!
//! struct NoTodo;
//!
//! impl Skill for NoTodo {
//!     fn run(request: Request) -> Result<Outcome, SkillError> {
//!         let text = request.input.as_deref().ok_or_else(|| invalid_input("give a text with --input"))?;
//!         let findings: Vec<Finding> = text
//!             .lines()
//!             .enumerate()
//!             .filter(|(_, line)| line.contains("TODO"))
//!             .map(|(i, _)| {
//!                 Finding::new("no-todo/todo", Severity::Minor, "a TODO is left in the text")
//!                     .at("input", i as u32 + 1)
//!                     .fix("resolve it or link an issue")
//!             })
//!             .collect();
//!         Ok(Outcome::from_findings(findings))
//!     }
//! }
//!
//! agentops_skill_sdk::export_skill!(NoTodo);
//! ```
//!
//! Build it with `agentops build` (or `cargo build --release --target wasm32-wasip2`)
//! and run it with `agentops run no-todo --input notes.md`.
//!
//! # Host imports
//! [`log`] is always available. [`workspace`], [`ledger`] and [`judge`] work only
//! when the skill's `skill.toml` asks for the capability and the project policy
//! grants it; the host refuses to load a component that imports an interface its
//! manifest does not declare, so call them only from skills that declare them.
//!
//! # Helpers
//! [`config`] reads what most `[config]` tables share: a [`CheckLevel`] per
//! check (a check's severity, or `off`) declared with [`severity_table!`],
//! limits that must be positive, and a unit test that the defaults in code and
//! in skill.toml agree. With the `glob` feature, `glob::glob_match` matches
//! paths the way skill.toml and ledger items write them.

pub mod config;
#[cfg(feature = "glob")]
pub mod glob;
mod outcome;
mod request;
pub mod wire;

#[doc(hidden)]
pub mod bindings {
    wit_bindgen::generate!({
        path: "../wit",
        world: "flow",
        pub_export_macro: true,
        default_bindings_module: "agentops_skill_sdk::bindings",
        export_macro_name: "__export_flow",
    });
}

pub use bindings::agentops::skill::types::{
    EventKind, Finding, Hit, HookEvent, LearningDraft, Outcome, Request, Severity, SkillError, Verdict,
};
pub use bindings::agentops::skill::{judge, ledger, skills, workspace};
pub use bindings::exports::agentops::skill::guest::Guest as Skill;
pub use config::CheckLevel;
pub use outcome::{denied, failed, invalid_input};
pub use request::ToolCall;

/// Messages for the person running the skill, shown by `agentops run -v`.
pub mod log {
    use crate::bindings::agentops::skill::log::{Level, log};

    /// A detail for `-v`.
    pub fn debug(message: &str) {
        log(Level::Debug, message);
    }
    /// A progress note.
    pub fn info(message: &str) {
        log(Level::Info, message);
    }
    /// Something the user should look at.
    pub fn warn(message: &str) {
        log(Level::Warn, message);
    }
    /// Something went wrong, though the skill carries on.
    pub fn error(message: &str) {
        log(Level::Error, message);
    }
}

/// Everything a skill usually needs, in one `use`.
pub mod prelude {
    pub use crate::{
        CheckLevel, Finding, HookEvent, Outcome, Request, Severity, Skill, SkillError, ToolCall, Verdict, denied,
        failed, invalid_input, log,
    };
}

/// Exports a type implementing [`Skill`] as the component's `run` function.
///
/// Use it once, at the root of the skill crate: `agentops_skill_sdk::export_skill!(MySkill);`
/// The export exists only in the WebAssembly build: export names such as
/// `agentops:skill/guest@0.1.0#run` are not valid native symbols, and native
/// builds are for unit tests, which call the skill's functions directly.
#[macro_export]
macro_rules! export_skill {
    ($skill:ident) => {
        #[cfg(target_arch = "wasm32")]
        $crate::bindings::__export_flow!($skill with_types_in $crate::bindings);
        // Natively the skill is still used, so its code is not reported as dead.
        #[cfg(not(target_arch = "wasm32"))]
        const _: fn($crate::Request) -> Result<$crate::Outcome, $crate::SkillError> = <$skill as $crate::Skill>::run;
    };
}
