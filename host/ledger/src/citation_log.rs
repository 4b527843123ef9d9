//! Reading `.agents/log/citations.jsonl` back: the evidence promotion and
//! the flywheel are computed from.
//!
//! The log is append-only and merged by git's `union` driver, so it can hold
//! lines in any order, duplicates from a merge, and hand-edited lines. Each
//! line that does not parse is reported with the file and line and skipped;
//! the rest of the log still counts. Order does not matter to any reader.

use serde::Deserialize;

use crate::citations::{CITATIONS_LOG, How};
use crate::error::{FileError, LedgerError};
use crate::store::Ledger;
use crate::time::Timestamp;

/// One line of the citation log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    pub ts: Timestamp,
    pub id: String,
    pub how: How,
    /// The agent session that cited the item, when it said.
    pub session: Option<String>,
}

/// A line as written by [`Ledger::cite`] and `inject`.
#[derive(Deserialize)]
struct Line {
    ts: String,
    id: String,
    how: How,
    #[serde(default)]
    session: Option<String>,
}

/// The parsed lines of a citation log and the lines that did not parse.
#[derive(Debug, Default)]
pub struct CitationLog {
    pub citations: Vec<Citation>,
    pub errors: Vec<FileError>,
}

impl Ledger {
    /// Every citation in the log; a missing log is an empty one.
    pub fn citations(&self) -> Result<CitationLog, LedgerError> {
        let path = self.dir().join(CITATIONS_LOG);
        match std::fs::read(&path) {
            Ok(bytes) => Ok(parse_log(&path, &bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(CitationLog::default()),
            Err(e) => Err(LedgerError::io(&path, e)),
        }
    }
}

/// Parses the bytes of a citation log; blank lines are skipped.
pub(crate) fn parse_log(path: &std::path::Path, bytes: &[u8]) -> CitationLog {
    let mut log = CitationLog::default();
    for (n, raw) in bytes.split(|b| *b == b'\n').enumerate() {
        if raw.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match parse_line(raw) {
            Ok(citation) => log.citations.push(citation),
            Err(message) => log.errors.push(FileError::new(
                path,
                Some(n + 1),
                message,
                "each line is {\"ts\",\"id\",\"how\",\"session\"}; fix or delete the line",
            )),
        }
    }
    log
}

fn parse_line(raw: &[u8]) -> Result<Citation, String> {
    let line: Line = serde_json::from_slice(raw).map_err(|e| format!("not a citation: {e}"))?;
    let ts = Timestamp::parse(&line.ts).ok_or_else(|| format!("`{}` is not an RFC 3339 timestamp", line.ts))?;
    Ok(Citation { ts, id: line.id, how: line.how, session: line.session })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_good_lines_and_locates_bad_ones() {
        let text = b"{\"ts\":\"2026-11-25T09:30:00Z\",\"id\":\"L-1\",\"how\":\"applied\",\"session\":\"s-1\"}\n\
            \n\
            {\"ts\":\"2026-11-25T09:30:00Z\",\"id\":\"L-1\",\"how\":\"liked\"}\n\
            {\"ts\":\"yesterday\",\"id\":\"L-1\",\"how\":\"retrieved\"}\n\
            {\"ts\":\"2026-11-26T00:00:00+01:00\",\"id\":\"L-2\",\"how\":\"retrieved\",\"session\":null}\n\
            {\"ts\":\"2026-11-25T09:3";
        let log = parse_log(std::path::Path::new("log/citations.jsonl"), text);
        assert_eq!(
            log.citations,
            [
                Citation {
                    ts: Timestamp::parse("2026-11-25T09:30:00Z").unwrap(),
                    id: "L-1".into(),
                    how: How::Applied,
                    session: Some("s-1".into()),
                },
                Citation {
                    ts: Timestamp::parse("2026-11-25T23:00:00Z").unwrap(),
                    id: "L-2".into(),
                    how: How::Retrieved,
                    session: None,
                },
            ]
        );
        let lines: Vec<Option<usize>> = log.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [Some(3), Some(4), Some(6)]);
        assert!(log.errors[1].to_string().starts_with("log/citations.jsonl:4: `yesterday`"), "{}", log.errors[1]);
    }
}
