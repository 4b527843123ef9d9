//! The one small model every transcript format is read into, and the
//! streaming reader that produces it.
//!
//! A session is a sequence of [`Event`]s: what the user wrote, what the
//! assistant wrote, the tools it called and what they returned. Everything
//! else a runtime records (token counts, attachments, API request copies,
//! hook bookkeeping) is skipped, and so are record types this version does
//! not know, so a newer runtime adding one breaks nothing. A line that is
//! not valid JSON (a torn write, garbage) becomes a warning naming the file
//! and line and is skipped; only an unreadable or non-UTF-8 file stops the
//! read. Lines are parsed one at a time ([`Lines`]), so memory does not grow
//! with the transcript.

use std::collections::VecDeque;
use std::fmt;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::lines::Lines;
use super::{claude, codex, opencode};
use crate::error::FileError;

/// Which agent runtime wrote a transcript.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// Claude Code's session file (a hook's `transcript_path`).
    ClaudeCode,
    /// Codex CLI's rollout file (`~/.codex/sessions/**/rollout-*.jsonl`).
    Codex,
    /// An OpenCode session as the compiled plugin writes it
    /// (`.agents/cache/opencode/<session>.jsonl`).
    OpenCode,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::ClaudeCode, Format::Codex, Format::OpenCode];

    /// The name `--from` takes.
    pub fn name(self) -> &'static str {
        match self {
            Format::ClaudeCode => "claude-code",
            Format::Codex => "codex",
            Format::OpenCode => "opencode",
        }
    }

    /// The format a record belongs to, when its shape tells: Codex wraps
    /// every record as `{timestamp, type, payload}`, Claude Code stamps each
    /// with `sessionId` (or, in older files, carries a `message`), OpenCode
    /// writes `{info, parts}` messages.
    fn of_record(record: &serde_json::Value) -> Option<Format> {
        if opencode::is_record(record) {
            return Some(Format::OpenCode);
        }
        let kind = record.get("type")?.as_str()?;
        if record.get("payload").is_some() && codex::RECORD_TYPES.contains(&kind) {
            Some(Format::Codex)
        } else if record.get("sessionId").is_some() || record.get("message").is_some_and(|m| m.is_object()) {
            Some(Format::ClaudeCode)
        } else {
            None
        }
    }

    /// Reads one line of this format into `out`; `Err` says why the line is
    /// no record.
    fn parse_line(self, text: &str, line: usize, meta: &mut Meta, out: &mut Vec<Event>) -> Result<(), String> {
        match self {
            Format::ClaudeCode => claude::parse_line(text, line, meta, out),
            Format::Codex => codex::parse_line(text, line, meta, out),
            Format::OpenCode => opencode::parse_line(text, line, meta, out),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .into_iter()
            .find(|f| f.name() == s)
            .ok_or_else(|| format!("unknown transcript format `{s}` (expected claude-code, codex or opencode)"))
    }
}

/// What a transcript says about its session.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    pub session: Option<String>,
    /// The folder the agent worked in.
    pub cwd: Option<String>,
}

/// One thing that happened in a session, at a line of its transcript.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// The 1-based line it was read from.
    pub line: usize,
    pub kind: EventKind,
}

/// What happened.
#[derive(Debug, Clone, PartialEq)]
pub enum EventKind {
    /// Text the user typed (harness-injected context is left out).
    UserText(String),
    AssistantText(String),
    ToolCall(ToolCall),
    ToolResult(ToolResult),
}

/// A tool the assistant called.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolCall {
    /// Pairs the call with its result.
    pub id: String,
    pub name: String,
    /// The arguments as JSON (a string when the tool takes free text).
    pub input: serde_json::Value,
}

/// What a tool call returned.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolResult {
    /// The id of the call.
    pub id: String,
    pub output: String,
    pub outcome: Outcome,
}

/// How a tool call ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Success,
    /// The tool ran and failed (an error result, a non-zero exit code).
    Failure,
    /// A hook, a permission rule or the user refused to run it.
    Denied,
}

/// Whether `text` is context a runtime injected into the user's turn rather
/// than words the user typed: a block wrapped in a tag
/// (`<environment_context>`, `<system-reminder>`, `<command-name>`), an
/// interruption notice, or instruction files Codex replays.
pub(crate) fn is_harness_text(text: &str) -> bool {
    let text = text.trim_start();
    let tagged = text.strip_prefix('<').and_then(|rest| rest.split_once('>')).is_some_and(|(tag, _)| {
        !tag.is_empty() && tag.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    });
    tagged || text.starts_with("[Request interrupted") || text.starts_with("# AGENTS.md instructions")
}

/// The events of a transcript, read line by line.
///
/// Iterating yields events in file order; `Err` is fatal (the file cannot be
/// read or is not UTF-8, or its format cannot be told) and ends the
/// iteration. Skipped lines are collected as [`warnings`](Self::warnings).
#[derive(Debug)]
pub struct TranscriptReader<R> {
    lines: Lines<R>,
    path: PathBuf,
    format: Option<Format>,
    meta: Meta,
    pending: VecDeque<Event>,
    warnings: Vec<FileError>,
    /// Lines and bytes read that a later run need not read again.
    settled: (usize, u64),
    /// Whether a non-blank line was seen (for the "unknown format" error).
    saw_content: bool,
    done: bool,
}

impl<R: BufRead> TranscriptReader<R> {
    /// Reads `reader`, the content of the transcript at `path`, from its
    /// start; `format` is detected from the first record that tells when
    /// `None`.
    pub fn new(path: &Path, reader: R, format: Option<Format>) -> Self {
        Self::resume(path, reader, format, Meta::default(), (0, 0))
    }

    /// Reads on from `settled` (lines, bytes) of an earlier read, whose
    /// format and meta are known; `reader` is positioned at that byte.
    pub fn resume(path: &Path, reader: R, format: Option<Format>, meta: Meta, settled: (usize, u64)) -> Self {
        TranscriptReader {
            lines: Lines::new(path, reader, settled.0, settled.1),
            path: path.to_path_buf(),
            format,
            meta,
            pending: VecDeque::new(),
            warnings: Vec::new(),
            settled,
            saw_content: false,
            done: false,
        }
    }

    pub fn format(&self) -> Option<Format> {
        self.format
    }

    pub fn meta(&self) -> &Meta {
        &self.meta
    }

    /// Lines skipped so far, each located.
    pub fn warnings(&self) -> &[FileError] {
        &self.warnings
    }

    pub fn take_warnings(&mut self) -> Vec<FileError> {
        std::mem::take(&mut self.warnings)
    }

    /// (lines, bytes) read for good: everything but a final line that is
    /// not terminated and does not parse yet (a write in progress), which a
    /// resumed read starts with.
    pub fn settled(&self) -> (usize, u64) {
        self.settled
    }

    /// Reads lines until one yields events; `Ok(false)` at the end.
    fn fill(&mut self) -> Result<bool, FileError> {
        let mut events = Vec::new();
        while events.is_empty() {
            let Some(line) = self.lines.next_line()? else {
                if self.format.is_none() && self.saw_content {
                    return Err(FileError::new(
                        &self.path,
                        None,
                        "cannot tell whether this is a Claude Code, a Codex or an OpenCode transcript",
                        "pass --from claude-code, --from codex or --from opencode",
                    ));
                }
                return Ok(false);
            };
            let (number, end, terminated) = (line.number, line.end, line.terminated);
            let text = line.text.trim();
            if text.is_empty() {
                self.settled = (number, end);
                continue;
            }
            self.saw_content = true;
            let parsed = match self.format {
                Some(format) => format.parse_line(text, number, &mut self.meta, &mut events),
                None => detect(text).and_then(|format| match format {
                    Some(format) => {
                        self.format = Some(format);
                        format.parse_line(text, number, &mut self.meta, &mut events)
                    }
                    None => Ok(()),
                }),
            };
            match parsed {
                Ok(()) => self.settled = (number, end),
                // A torn last line may still be being written: report it,
                // and leave it for the next read.
                Err(message) if !terminated => self.warnings.push(torn(&self.path, number, &message)),
                Err(message) => {
                    self.warnings.push(invalid(&self.path, number, &message));
                    self.settled = (number, end);
                }
            }
        }
        self.pending.extend(events);
        Ok(true)
    }
}

impl<R: BufRead> Iterator for TranscriptReader<R> {
    type Item = Result<Event, FileError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(event) = self.pending.pop_front() {
            return Some(Ok(event));
        }
        if self.done {
            return None;
        }
        match self.fill() {
            Ok(true) => self.pending.pop_front().map(Ok),
            Ok(false) => {
                self.done = true;
                None
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

/// The format of a line, if it is a record that tells.
fn detect(text: &str) -> Result<Option<Format>, String> {
    let record: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    Ok(Format::of_record(&record))
}

/// A format's `parse_line` run on one record, read as line 7, for the
/// formats' unit tests.
#[cfg(test)]
pub(crate) fn parse_record(
    parse_line: fn(&str, usize, &mut Meta, &mut Vec<Event>) -> Result<(), String>,
    text: &str,
) -> (Meta, Vec<EventKind>) {
    let (mut meta, mut out) = (Meta::default(), Vec::new());
    parse_line(text, 7, &mut meta, &mut out).unwrap();
    assert!(out.iter().all(|e| e.line == 7));
    (meta, out.into_iter().map(|e| e.kind).collect())
}

fn invalid(path: &Path, line: usize, message: &str) -> FileError {
    FileError::new(path, Some(line), format!("skipped an invalid line: {message}"), "")
}

fn torn(path: &Path, line: usize, message: &str) -> FileError {
    FileError::new(path, Some(line), format!("the last line is incomplete ({message}); it is read again next time"), "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn harness_text_is_told_from_typed_text() {
        for harness in [
            "<environment_context>\n<cwd>/x</cwd>",
            "  <command-name>/clear</command-name>",
            "[Request interrupted by user]",
        ] {
            assert!(is_harness_text(harness), "{harness}");
        }
        for typed in ["no, use pnpm", "<3 thanks", "a <b> c", "< not a tag>"] {
            assert!(!is_harness_text(typed), "{typed}");
        }
    }

    #[test]
    fn formats_parse_by_name() {
        assert_eq!("codex".parse::<Format>(), Ok(Format::Codex));
        assert_eq!(Format::ClaudeCode.to_string(), "claude-code");
        assert_eq!("opencode".parse::<Format>(), Ok(Format::OpenCode));
        assert!("cursor".parse::<Format>().is_err());
    }

    #[test]
    fn detection_looks_at_the_record_shape() {
        let codex = r#"{"timestamp":"t","type":"event_msg","payload":{"type":"task_started"}}"#;
        let claude = r#"{"type":"queue-operation","sessionId":"s"}"#;
        assert_eq!(detect(codex), Ok(Some(Format::Codex)));
        assert_eq!(detect(claude), Ok(Some(Format::ClaudeCode)));
        let opencode = r#"{"info":{"id":"msg_1","sessionID":"ses_1","role":"user"},"parts":[]}"#;
        assert_eq!(detect(opencode), Ok(Some(Format::OpenCode)));
        assert_eq!(detect(r#"{"type":"other"}"#), Ok(None));
        assert!(detect("{").is_err());
    }
}
