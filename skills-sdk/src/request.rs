//! Reading requests: arguments, input, skill configuration and tool calls.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::{EventKind, Request, SkillError, invalid_input};

/// A tool call the agent is about to make (or has made), from a hook event or
/// from an input document `{"tool_name": ..., "tool_input": {...}}`.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolCall {
    pub tool_name: String,
    pub tool_input: Value,
}

impl Request {
    /// A request with nothing in it but an input document; handy in unit tests.
    pub fn with_input(input: impl Into<String>) -> Self {
        Request { args: Vec::new(), input: Some(input.into()), event: None, config: "{}".into() }
    }

    /// The value of the last `--arg key=value` given for `key`.
    pub fn arg(&self, key: &str) -> Option<&str> {
        self.args.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// The `[config]` table of the skill's skill.toml, deserialized.
    pub fn config<T: DeserializeOwned>(&self) -> Result<T, SkillError> {
        serde_json::from_str(&self.config).map_err(|e| invalid_input(format!("the [config] table of skill.toml: {e}")))
    }

    /// The input document parsed as JSON.
    pub fn input_json<T: DeserializeOwned>(&self) -> Result<T, SkillError> {
        let input =
            self.input.as_deref().ok_or_else(|| invalid_input("this skill needs an input document (--input FILE)"))?;
        serde_json::from_str(input).map_err(|e| invalid_input(format!("the input is not the JSON expected: {e}")))
    }

    /// The tool call this request is about: the hook event's tool when run from
    /// a before/after-tool hook, else the input document.
    pub fn tool_call(&self) -> Result<ToolCall, SkillError> {
        if let Some(event) = &self.event
            && matches!(event.kind, EventKind::PreToolUse | EventKind::PostToolUse)
        {
            let tool_name =
                event.tool_name.clone().ok_or_else(|| invalid_input("the tool event carries no tool name"))?;
            let tool_input = match event.tool_input.as_deref() {
                Some(text) => {
                    serde_json::from_str(text).map_err(|e| invalid_input(format!("the tool input is not JSON: {e}")))?
                }
                None => Value::Null,
            };
            return Ok(ToolCall { tool_name, tool_input });
        }
        #[derive(serde::Deserialize)]
        struct Wire {
            tool_name: String,
            #[serde(default)]
            tool_input: Value,
        }
        let wire: Wire = self.input_json().map_err(|e| match e {
            SkillError::InvalidInput(m) => invalid_input(format!(
                "{m}; expected a tool call like {{\"tool_name\": \"Bash\", \"tool_input\": {{\"command\": \"ls\"}}}}"
            )),
            other => other,
        })?;
        Ok(ToolCall { tool_name: wire.tool_name, tool_input: wire.tool_input })
    }
}

impl ToolCall {
    /// A string field of the tool input, e.g. `command` or `file_path`.
    pub fn input_str(&self, field: &str) -> Option<&str> {
        self.tool_input.get(field).and_then(Value::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::HookEvent;

    #[test]
    fn the_last_arg_wins() {
        let mut r = Request::with_input("");
        r.args = vec![("k".into(), "1".into()), ("k".into(), "2".into())];
        assert_eq!(r.arg("k"), Some("2"));
        assert_eq!(r.arg("missing"), None);
    }

    #[test]
    fn tool_calls_come_from_the_input_or_the_event() {
        let r = Request::with_input(r#"{"tool_name":"Bash","tool_input":{"command":"ls"}}"#);
        let call = r.tool_call().unwrap();
        assert_eq!((call.tool_name.as_str(), call.input_str("command")), ("Bash", Some("ls")));

        let mut r = Request::with_input("ignored");
        r.event = Some(HookEvent {
            kind: EventKind::PreToolUse,
            runtime: "claude-code".into(),
            tool_name: Some("Read".into()),
            tool_input: Some(r#"{"file_path":"a.rs"}"#.into()),
            tool_output: None,
            prompt: None,
            session_id: None,
            transcript_path: None,
            cwd: "/p".into(),
        });
        assert_eq!(r.tool_call().unwrap().input_str("file_path"), Some("a.rs"));
    }

    #[test]
    fn malformed_input_says_what_was_expected() {
        let err = Request::with_input("nope").tool_call().unwrap_err();
        assert!(matches!(err, SkillError::InvalidInput(m) if m.contains("tool_name")));
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Config {
            level: u8,
        }
        let mut r = Request::with_input("");
        r.config = r#"{"level": "high"}"#.into();
        assert!(matches!(r.config::<Config>(), Err(SkillError::InvalidInput(m)) if m.contains("skill.toml")));
    }
}
