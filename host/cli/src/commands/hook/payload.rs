//! Each runtime's stdin payload, normalized into one [`Payload`].
//!
//! The shapes come from what the real CLIs sent (the corpus under
//! `tests/fixtures/hooks/`): Claude Code and Codex share snake_case fields;
//! Cursor names the session `conversation_id` and gives `workspace_roots`;
//! OpenCode's plugin forwards its hook arguments, `{input, output}` for tools
//! and `{event}` for session events. Fields we do not use are ignored, so a
//! runtime adding fields breaks nothing.

use std::fmt;

use agentops_manifest::EventName;
use serde_json::{Value, json};

use super::event::{AgentRuntime, Event, Shape};

/// One hook call, whatever runtime sent it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Payload {
    pub session_id: Option<String>,
    pub cwd: Option<String>,
    pub tool_name: Option<String>,
    /// The tool's input as JSON text.
    pub tool_input: Option<String>,
    /// The tool's result, as JSON text or the plain text the runtime gave.
    pub tool_output: Option<String>,
    pub prompt: Option<String>,
    pub transcript_path: Option<String>,
    /// Why a session started: startup, resume, clear or compact.
    pub source: Option<String>,
    /// What the assistant said last (Claude Code and Codex Stop payloads).
    pub last_message: Option<String>,
}

/// Why a payload cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PayloadError {
    NotJson(String),
    NotAnObject,
    /// A before-tool event without a tool name.
    NoTool,
}

impl fmt::Display for PayloadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PayloadError::NotJson(e) => write!(f, "the payload is not JSON: {e}"),
            PayloadError::NotAnObject => write!(f, "the payload is not a JSON object"),
            PayloadError::NoTool => write!(f, "the before-tool payload names no tool"),
        }
    }
}

impl Payload {
    /// Parses `text` as `runtime` sends `event`.
    pub fn parse(text: &str, runtime: AgentRuntime, event: Event) -> Result<Payload, PayloadError> {
        let value: Value = serde_json::from_str(text).map_err(|e| PayloadError::NotJson(e.to_string()))?;
        if !value.is_object() {
            return Err(PayloadError::NotAnObject);
        }
        let payload = match runtime {
            AgentRuntime::ClaudeCode | AgentRuntime::Codex => claude(&value),
            AgentRuntime::Cursor => cursor(&value, event.shape),
            AgentRuntime::OpenCode => opencode(&value, event.kind),
        };
        if event.kind == EventName::PreToolUse && payload.tool_name.is_none() {
            return Err(PayloadError::NoTool);
        }
        Ok(payload)
    }
}

/// Claude Code and Codex: `session_id`, `cwd`, `tool_name`, `tool_input`,
/// `tool_response` (or `error` after a failed tool), `prompt`, `source`.
fn claude(v: &Value) -> Payload {
    Payload {
        session_id: text(v, "session_id"),
        cwd: text(v, "cwd"),
        tool_name: text(v, "tool_name"),
        tool_input: v.get("tool_input").map(json_text),
        tool_output: v.get("tool_response").or_else(|| v.get("error")).map(json_text),
        prompt: text(v, "prompt"),
        transcript_path: text(v, "transcript_path"),
        source: text(v, "source"),
        last_message: text(v, "last_assistant_message"),
    }
}

/// Cursor: `conversation_id` (or `session_id`), `workspace_roots`, and per
/// event either `tool_name`/`tool_input`, `command`/`cwd`, `file_path` or
/// `file_path`/`edits`.
fn cursor(v: &Value, shape: Shape) -> Payload {
    let cwd = text(v, "cwd").or_else(|| v.pointer("/workspace_roots/0").and_then(Value::as_str).map(String::from));
    let (tool_name, tool_input) = match shape {
        Shape::Shell => (Some("Shell".to_string()), Some(json!({"command": v.get("command"), "cwd": cwd}).to_string())),
        Shape::ReadFile => (Some("Read".to_string()), Some(json!({"file_path": v.get("file_path")}).to_string())),
        Shape::FileEdit => {
            let input = json!({"file_path": v.get("file_path"), "edits": v.get("edits")});
            (Some("Write".to_string()), Some(input.to_string()))
        }
        Shape::Generic => (text(v, "tool_name"), v.get("tool_input").map(json_text)),
    };
    let output = ["tool_output", "output", "result_json"].iter().find_map(|k| v.get(*k));
    Payload {
        session_id: text(v, "session_id").or_else(|| text(v, "conversation_id")),
        cwd,
        tool_name,
        tool_input,
        tool_output: output.map(json_text),
        prompt: text(v, "prompt"),
        transcript_path: text(v, "transcript_path"),
        source: text(v, "source"),
        last_message: text(v, "last_assistant_message"),
    }
}

/// OpenCode's plugin: `{input, output}` from `tool.execute.*` and
/// `chat.message`, `{event}` from session events, and with `session.idle` the
/// `transcript_path` it wrote the session's messages to and the
/// `last_assistant_message`. It sends no cwd: the plugin runs us in the
/// project folder.
fn opencode(v: &Value, kind: EventName) -> Payload {
    let at = |path: &str| v.pointer(path).and_then(Value::as_str).map(String::from);
    let prompt = (kind == EventName::UserPrompt).then(|| prompt_text(v.pointer("/output/parts"))).flatten();
    Payload {
        session_id: at("/input/sessionID")
            .or_else(|| at("/event/properties/sessionID"))
            .or_else(|| at("/event/properties/info/id")),
        tool_name: at("/input/tool"),
        tool_input: v.pointer("/output/args").or_else(|| v.pointer("/input/args")).map(json_text),
        tool_output: (kind == EventName::PostToolUse).then(|| v.pointer("/output/output").map(json_text)).flatten(),
        prompt,
        transcript_path: text(v, "transcript_path"),
        last_message: text(v, "last_assistant_message"),
        ..Payload::default()
    }
}

/// The text parts of an OpenCode message, joined.
fn prompt_text(parts: Option<&Value>) -> Option<String> {
    let parts = parts?.as_array()?;
    let texts: Vec<&str> = parts.iter().filter_map(|p| p.get("text").and_then(Value::as_str)).collect();
    (!texts.is_empty()).then(|| texts.join("\n"))
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(String::from)
}

/// A string as it is (it is already text, or already JSON text); anything else as JSON.
fn json_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(runtime: AgentRuntime, name: &str, text: &str) -> Result<Payload, PayloadError> {
        Payload::parse(text, runtime, Event::parse(name, runtime).unwrap())
    }

    #[test]
    fn claude_and_codex_tool_calls() {
        let p = parse(
            AgentRuntime::Codex,
            "PreToolUse",
            r#"{"session_id":"s","cwd":"/p","tool_name":"Bash","tool_input":{"command":"ls"},"extra":1}"#,
        )
        .unwrap();
        assert_eq!(p.session_id.as_deref(), Some("s"));
        assert_eq!(p.tool_input.as_deref(), Some(r#"{"command":"ls"}"#));
        let failed = parse(AgentRuntime::ClaudeCode, "PostToolUseFailure", r#"{"tool_name":"Bash","error":"Exit 3"}"#);
        assert_eq!(failed.unwrap().tool_output.as_deref(), Some("Exit 3"));
    }

    #[test]
    fn cursor_shell_and_read_events_name_their_tool() {
        let shell = parse(
            AgentRuntime::Cursor,
            "beforeShellExecution",
            r#"{"conversation_id":"c","workspace_roots":["/w"],"command":"rm -rf /"}"#,
        )
        .unwrap();
        assert_eq!((shell.tool_name.as_deref(), shell.session_id.as_deref()), (Some("Shell"), Some("c")));
        assert_eq!(shell.tool_input.as_deref(), Some(r#"{"command":"rm -rf /","cwd":"/w"}"#));
        let read = parse(AgentRuntime::Cursor, "beforeReadFile", r#"{"file_path":".env"}"#).unwrap();
        assert_eq!(read.tool_input.as_deref(), Some(r#"{"file_path":".env"}"#));
        let edit = parse(AgentRuntime::Cursor, "afterFileEdit", r#"{"file_path":"/w/a.rs","edits":[]}"#).unwrap();
        assert_eq!(edit.tool_name.as_deref(), Some("Write"));
        assert_eq!(edit.tool_input.as_deref(), Some(r#"{"file_path":"/w/a.rs","edits":[]}"#));
    }

    #[test]
    fn opencode_tool_and_session_events() {
        let before = r#"{"input":{"tool":"bash","sessionID":"ses"},"output":{"args":{"command":"ls"}}}"#;
        let p = parse(AgentRuntime::OpenCode, "pre-tool-use", before).unwrap();
        assert_eq!((p.tool_name.as_deref(), p.tool_input.as_deref()), (Some("bash"), Some(r#"{"command":"ls"}"#)));
        let idle = r#"{"event":{"type":"session.idle","properties":{"sessionID":"ses"}},
                       "transcript_path":"/p/.agents/cache/opencode/ses.jsonl","last_assistant_message":"done"}"#;
        let stop = parse(AgentRuntime::OpenCode, "stop", idle).unwrap();
        assert_eq!(stop.session_id.as_deref(), Some("ses"));
        assert_eq!(stop.transcript_path.as_deref(), Some("/p/.agents/cache/opencode/ses.jsonl"));
        assert_eq!(stop.last_message.as_deref(), Some("done"));
    }

    #[test]
    fn bad_payloads_are_errors() {
        assert!(matches!(parse(AgentRuntime::ClaudeCode, "Stop", "{oops"), Err(PayloadError::NotJson(_))));
        assert_eq!(parse(AgentRuntime::ClaudeCode, "Stop", "[1]"), Err(PayloadError::NotAnObject));
        assert_eq!(parse(AgentRuntime::ClaudeCode, "PreToolUse", r#"{"cwd":"/"}"#), Err(PayloadError::NoTool));
    }
}
