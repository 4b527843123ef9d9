//! Ledger ids an assistant mentions: `<K>-<YYYYMMDD>-<8 hex>` (see
//! `ids.rs`), `K` one of the kinds' letters, standing alone (not inside a
//! longer word or hex run); and which of them a session already applied.
//!
//! A mention of an existing item is an `applied` citation, recorded once per
//! session and id: the citation log itself says what was recorded, so a
//! second run over the same (or a grown) transcript cites nothing twice,
//! whether or not a cursor survived.

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::path::Path;

use serde::Deserialize;

use crate::citations::How;
use crate::error::LedgerError;
use crate::item::Kind;

/// The length of a derived id: `L-20261125-3fa2b1c9`.
const ID_LEN: usize = 19;

/// The ids in `text`, in order of first mention, each once.
pub(crate) fn cited_ids(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    let mut out: Vec<String> = Vec::new();
    for (i, &b) in bytes.iter().enumerate() {
        if b != b'-' || i == 0 {
            continue;
        }
        let start = i - 1;
        let Some(candidate) = bytes.get(start..start + ID_LEN) else { continue };
        let before = start.checked_sub(1).map(|j| bytes[j]);
        let after = bytes.get(start + ID_LEN).copied();
        let standalone = !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == b'-')
            && !after.is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_');
        if standalone && is_id(candidate) {
            // The candidate is ASCII, so this is a char boundary.
            let id = &text[start..start + ID_LEN];
            if !out.iter().any(|seen| seen == id) {
                out.push(id.to_string());
            }
        }
    }
    out
}

/// One line of the citation log, as far as it matters here.
#[derive(Deserialize)]
struct Logged {
    id: String,
    how: How,
    session: Option<String>,
}

/// The (session, id) pairs of `sessions` already cited as `applied` in the
/// citation log at `log` (missing: none). Lines that do not parse are
/// skipped: the log is merged by git, and a torn line must not stop a run.
pub(crate) fn applied(log: &Path, sessions: &HashSet<&str>) -> Result<HashSet<(String, String)>, LedgerError> {
    let file = match std::fs::File::open(log) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(HashSet::new()),
        Err(e) => return Err(LedgerError::io(log, e)),
    };
    let mut pairs = HashSet::new();
    for line in BufReader::new(file).split(b'\n') {
        let line = line.map_err(|e| LedgerError::io(log, e))?;
        let Ok(logged) = serde_json::from_slice::<Logged>(&line) else { continue };
        if let (How::Applied, Some(session)) = (logged.how, logged.session)
            && sessions.contains(session.as_str())
        {
            pairs.insert((session, logged.id));
        }
    }
    Ok(pairs)
}

fn is_id(b: &[u8]) -> bool {
    Kind::ALL.iter().any(|k| k.prefix() as u8 == b[0])
        && b[1] == b'-'
        && b[2..10].iter().all(u8::is_ascii_digit)
        && b[10] == b'-'
        && b[11..].iter().all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_standalone_ids_once_each() {
        let text = "Applied L-20261125-3fa2b1c9 and (R-20260101-00000000); again L-20261125-3fa2b1c9. \
                    Not XL-20261125-3fa2b1c9, L-20261125-3fa2b1c9f, L-2026112-3fa2b1c9, Q-20261125-3fa2b1c9, \
                    L-20261125-3FA2B1C9. Also `P-20261231-abcdef01`.";
        assert_eq!(cited_ids(text), ["L-20261125-3fa2b1c9", "R-20260101-00000000", "P-20261231-abcdef01"]);
        assert!(cited_ids("é-").is_empty() && cited_ids("").is_empty());
    }

    #[test]
    fn applied_pairs_come_from_the_log() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("citations.jsonl");
        let sessions: HashSet<&str> = ["s1"].into();
        assert!(applied(&log, &sessions).unwrap().is_empty(), "no log yet");
        std::fs::write(
            &log,
            "{\"id\":\"L-1\",\"how\":\"applied\",\"session\":\"s1\"}\n{\"torn\n\
             {\"id\":\"L-2\",\"how\":\"retrieved\",\"session\":\"s1\"}\n\
             {\"id\":\"L-3\",\"how\":\"applied\",\"session\":\"s2\"}\n",
        )
        .unwrap();
        assert_eq!(applied(&log, &sessions).unwrap(), [("s1".to_string(), "L-1".to_string())].into());
    }
}
