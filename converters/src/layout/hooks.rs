//! Hook configs in JSON. Claude Code and Codex share one shape (PascalCase
//! events, matcher groups of `{type: command, command}` handlers); Cursor's is
//! flat (`{command, matcher}` under camelCase events). A [`HookDialect`] names
//! a runtime's events and tools both ways.

use crate::model::HookEvent;
use crate::runtime::Runtime;

/// How one runtime names hook events and tools.
#[derive(Debug)]
pub(crate) struct HookDialect {
    pub runtime: Runtime,
    /// The hook config file.
    pub file: &'static str,
    /// Each event the runtime has, with its name there.
    pub events: &'static [(HookEvent, &'static str)],
    /// Tool names spelled differently: (Claude Code's, this runtime's).
    pub tools: &'static [(&'static str, &'static str)],
    /// Matcher groups (Claude Code, Codex) or flat entries (Cursor).
    pub grouped: bool,
}

/// Handler keys of the grouped shape.
pub(crate) const MATCHER: &str = "matcher";
pub(crate) const HOOKS: &str = "hooks";
pub(crate) const COMMAND: &str = "command";
pub(crate) const TYPE: &str = "type";

/// Claude Code's event names, which Codex shares.
pub(crate) const PASCAL_CASE: [(HookEvent, &str); 7] = [
    (HookEvent::SessionStart, "SessionStart"),
    (HookEvent::UserPrompt, "UserPromptSubmit"),
    (HookEvent::PreToolUse, "PreToolUse"),
    (HookEvent::PostToolUse, "PostToolUse"),
    (HookEvent::PreCompact, "PreCompact"),
    (HookEvent::Stop, "Stop"),
    (HookEvent::SessionEnd, "SessionEnd"),
];

impl HookDialect {
    /// The runtime's name for `event`, or why it has none.
    pub fn event(&self, event: HookEvent) -> Result<&'static str, String> {
        self.events
            .iter()
            .find(|(e, _)| *e == event)
            .map(|(_, name)| *name)
            .ok_or_else(|| format!("{} has no `{event}` hook event", self.runtime.title()))
    }

    /// The event the runtime calls `name`, if the model has it.
    pub fn event_named(&self, name: &str) -> Option<HookEvent> {
        self.events.iter().find(|(_, n)| *n == name).map(|(e, _)| *e)
    }

    /// A Claude Code matcher (`Bash|Edit`) in this runtime's tool names, when
    /// they differ.
    pub fn native_matcher(&self, matcher: &str) -> Option<String> {
        let native = self.translate(matcher, |(ours, theirs)| (ours, theirs));
        (native != matcher).then_some(native)
    }

    /// A matcher read from this runtime, in Claude Code's tool names.
    pub fn model_matcher(&self, matcher: &str) -> String {
        self.translate(matcher, |(ours, theirs)| (theirs, ours))
    }

    fn translate(
        &self,
        matcher: &str,
        way: fn((&'static str, &'static str)) -> (&'static str, &'static str),
    ) -> String {
        let tool = |t: &str| -> String {
            let pair = self.tools.iter().map(|p| way(*p)).find(|(from, _)| *from == t);
            pair.map_or(t, |(_, to)| to).to_string()
        };
        matcher.split('|').map(tool).collect::<Vec<_>>().join("|")
    }
}

/// The command a hook config runs to reach the bridge:
/// `BINARY hook EVENT --runtime RT`.
pub(crate) fn bridge_command(binary: &str, event: HookEvent, runtime: Runtime) -> String {
    format!("{binary} hook {event} --runtime {runtime}")
}

/// Whether `command` is a bridge call for this very event and runtime (with
/// any binary path); anything else is the user's own command.
pub(crate) fn is_bridge(command: &str, event: HookEvent, runtime: Runtime) -> bool {
    let words: Vec<&str> = command.split_whitespace().collect();
    matches!(words.as_slice(), [_, "hook", e, "--runtime", rt] if *e == event.as_str() && *rt == runtime.as_str())
}
