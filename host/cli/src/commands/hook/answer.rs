//! Each runtime's output contract for the bridge's one decision.
//!
//! - Claude Code and Codex: exit 0 with `hookSpecificOutput` JSON naming the
//!   event that fired. A deny carries `permissionDecision: "deny"` and the
//!   reason; a passing gate says nothing of permission, so the runtime's own
//!   permission rules still apply — an `allow` would skip the user's
//!   permission prompt for every tool call. Context goes in
//!   `additionalContext`, which both take on session start, user prompt,
//!   before and after a tool.
//! - Cursor: `{permission, user_message, agent_message}` on the before-tool
//!   events (`permission` alone on `beforeReadFile`), `{continue: true}` on
//!   `beforeSubmitPrompt`, `{additional_context}` on `sessionStart` and the
//!   after-tool events, `{}` else. Its before-tool and prompt answers have
//!   no field for context.
//! - OpenCode: the generated plugin throws when we exit 2, with standard error
//!   as the reason; standard output carries `{decision, reason}` and
//!   `{additional_context}`, which the plugin adds to the session's system
//!   prompt (session start, user prompt) or to the tool's output (before and
//!   after a tool).

use agentops_manifest::EventName;
use serde_json::{Map, Value, json};

use super::event::{AgentRuntime, Event, Shape};

/// What the bridge decided.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Decision {
    /// The gates' word on a tool call; `None` when no gate ran.
    pub permission: Option<Permission>,
    /// Text to add to the agent's context.
    pub context: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Permission {
    /// The gates ran and let the tool call through.
    Allow,
    Deny(String),
}

impl Decision {
    pub fn context(context: Option<String>) -> Decision {
        Decision { permission: None, context }
    }

    /// The decision's name in the run log.
    pub fn name(&self) -> &'static str {
        match (&self.permission, &self.context) {
            (Some(Permission::Deny(_)), _) => "deny",
            (Some(Permission::Allow), _) => "allow",
            (None, Some(_)) => "context",
            (None, None) => "none",
        }
    }
}

/// What the process prints and how it exits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub stdout: String,
    pub stderr: String,
    pub code: u8,
}

/// Whether `runtime`'s answer to `event` can carry additional context; work
/// whose only product is context is skipped where it cannot.
pub fn takes_context(runtime: AgentRuntime, event: Event) -> bool {
    match (runtime, event.kind) {
        (AgentRuntime::Cursor, kind) => matches!(kind, EventName::SessionStart | EventName::PostToolUse),
        (_, kind) => matches!(
            kind,
            EventName::SessionStart | EventName::UserPrompt | EventName::PreToolUse | EventName::PostToolUse
        ),
    }
}

/// The answer `runtime` expects for `decision` on `event`.
pub fn render(runtime: AgentRuntime, event: Event, decision: &Decision) -> Answer {
    let context = decision.context.as_deref().filter(|_| takes_context(runtime, event));
    let body = match runtime {
        AgentRuntime::ClaudeCode | AgentRuntime::Codex => claude(event, decision.permission.as_ref(), context),
        AgentRuntime::Cursor => cursor(event, decision.permission.as_ref(), context),
        AgentRuntime::OpenCode => opencode(decision.permission.as_ref(), context),
    };
    let (stderr, code) = match &decision.permission {
        Some(Permission::Deny(reason)) if runtime == AgentRuntime::OpenCode => (format!("{reason}\n"), 2),
        _ => (String::new(), 0),
    };
    Answer { stdout: format!("{body}\n"), stderr, code }
}

fn claude(event: Event, permission: Option<&Permission>, context: Option<&str>) -> Value {
    let mut out = Map::new();
    if let Some(Permission::Deny(reason)) = permission {
        out.insert("permissionDecision".into(), "deny".into());
        out.insert("permissionDecisionReason".into(), reason.as_str().into());
    }
    if let Some(text) = context {
        out.insert("additionalContext".into(), text.into());
    }
    if out.is_empty() {
        return json!({});
    }
    let mut specific = Map::from_iter([("hookEventName".to_string(), Value::from(event.native))]);
    specific.extend(out);
    json!({ "hookSpecificOutput": specific })
}

fn cursor(event: Event, permission: Option<&Permission>, context: Option<&str>) -> Value {
    match (event.kind, permission) {
        (EventName::PreToolUse, Some(Permission::Deny(_))) if event.shape == Shape::ReadFile => {
            json!({"permission": "deny"})
        }
        (EventName::PreToolUse, Some(Permission::Deny(reason))) => {
            json!({"permission": "deny", "user_message": reason, "agent_message": reason})
        }
        (EventName::PreToolUse, _) => json!({"permission": "allow"}),
        (EventName::UserPrompt, _) => json!({"continue": true}),
        _ => context.map_or_else(|| json!({}), |text| json!({"additional_context": text})),
    }
}

fn opencode(permission: Option<&Permission>, context: Option<&str>) -> Value {
    let mut out = match permission {
        Some(Permission::Deny(reason)) => json!({"decision": "deny", "reason": reason}),
        Some(Permission::Allow) => json!({"decision": "allow"}),
        None => json!({}),
    };
    if let Some(text) = context {
        out["additional_context"] = text.into();
    }
    out
}
