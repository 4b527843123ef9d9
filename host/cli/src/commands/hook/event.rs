//! Event names. Each runtime spells the same seven events its own way
//! (PascalCase for Claude Code and Codex, camelCase for Cursor, plugin hook
//! names for OpenCode); this module resolves any of them, or the normalized
//! kebab spelling, to one [`EventName`] and remembers which native shape the
//! answer must take.

use agentops_manifest::EventName;

/// The agent runtime that called the hook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AgentRuntime {
    #[value(name = "claude-code")]
    ClaudeCode,
    Codex,
    Cursor,
    #[value(name = "opencode")]
    OpenCode,
}

impl AgentRuntime {
    /// The spelling on the command line and in `hook-event.runtime`.
    pub fn as_str(self) -> &'static str {
        match self {
            AgentRuntime::ClaudeCode => "claude-code",
            AgentRuntime::Codex => "codex",
            AgentRuntime::Cursor => "cursor",
            AgentRuntime::OpenCode => "opencode",
        }
    }
}

/// Cursor's tool events that name their tool by the event itself; every
/// other event is `Generic` and carries its tool (if any) in the payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Generic,
    /// `beforeShellExecution`, `afterShellExecution`: `{command, cwd}`.
    Shell,
    /// `beforeReadFile`: `{file_path, content}`; its answer is `permission` only.
    ReadFile,
    /// `afterFileEdit`: `{file_path, edits}`, after Cursor's `Write` tool.
    FileEdit,
}

/// A resolved event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Event {
    pub kind: EventName,
    pub shape: Shape,
    /// The runtime's own name for it, echoed in Claude Code's and Codex's
    /// `hookEventName` (which must name the event that fired, e.g.
    /// `PostToolUseFailure`, not its normalized kind).
    pub native: &'static str,
}

/// Every event: (kind, normalized, Claude Code / Codex, Cursor).
const NAMES: [(EventName, &str, &str, &str); 7] = [
    (EventName::SessionStart, "session-start", "SessionStart", "sessionStart"),
    (EventName::UserPrompt, "user-prompt", "UserPromptSubmit", "beforeSubmitPrompt"),
    (EventName::PreToolUse, "pre-tool-use", "PreToolUse", "preToolUse"),
    (EventName::PostToolUse, "post-tool-use", "PostToolUse", "postToolUse"),
    (EventName::Stop, "stop", "Stop", "stop"),
    (EventName::SessionEnd, "session-end", "SessionEnd", "sessionEnd"),
    (EventName::PreCompact, "pre-compact", "PreCompact", "preCompact"),
];

/// Native names outside the table: (runtime, name, kind, shape).
const EXTRA: [(AgentRuntime, &str, EventName, Shape); 13] = [
    (AgentRuntime::ClaudeCode, "PostToolUseFailure", EventName::PostToolUse, Shape::Generic),
    (AgentRuntime::Cursor, "postToolUseFailure", EventName::PostToolUse, Shape::Generic),
    (AgentRuntime::Cursor, "beforeShellExecution", EventName::PreToolUse, Shape::Shell),
    (AgentRuntime::Cursor, "beforeReadFile", EventName::PreToolUse, Shape::ReadFile),
    (AgentRuntime::Cursor, "beforeMCPExecution", EventName::PreToolUse, Shape::Generic),
    (AgentRuntime::Cursor, "afterShellExecution", EventName::PostToolUse, Shape::Shell),
    (AgentRuntime::Cursor, "afterMCPExecution", EventName::PostToolUse, Shape::Generic),
    (AgentRuntime::Cursor, "afterFileEdit", EventName::PostToolUse, Shape::FileEdit),
    (AgentRuntime::OpenCode, "tool.execute.before", EventName::PreToolUse, Shape::Generic),
    (AgentRuntime::OpenCode, "tool.execute.after", EventName::PostToolUse, Shape::Generic),
    (AgentRuntime::OpenCode, "chat.message", EventName::UserPrompt, Shape::Generic),
    (AgentRuntime::OpenCode, "session.created", EventName::SessionStart, Shape::Generic),
    (AgentRuntime::OpenCode, "session.idle", EventName::Stop, Shape::Generic),
];

impl Event {
    /// Resolves `name` as `runtime` spells it, or in the normalized spelling.
    pub fn parse(name: &str, runtime: AgentRuntime) -> Option<Event> {
        let named = |&(kind, kebab, pascal, cursor): &(EventName, &'static str, &'static str, &'static str)| {
            let own = match runtime {
                AgentRuntime::ClaudeCode | AgentRuntime::Codex => pascal,
                AgentRuntime::Cursor => cursor,
                AgentRuntime::OpenCode => kebab,
            };
            (name == kebab || name == own).then_some(Event { kind, shape: Shape::Generic, native: own })
        };
        NAMES.iter().find_map(named).or_else(|| {
            EXTRA.iter().find(|(rt, n, ..)| *rt == runtime && *n == name).map(|&(_, native, kind, shape)| Event {
                kind,
                shape,
                native,
            })
        })
    }

    /// The normalized spelling, as in skill.toml and the run log.
    pub fn kebab(self) -> &'static str {
        row(self.kind).1
    }
}

fn row(kind: EventName) -> &'static (EventName, &'static str, &'static str, &'static str) {
    NAMES.iter().find(|r| r.0 == kind).expect("NAMES lists every event")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_runtime_spelling_and_the_kebab_one_resolve() {
        let cases = [
            ("PreToolUse", AgentRuntime::ClaudeCode, EventName::PreToolUse, Shape::Generic, "PreToolUse"),
            (
                "PostToolUseFailure",
                AgentRuntime::ClaudeCode,
                EventName::PostToolUse,
                Shape::Generic,
                "PostToolUseFailure",
            ),
            ("UserPromptSubmit", AgentRuntime::Codex, EventName::UserPrompt, Shape::Generic, "UserPromptSubmit"),
            ("beforeShellExecution", AgentRuntime::Cursor, EventName::PreToolUse, Shape::Shell, "beforeShellExecution"),
            ("beforeReadFile", AgentRuntime::Cursor, EventName::PreToolUse, Shape::ReadFile, "beforeReadFile"),
            ("afterFileEdit", AgentRuntime::Cursor, EventName::PostToolUse, Shape::FileEdit, "afterFileEdit"),
            ("sessionStart", AgentRuntime::Cursor, EventName::SessionStart, Shape::Generic, "sessionStart"),
            ("session-start", AgentRuntime::OpenCode, EventName::SessionStart, Shape::Generic, "session-start"),
            ("pre-compact", AgentRuntime::Codex, EventName::PreCompact, Shape::Generic, "PreCompact"),
            (
                "tool.execute.before",
                AgentRuntime::OpenCode,
                EventName::PreToolUse,
                Shape::Generic,
                "tool.execute.before",
            ),
        ];
        for (name, runtime, kind, shape, native) in cases {
            assert_eq!(Event::parse(name, runtime), Some(Event { kind, shape, native }), "{name}");
        }
    }

    #[test]
    fn another_runtimes_spelling_and_unknown_names_do_not() {
        assert_eq!(Event::parse("preToolUse", AgentRuntime::ClaudeCode), None);
        assert_eq!(Event::parse("PreToolUse", AgentRuntime::Cursor), None);
        assert_eq!(Event::parse("Notification", AgentRuntime::ClaudeCode), None);
    }
}
