//! Codex CLI rollout files: `~/.codex/sessions/YYYY/MM/DD/rollout-*.jsonl`.
//!
//! Every line is `{timestamp, type, payload}`. `session_meta` gives the
//! session id and cwd (`turn_context` may move the cwd); `response_item`
//! payloads are the conversation, as the Responses API items of
//! `codex-rs/protocol/src/models.rs`: `message` (role `user`, `assistant`,
//! or `developer`; content items `input_text`/`output_text`),
//! `function_call {name, arguments (a JSON string), call_id}`,
//! `custom_tool_call {name, input, call_id}` (free-form tools such as
//! `apply_patch`), `local_shell_call {call_id, action.command}`, and
//! `function_call_output` / `custom_tool_call_output {call_id, output}`,
//! whose output is a string or a list of `input_text` items. `event_msg`
//! records repeat the conversation for the UI and are skipped, as are
//! `reasoning` items and types this version does not know.
//!
//! Codex records no error flag on a tool output; the outcome is read from its
//! text ([`outcome_of`]): the exit code the exec tools report, the legacy
//! JSON form `{"output", "metadata": {"exit_code"}}`, or a hook's refusal.

use serde::Deserialize;

use super::transcript::{Event, EventKind, Meta, Outcome, ToolCall, ToolResult, is_harness_text};

/// The record types of a rollout file, for format detection.
pub(crate) const RECORD_TYPES: [&str; 5] = ["session_meta", "response_item", "event_msg", "turn_context", "compacted"];

#[derive(Deserialize)]
struct Head {
    #[serde(rename = "type")]
    kind: String,
}

#[derive(Deserialize)]
struct Record<T> {
    payload: T,
}

/// `session_meta` and `turn_context` payloads, as far as they matter here.
#[derive(Deserialize)]
struct Context {
    id: Option<String>,
    cwd: Option<String>,
}

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Item {
    Message {
        role: String,
        content: Vec<ContentItem>,
    },
    FunctionCall {
        name: String,
        arguments: String,
        call_id: String,
    },
    CustomToolCall {
        name: String,
        input: String,
        call_id: String,
    },
    LocalShellCall {
        call_id: Option<String>,
        action: serde_json::Value,
    },
    FunctionCallOutput {
        call_id: String,
        output: Output,
    },
    CustomToolCallOutput {
        call_id: String,
        output: Output,
    },
    /// `reasoning`, `web_search_call`, and whatever comes next.
    #[serde(other)]
    Other,
}

#[derive(Deserialize)]
struct ContentItem {
    #[serde(default)]
    text: Option<String>,
}

/// A tool output: plain text or content items.
#[derive(Deserialize)]
#[serde(untagged)]
enum Output {
    Text(String),
    Items(Vec<ContentItem>),
}

/// The legacy JSON text of an exec output.
#[derive(Deserialize)]
struct ExecOutput {
    output: String,
    metadata: ExecMetadata,
}

#[derive(Deserialize)]
struct ExecMetadata {
    exit_code: i64,
}

/// Reads one Codex record into `out`.
pub(crate) fn parse_line(text: &str, line: usize, meta: &mut Meta, out: &mut Vec<Event>) -> Result<(), String> {
    let head: Head = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let parse_err = |e: serde_json::Error| e.to_string();
    match head.kind.as_str() {
        "session_meta" | "turn_context" => {
            let context = serde_json::from_str::<Record<Context>>(text).map_err(parse_err)?.payload;
            if head.kind == "session_meta" {
                meta.session = context.id.or(meta.session.take());
            }
            meta.cwd = context.cwd.or(meta.cwd.take());
        }
        "response_item" => {
            let item = serde_json::from_str::<Record<Item>>(text).map_err(parse_err)?.payload;
            if let Some(kind) = event_of(item) {
                out.push(Event { line, kind });
            }
        }
        _ => {}
    }
    Ok(())
}

fn event_of(item: Item) -> Option<EventKind> {
    Some(match item {
        Item::Message { role, content } => {
            let text = content.into_iter().filter_map(|c| c.text).collect::<Vec<_>>().join("\n");
            match role.as_str() {
                "user" if !is_harness_text(&text) && !text.trim().is_empty() => EventKind::UserText(text),
                "assistant" if !text.trim().is_empty() => EventKind::AssistantText(text),
                _ => return None,
            }
        }
        Item::FunctionCall { name, arguments, call_id } => {
            let input = serde_json::from_str(&arguments).unwrap_or(serde_json::Value::String(arguments));
            EventKind::ToolCall(ToolCall { id: call_id, name, input })
        }
        Item::CustomToolCall { name, input, call_id } => {
            EventKind::ToolCall(ToolCall { id: call_id, name, input: serde_json::Value::String(input) })
        }
        Item::LocalShellCall { call_id, action } => {
            EventKind::ToolCall(ToolCall { id: call_id?, name: "local_shell".into(), input: action })
        }
        Item::FunctionCallOutput { call_id, output } | Item::CustomToolCallOutput { call_id, output } => {
            let text = match output {
                Output::Text(text) => text,
                Output::Items(items) => items.into_iter().filter_map(|c| c.text).collect::<Vec<_>>().join("\n"),
            };
            let (output, outcome) = outcome_of(text);
            EventKind::ToolResult(ToolResult { id: call_id, output, outcome })
        }
        Item::Other => return None,
    })
}

/// The outcome of a tool output's text, and the text to keep (the inner
/// output of the legacy JSON form).
fn outcome_of(text: String) -> (String, Outcome) {
    if text.starts_with("Command blocked by") || text.contains("rejected by user") {
        return (text, Outcome::Denied);
    }
    if let Ok(exec) = serde_json::from_str::<ExecOutput>(&text) {
        let outcome = if exec.metadata.exit_code == 0 { Outcome::Success } else { Outcome::Failure };
        return (exec.output, outcome);
    }
    let exit_code = text.lines().find_map(|l| {
        let l = l.trim();
        l.strip_prefix("Process exited with code ")
            .or_else(|| l.strip_prefix("Exit code: "))?
            .trim()
            .parse::<i64>()
            .ok()
    });
    let outcome = if exit_code.is_some_and(|c| c != 0) { Outcome::Failure } else { Outcome::Success };
    (text, outcome)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str, meta: &mut Meta) -> Vec<EventKind> {
        let mut out = Vec::new();
        parse_line(text, 3, meta, &mut out).unwrap();
        out.into_iter().map(|e| e.kind).collect()
    }

    #[test]
    fn reads_meta_and_messages() {
        let mut meta = Meta::default();
        parse(
            r#"{"timestamp":"t","type":"session_meta","payload":{"id":"s9","cwd":"/p","base_instructions":{}}}"#,
            &mut meta,
        );
        assert_eq!(meta, Meta { session: Some("s9".into()), cwd: Some("/p".into()) });
        let msg = |role: &str, text: &str| {
            format!(
                r#"{{"type":"response_item","payload":{{"type":"message","role":"{role}","content":[{{"type":"input_text","text":"{text}"}}]}}}}"#
            )
        };
        assert_eq!(parse(&msg("user", "don't push"), &mut meta), [EventKind::UserText("don't push".into())]);
        assert!(parse(&msg("user", "<environment_context>x</environment_context>"), &mut meta).is_empty());
        assert!(parse(&msg("developer", "rules"), &mut meta).is_empty());
        assert_eq!(parse(&msg("assistant", "done"), &mut meta), [EventKind::AssistantText("done".into())]);
    }

    #[test]
    fn reads_calls_with_their_arguments() {
        let mut meta = Meta::default();
        let call = parse(
            r#"{"type":"response_item","payload":{"type":"function_call","name":"exec_command","arguments":"{\"cmd\": \"ls\"}","call_id":"c1"}}"#,
            &mut meta,
        );
        assert!(matches!(&call[..], [EventKind::ToolCall(c)] if c.id == "c1" && c.input["cmd"] == "ls"));
        let patch = parse(
            r#"{"type":"response_item","payload":{"type":"custom_tool_call","name":"apply_patch","input":"*** Begin Patch","call_id":"c2"}}"#,
            &mut meta,
        );
        assert!(matches!(&patch[..], [EventKind::ToolCall(c)] if c.input == "*** Begin Patch"));
    }

    #[test]
    fn reads_outcomes_from_output_text() {
        let outcome = |text: &str| outcome_of(text.to_string()).1;
        assert_eq!(outcome("Chunk ID: 1\nProcess exited with code 0\nOutput:\n"), Outcome::Success);
        assert_eq!(outcome("Process exited with code 2\nOutput:\nerror: x"), Outcome::Failure);
        assert_eq!(outcome("Exit code: 1\nWall time: 0.1 seconds\nOutput:\nboom"), Outcome::Failure);
        assert_eq!(outcome("Command blocked by PreToolUse hook: no. Command: rm"), Outcome::Denied);
        assert_eq!(
            outcome_of(r#"{"output":"boom\n","metadata":{"exit_code":101}}"#.into()),
            ("boom\n".into(), Outcome::Failure)
        );
        assert_eq!(outcome("file contents"), Outcome::Success);
    }

    #[test]
    fn skips_events_reasoning_and_unknown_items() {
        let mut meta = Meta::default();
        assert!(
            parse(r#"{"type":"event_msg","payload":{"type":"agent_message","message":"lesson"}}"#, &mut meta)
                .is_empty()
        );
        assert!(parse(r#"{"type":"response_item","payload":{"type":"reasoning","summary":[]}}"#, &mut meta).is_empty());
        assert!(parse(r#"{"type":"response_item","payload":{"type":"hologram"}}"#, &mut meta).is_empty());
        assert!(
            parse_line(r#"{"type":"response_item","payload":{"type":"function_call"}}"#, 1, &mut meta, &mut Vec::new())
                .is_err()
        );
    }
}
