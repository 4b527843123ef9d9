//! Claude Code session files: the JSONL a hook's `transcript_path` names.
//!
//! Every record carries `type`, `sessionId` and (for conversation records)
//! `cwd`. Only `user` and `assistant` records are read; the many others
//! (`attachment`, `api-request`, `queue-operation`, `system`, `summary`,
//! `cost-state`, ...) are skipped. `message.content` is a string or a list of
//! blocks: `text`, `tool_use {id, name, input}` in assistant records,
//! `tool_result {tool_use_id, content, is_error}` in user records, whose
//! `content` is a string or a list of `text` blocks. A result refused by a
//! hook or a permission rule is marked on its record (`toolDenialKind`,
//! `permissionDecision.decision = "reject"`); `isMeta` user records and
//! compaction summaries are the runtime's words, not the user's.
//!
//! Each line is scanned once for its head (type, session, cwd); only
//! conversation records are parsed further, so the large records of other
//! types cost one pass of the JSON scanner and no allocation.

use serde::Deserialize;
use serde::de::IgnoredAny;

use super::transcript::{Event, EventKind, Meta, Outcome, ToolCall, ToolResult, is_harness_text};

/// The fields every record may have.
#[derive(Deserialize)]
struct Head {
    #[serde(rename = "type")]
    kind: Option<String>,
    #[serde(rename = "sessionId")]
    session: Option<String>,
    cwd: Option<String>,
}

/// A `user` or `assistant` record.
#[derive(Deserialize)]
struct Conversation {
    message: Message,
    #[serde(rename = "isMeta", default)]
    is_meta: bool,
    #[serde(rename = "isCompactSummary", default)]
    is_compact_summary: bool,
    #[serde(rename = "toolDenialKind")]
    denial: Option<IgnoredAny>,
    #[serde(rename = "permissionDecision")]
    permission: Option<Permission>,
}

#[derive(Deserialize)]
struct Message {
    content: Content,
}

#[derive(Deserialize)]
struct Permission {
    decision: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Content {
    Text(String),
    Blocks(Vec<Block>),
}

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Block {
    Text {
        text: String,
    },
    ToolUse {
        id: String,
        name: String,
        #[serde(default)]
        input: serde_json::Value,
    },
    ToolResult {
        tool_use_id: String,
        #[serde(default)]
        content: Option<ResultContent>,
        #[serde(default)]
        is_error: Option<bool>,
    },
    /// `thinking`, `image`, and whatever comes next.
    #[serde(other)]
    Other,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum ResultContent {
    Text(String),
    Parts(Vec<Part>),
}

#[derive(Deserialize)]
struct Part {
    #[serde(default)]
    text: Option<String>,
}

/// What older versions write as the result of a call the user refused.
const REFUSED: &str = "The user doesn't want to proceed with this tool use";

/// Reads one Claude Code record into `out`.
pub(crate) fn parse_line(text: &str, line: usize, meta: &mut Meta, out: &mut Vec<Event>) -> Result<(), String> {
    let head: Head = serde_json::from_str(text).map_err(|e| e.to_string())?;
    if let Some(session) = head.session {
        meta.session = Some(session);
    }
    if let Some(cwd) = head.cwd {
        meta.cwd = Some(cwd);
    }
    let user = match head.kind.as_deref() {
        Some("user") => true,
        Some("assistant") => false,
        _ => return Ok(()),
    };
    let record: Conversation = serde_json::from_str(text).map_err(|e| e.to_string())?;
    if record.is_meta || record.is_compact_summary {
        return Ok(());
    }
    let denied = record.denial.is_some() || record.permission.and_then(|p| p.decision).as_deref() == Some("reject");
    let mut push = |kind| out.push(Event { line, kind });
    let blocks = match record.message.content {
        Content::Text(text) => vec![Block::Text { text }],
        Content::Blocks(blocks) => blocks,
    };
    for block in blocks {
        match block {
            Block::Text { text } if user && !is_harness_text(&text) => push(EventKind::UserText(text)),
            Block::Text { text } if !user => push(EventKind::AssistantText(text)),
            Block::ToolUse { id, name, input } if !user => push(EventKind::ToolCall(ToolCall { id, name, input })),
            Block::ToolResult { tool_use_id, content, is_error } if user => {
                let output = match content {
                    None => String::new(),
                    Some(ResultContent::Text(text)) => text,
                    Some(ResultContent::Parts(parts)) => {
                        parts.into_iter().filter_map(|p| p.text).collect::<Vec<_>>().join("\n")
                    }
                };
                let outcome = match is_error {
                    Some(true) if denied || output.starts_with(REFUSED) => Outcome::Denied,
                    Some(true) => Outcome::Failure,
                    _ => Outcome::Success,
                };
                push(EventKind::ToolResult(ToolResult { id: tool_use_id, output, outcome }));
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

    fn parse(text: &str) -> (Meta, Vec<EventKind>) {
        parse_record(parse_line, text)
    }

    #[test]
    fn reads_user_text_and_session() {
        let (meta, events) =
            parse(r#"{"type":"user","sessionId":"s1","cwd":"/p","message":{"role":"user","content":"no, use pnpm"}}"#);
        assert_eq!(meta, Meta { session: Some("s1".into()), cwd: Some("/p".into()) });
        assert_eq!(events, [EventKind::UserText("no, use pnpm".into())]);
    }

    #[test]
    fn reads_assistant_blocks() {
        let (_, events) = parse(
            r#"{"type":"assistant","message":{"content":[{"type":"thinking","thinking":"x"},{"type":"text","text":"ok"},
               {"type":"tool_use","id":"t1","name":"Bash","input":{"command":"ls"}}]}}"#,
        );
        assert_eq!(events.len(), 2);
        assert_eq!(events[0], EventKind::AssistantText("ok".into()));
        assert!(matches!(&events[1], EventKind::ToolCall(c) if c.id == "t1" && c.input["command"] == "ls"));
    }

    #[test]
    fn tells_failures_from_denials() {
        let result = |extra: &str, content: &str| {
            let line = format!(
                r#"{{"type":"user",{extra}"message":{{"content":[{{"type":"tool_result","tool_use_id":"t","content":{content},"is_error":true}}]}}}}"#
            );
            match parse(&line).1.pop() {
                Some(EventKind::ToolResult(r)) => (r.outcome, r.output),
                other => panic!("{other:?}"),
            }
        };
        assert_eq!(result("", r#""Exit code 3\noops""#), (Outcome::Failure, "Exit code 3\noops".into()));
        assert_eq!(result(r#""toolDenialKind":"permission-rule","#, r#""blocked""#).0, Outcome::Denied);
        assert_eq!(result(r#""permissionDecision":{"decision":"reject"},"#, r#""no""#).0, Outcome::Denied);
        assert_eq!(result("", r#"[{"type":"text","text":"a"},{"type":"image"},{"type":"text","text":"b"}]"#).1, "a\nb");
    }

    #[test]
    fn skips_meta_records_and_other_types() {
        assert!(parse(r#"{"type":"user","isMeta":true,"message":{"content":"Caveat"}}"#).1.is_empty());
        assert!(parse(r#"{"type":"user","message":{"content":"<command-name>/clear</command-name>"}}"#).1.is_empty());
        assert!(
            parse(r#"{"type":"api-request-blob","message":{"content":[{"type":"text","text":"lesson"}]}}"#)
                .1
                .is_empty()
        );
        let mut out = Vec::new();
        assert!(parse_line(r#"{"type":"user","message":{}}"#, 1, &mut Meta::default(), &mut out).is_err());
    }
}
