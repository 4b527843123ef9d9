//! Each runtime's output contract for the bridge's one decision.
//!
//! - Claude Code and Codex: exit 0 with `hookSpecificOutput` JSON naming the
//!   event that fired. A deny carries `permissionDecision: "deny"` and the
//!   reason; a passing gate says nothing of permission, so the runtime's own
//!   permission rules still apply — an `allow` would skip the user's
//!   permission prompt for every tool call. An ask is `permissionDecision:
//!   "ask"` for Claude Code; Codex cannot ask from a hook, so there the
//!   reason becomes context and the runtime's own rules decide. Context goes
//!   in `additionalContext`, which both take on session start, user prompt,
//!   before and after a tool.
//! - Cursor: `{permission, user_message, agent_message}` on the before-tool
//!   events, `permission` being `allow`, `ask` or `deny` (`permission` alone
//!   on `beforeReadFile`, which cannot ask: an ask lets the read through), `{continue: true}` on
//!   `beforeSubmitPrompt`, `{additional_context}` on `sessionStart` and the
//!   after-tool events, `{}` else. Its before-tool and prompt answers have
//!   no field for context.
//! - OpenCode: the generated plugin throws when we exit 2, with standard error
//!   as the reason; it cannot ask, so an ask lets the call through with the
//!   reason as advice; standard output carries `{decision, reason}` and
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
    /// A gate warned: a person should decide, for the reason given.
    Ask(String),
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
            (Some(Permission::Ask(_)), _) => "ask",
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
    let (permission, context) = cannot_ask(runtime, event, decision);
    let context = context.as_deref().filter(|_| takes_context(runtime, event));
    let body = match runtime {
        AgentRuntime::ClaudeCode | AgentRuntime::Codex => claude(event, permission.as_ref(), context),
        AgentRuntime::Cursor => cursor(event, permission.as_ref(), context),
        AgentRuntime::OpenCode => opencode(permission.as_ref(), context),
    };
    let (stderr, code) = match &decision.permission {
        Some(Permission::Deny(reason)) if runtime == AgentRuntime::OpenCode => (format!("{reason}\n"), 2),
        _ => (String::new(), 0),
    };
    Answer { stdout: format!("{body}\n"), stderr, code }
}

/// Where the runtime cannot ask (Codex, OpenCode, Cursor's file reads), an
/// ask lets the call through and its reason joins the context instead.
fn cannot_ask(runtime: AgentRuntime, event: Event, decision: &Decision) -> (Option<Permission>, Option<String>) {
    let can_ask = match runtime {
        AgentRuntime::ClaudeCode => true,
        AgentRuntime::Cursor => event.shape != Shape::ReadFile,
        AgentRuntime::Codex | AgentRuntime::OpenCode => false,
    };
    match &decision.permission {
        Some(Permission::Ask(reason)) if !can_ask => {
            let context = [Some(reason.clone()), decision.context.clone()].into_iter().flatten().collect::<Vec<_>>();
            (Some(Permission::Allow), Some(context.join("\n\n")))
        }
        other => (other.clone(), decision.context.clone()),
    }
}

fn claude(event: Event, permission: Option<&Permission>, context: Option<&str>) -> Value {
    let mut out = Map::new();
    let decided = match permission {
        Some(Permission::Deny(reason)) => Some(("deny", reason)),
        Some(Permission::Ask(reason)) => Some(("ask", reason)),
        _ => None,
    };
    if let Some((word, reason)) = decided {
        out.insert("permissionDecision".into(), word.into());
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
        (EventName::PreToolUse, Some(Permission::Ask(reason))) => {
            json!({"permission": "ask", "user_message": reason, "agent_message": reason})
        }
        (EventName::PreToolUse, _) => json!({"permission": "allow"}),
        (EventName::UserPrompt, _) => json!({"continue": true}),
        _ => context.map_or_else(|| json!({}), |text| json!({"additional_context": text})),
    }
}

fn opencode(permission: Option<&Permission>, context: Option<&str>) -> Value {
    let mut out = match permission {
        Some(Permission::Deny(reason)) => json!({"decision": "deny", "reason": reason}),
        // An ask never arrives here (see `cannot_ask`); letting it through is what that means.
        Some(Permission::Allow | Permission::Ask(_)) => json!({"decision": "allow"}),
        None => json!({}),
    };
    if let Some(text) = context {
        out["additional_context"] = text.into();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn before_tool(runtime: AgentRuntime) -> Event {
        let native = match runtime {
            AgentRuntime::Cursor => "preToolUse",
            AgentRuntime::OpenCode => "tool.execute.before",
            _ => "PreToolUse",
        };
        Event::parse(native, runtime).or_else(|| Event::parse("pre-tool-use", runtime)).unwrap()
    }

    #[test]
    fn an_ask_asks_where_the_runtime_can_and_advises_where_it_cannot() {
        let ask = Decision { permission: Some(Permission::Ask("w/x: look first".into())), context: None };
        let claude: Value =
            serde_json::from_str(&render(AgentRuntime::ClaudeCode, before_tool(AgentRuntime::ClaudeCode), &ask).stdout)
                .unwrap();
        assert_eq!(claude["hookSpecificOutput"]["permissionDecision"], "ask");
        let cursor: Value =
            serde_json::from_str(&render(AgentRuntime::Cursor, before_tool(AgentRuntime::Cursor), &ask).stdout)
                .unwrap();
        assert_eq!((&cursor["permission"], &cursor["agent_message"]), (&"ask".into(), &"w/x: look first".into()));
        let codex = render(AgentRuntime::Codex, before_tool(AgentRuntime::Codex), &ask);
        let codex: Value = serde_json::from_str(&codex.stdout).unwrap();
        assert!(codex["hookSpecificOutput"].get("permissionDecision").is_none(), "{codex}");
        assert_eq!(codex["hookSpecificOutput"]["additionalContext"], "w/x: look first");
        let opencode = render(AgentRuntime::OpenCode, before_tool(AgentRuntime::OpenCode), &ask);
        assert_eq!(opencode.code, 0, "an ask never blocks where it cannot ask");
        assert_eq!(ask.name(), "ask");
    }
}
