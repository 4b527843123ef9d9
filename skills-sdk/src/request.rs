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
