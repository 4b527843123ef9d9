//! Hook bindings over one normalized set of events. Each runtime spells the
//! events its own way (PascalCase, camelCase, plugin callbacks; see
//! `layout`); emitters and importers translate, and the fidelity report says
//! when a runtime lacks one.

use std::fmt;

/// The events agentops can bind, in the order a session meets them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HookEvent {
    SessionStart,
    UserPrompt,
    PreToolUse,
    PostToolUse,
    PreCompact,
    Stop,
    SessionEnd,
}

impl HookEvent {
    pub const ALL: [HookEvent; 7] = [
        HookEvent::SessionStart,
        HookEvent::UserPrompt,
        HookEvent::PreToolUse,
        HookEvent::PostToolUse,
        HookEvent::PreCompact,
        HookEvent::Stop,
        HookEvent::SessionEnd,
    ];

    /// The spelling in skill.toml and on the `agentops hook` command line.
    pub fn as_str(self) -> &'static str {
        match self {
            HookEvent::SessionStart => "session-start",
            HookEvent::UserPrompt => "user-prompt",
            HookEvent::PreToolUse => "pre-tool-use",
            HookEvent::PostToolUse => "post-tool-use",
            HookEvent::PreCompact => "pre-compact",
            HookEvent::Stop => "stop",
            HookEvent::SessionEnd => "session-end",
        }
    }

    /// Whether a matcher (a tool-name pattern) means anything for this event.
    pub fn takes_matcher(self) -> bool {
        matches!(self, HookEvent::PreToolUse | HookEvent::PostToolUse)
    }

    /// The event spelled `name` (as [`HookEvent::as_str`] spells it).
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.as_str() == name)
    }
}

impl fmt::Display for HookEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One binding: on `event` (for tools matching `matcher`), run `command`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct HookBinding {
    pub event: HookEvent,
    /// A tool-name pattern in Claude Code spelling (`Bash`, `Edit|Write`).
    pub matcher: Option<String>,
    pub command: HookCommand,
}

/// What a hook runs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HookCommand {
    /// `agentops hook EVENT --runtime RT`, which runs the bound skills.
    Bridge,
    /// A user's own shell command, found on import and carried through.
    Shell(String),
}
