//! OpenCode sessions, as the compiled plugin writes them on `session.idle`:
//! `.agents/cache/opencode/<session>.jsonl`, one message per line, exactly
//! as OpenCode's `GET /session/{id}/message` returns it (`{info, parts}`).
//!
//! `info` carries `id`, `sessionID`, `role` (`user` or `assistant`) and, on
//! assistant messages, `path.cwd`. `parts` are typed: `text {text,
//! synthetic?}` (synthetic text is OpenCode's own, such as a file it
//! attached), `tool {callID, tool, state}` where `state` is `{status, input,
//! output?, error?, metadata?}` and holds the call and its result at once,
//! and `reasoning`, `step-start`, `step-finish`, `file`, `patch`, ... which
//! are skipped. A tool ends `completed` or `error`; a completed `bash` call
//! that exited non-zero says so in `metadata.exit`. A refused call ends in
//! `error` too, told apart by its text ([`REFUSALS`]): our plugin prefixes
//! the reason of a blocking hook (`guard` in `tool.execute.before`) with
//! `blocked by agentops:`.

use serde::Deserialize;

use super::transcript::{Event, EventKind, Meta, Outcome, ToolCall, ToolResult, is_harness_text};

/// One line: a message with its parts.
#[derive(Deserialize)]
struct Record {
    info: Info,
    #[serde(default)]
    parts: Vec<Part>,
}

#[derive(Deserialize)]
struct Info {
    role: String,
    #[serde(rename = "sessionID")]
    session: Option<String>,
    path: Option<Paths>,
}

#[derive(Deserialize)]
struct Paths {
    cwd: Option<String>,
}

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
enum Part {
    Text {
        text: String,
        #[serde(default)]
        synthetic: bool,
    },
    Tool {
        #[serde(rename = "callID")]
        call: String,
        tool: String,
        state: Box<State>,
    },
    /// `reasoning`, `step-start`, `file`, and whatever comes next.
    #[serde(other)]
    Other,
}

#[derive(Deserialize)]
struct State {
    status: String,
    #[serde(default)]
    input: serde_json::Value,
    output: Option<String>,
    error: Option<String>,
    metadata: Option<serde_json::Value>,
}

/// What a refused call's error says, rather than a failed one's: our
/// plugin's prefix when a hook blocked it, OpenCode's words when the user
/// rejected it or a permission rule denies it.
const REFUSALS: [&str; 3] =
    ["blocked by agentops:", "rejected permission to use this", "prevents you from using this specific tool call"];

/// Whether a record is an OpenCode message: `{info: {role, sessionID}, parts}`.
pub(crate) fn is_record(record: &serde_json::Value) -> bool {
    record.get("parts").is_some_and(serde_json::Value::is_array)
        && record.pointer("/info/sessionID").is_some()
        && record.pointer("/info/role").is_some()
}

/// Reads one OpenCode message into `out`.
pub(crate) fn parse_line(text: &str, line: usize, meta: &mut Meta, out: &mut Vec<Event>) -> Result<(), String> {
    let record: Record = serde_json::from_str(text).map_err(|e| e.to_string())?;
    if let Some(session) = record.info.session {
        meta.session = Some(session);
    }
    if let Some(cwd) = record.info.path.and_then(|p| p.cwd) {
        meta.cwd = Some(cwd);
    }
    let user = match record.info.role.as_str() {
        "user" => true,
        "assistant" => false,
        _ => return Ok(()),
    };
    let mut push = |kind| out.push(Event { line, kind });
    for part in record.parts {
        match part {
            Part::Text { synthetic: true, .. } => {}
            Part::Text { text, .. } if user && !is_harness_text(&text) => push(EventKind::UserText(text)),
            Part::Text { text, .. } if !user => push(EventKind::AssistantText(text)),
            Part::Tool { call, tool, state } if !user => {
                let State { status, input, output, error, metadata } = *state;
                push(EventKind::ToolCall(ToolCall { id: call.clone(), name: tool, input }));
                let (output, outcome) = match status.as_str() {
                    "completed" => {
                        let exit = metadata.as_ref().and_then(|m| m.get("exit")).and_then(|e| e.as_i64());
                        let outcome =
                            if exit.is_some_and(|code| code != 0) { Outcome::Failure } else { Outcome::Success };
                        (output.unwrap_or_default(), outcome)
                    }
                    "error" => {
                        let error = error.unwrap_or_default();
                        let lower = error.to_lowercase();
                        let refused = REFUSALS.iter().any(|r| lower.contains(r));
                        (error, if refused { Outcome::Denied } else { Outcome::Failure })
                    }
                    // Pending or running: the session stopped before it ended.
                    _ => continue,
                };
                push(EventKind::ToolResult(ToolResult { id: call, output, outcome }));
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forge::transcript::parse_record;

    fn tool(state: &str) -> String {
        format!(
            r#"{{"info":{{"role":"assistant","sessionID":"ses_1","path":{{"cwd":"/p","root":"/p"}}}},
                "parts":[{{"type":"step-start"}},{{"type":"tool","callID":"c1","tool":"bash","state":{state}}}]}}"#
        )
    }

    fn result(state: &str) -> (Outcome, String) {
        match parse_record(parse_line, &tool(state)).1.pop() {
            Some(EventKind::ToolResult(r)) => (r.outcome, r.output),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn reads_user_text_but_not_synthetic_parts() {
        let (meta, events) = parse_record(
            parse_line,
            r#"{"info":{"role":"user","sessionID":"ses_1"},"parts":[{"type":"text","text":"no, use pnpm"},
               {"type":"text","text":"Called the Read tool","synthetic":true},{"type":"file","url":"x"}]}"#,
        );
        assert_eq!(meta.session.as_deref(), Some("ses_1"));
        assert_eq!(events, [EventKind::UserText("no, use pnpm".into())]);
    }

    #[test]
    fn a_tool_part_is_a_call_and_its_result() {
        let (meta, events) = parse_record(
            parse_line,
            &tool(r#"{"status":"completed","input":{"command":"ls"},"output":"a\nb","metadata":{"exit":0}}"#),
        );
        assert_eq!(meta.cwd.as_deref(), Some("/p"));
        assert!(
            matches!(&events[0], EventKind::ToolCall(c) if c.id == "c1" && c.name == "bash" && c.input["command"] == "ls")
        );
        assert_eq!(
            events[1],
            EventKind::ToolResult(ToolResult { id: "c1".into(), output: "a\nb".into(), outcome: Outcome::Success })
        );
    }

    #[test]
    fn tells_failures_from_refusals() {
        let failed = r#"{"status":"completed","input":{"command":"cargo test"},"output":"error[E0425]","metadata":{"exit":101}}"#;
        assert_eq!(result(failed), (Outcome::Failure, "error[E0425]".into()));
        let broke = r#"{"status":"error","input":{"filePath":"a.rs"},"error":"File a.rs not found"}"#;
        assert_eq!(result(broke).0, Outcome::Failure);
        let guarded = r#"{"status":"error","input":{"command":"rm -rf ."},"error":"blocked by agentops: guard/recursive-delete: deletes the project"}"#;
        assert_eq!(result(guarded).0, Outcome::Denied);
        let rejected =
            r#"{"status":"error","input":{},"error":"The user rejected permission to use this specific tool call."}"#;
        assert_eq!(result(rejected).0, Outcome::Denied);
        // A call still running when the session stopped has no result yet.
        let (_, events) = parse_record(parse_line, &tool(r#"{"status":"running","input":{"command":"sleep 9"}}"#));
        assert!(matches!(events.as_slice(), [EventKind::ToolCall(_)]));
    }

    #[test]
    fn records_are_told_by_shape() {
        let record = serde_json::json!({"info": {"role": "user", "sessionID": "s"}, "parts": []});
        assert!(is_record(&record));
        assert!(!is_record(&serde_json::json!({"info": {"role": "user"}, "parts": []})));
        assert!(
            parse_line(r#"{"info":{"sessionID":"s"},"parts":[]}"#, 1, &mut Meta::default(), &mut Vec::new()).is_err()
        );
    }
}
