//! Each runtime's output contract for the bridge's one decision.
//!
//! - Claude Code and Codex: exit 0 with `hookSpecificOutput` JSON. A deny
//!   carries `permissionDecision: "deny"` and the reason; a passing gate says
//!   nothing (`{}`), so the runtime's own permission rules still apply — an
//!   `allow` would skip the user's permission prompt for every tool call.
//!   Session start carries `additionalContext`.
//! - Cursor: `{permission, user_message, agent_message}` on the before-tool
//!   events (`permission` alone on `beforeReadFile`), `{additional_context}`
//!   on `sessionStart`, `{continue: true}` on `beforeSubmitPrompt`, `{}` else.
//! - OpenCode: the generated plugin throws when we exit 2, with standard error
//!   as the reason; standard output carries `{decision, reason}` or
//!   `{additional_context}` for the record.

use agentops_manifest::EventName;
use serde_json::{Value, json};

use super::event::{AgentRuntime, Event, Shape};

/// What the bridge decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Nothing to say: the runtime proceeds as it would without the hook.
    Neutral,
    /// The gates ran and let the tool call through.
    Allow,
    Deny(String),
    /// Text to add to the agent's context.
    Context(String),
}

impl Decision {
    /// The decision's name in the run log.
    pub fn name(&self) -> &'static str {
        match self {
            Decision::Neutral => "none",
            Decision::Allow => "allow",
            Decision::Deny(_) => "deny",
            Decision::Context(_) => "context",
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

/// The answer `runtime` expects for `decision` on `event`.
pub fn render(runtime: AgentRuntime, event: Event, decision: &Decision) -> Answer {
    let body = match runtime {
        AgentRuntime::ClaudeCode | AgentRuntime::Codex => claude(event, decision),
        AgentRuntime::Cursor => cursor(event, decision),
        AgentRuntime::OpenCode => opencode(decision),
    };
    let (stderr, code) = match decision {
        Decision::Deny(reason) if runtime == AgentRuntime::OpenCode => (format!("{reason}\n"), 2),
        _ => (String::new(), 0),
    };
    Answer { stdout: format!("{body}\n"), stderr, code }
}

fn claude(event: Event, decision: &Decision) -> Value {
    let name = event.pascal();
    match decision {
        Decision::Deny(reason) => json!({"hookSpecificOutput": {
            "hookEventName": name, "permissionDecision": "deny", "permissionDecisionReason": reason,
        }}),
        Decision::Context(text) => json!({"hookSpecificOutput": {"hookEventName": name, "additionalContext": text}}),
        Decision::Allow | Decision::Neutral => json!({}),
    }
}

fn cursor(event: Event, decision: &Decision) -> Value {
    match (event.kind, decision) {
        (EventName::PreToolUse, Decision::Deny(_)) if event.shape == Shape::ReadFile => json!({"permission": "deny"}),
        (EventName::PreToolUse, Decision::Deny(reason)) => {
            json!({"permission": "deny", "user_message": reason, "agent_message": reason})
        }
        (EventName::PreToolUse, _) => json!({"permission": "allow"}),
        (EventName::UserPrompt, _) => json!({"continue": true}),
        (_, Decision::Context(text)) => json!({"additional_context": text}),
        _ => json!({}),
    }
}

fn opencode(decision: &Decision) -> Value {
    match decision {
        Decision::Deny(reason) => json!({"decision": "deny", "reason": reason}),
        Decision::Allow => json!({"decision": "allow"}),
        Decision::Context(text) => json!({"additional_context": text}),
        Decision::Neutral => json!({}),
    }
}
