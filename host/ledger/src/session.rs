//! Per-session state: the ids already injected into one agent session, so
//! resume, clear and compact (which keep the session id) never inject the
//! same item twice; the path scopes of those items, so an edit the session
//! makes can be matched to them without reading the ledger; and the items
//! already cited `applied` by the session, so each is cited once.
//!
//! Stored as `.agents/cache/sessions/<id>.json` (`{"injected": [ids],
//! "scopes": {id: [globs]}, "applied": [ids]}`, sorted; the last two only
//! when non-empty), written atomically; the caller holds the session's lock
//! across read, selection and write, so two hooks of one session cannot both
//! inject, or both cite, an item.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::atomic::write_atomic;
use crate::citations::How;
use crate::error::LedgerError;
use crate::filter::path_matches;
use crate::ids::is_valid_id;
use crate::store::Ledger;
use crate::time::Timestamp;

/// What one session has received and used.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionState {
    pub injected: BTreeSet<String>,
    /// The `paths` globs of each injected item that has any.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub scopes: BTreeMap<String, Vec<String>>,
    /// Injected items the session has been cited as applying.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub applied: BTreeSet<String>,
}

impl SessionState {
    /// The injected items, not yet applied, whose scope covers one of
    /// `paths` (project-relative).
    pub fn touched(&self, paths: &[String]) -> Vec<String> {
        self.scopes
            .iter()
            .filter(|(id, globs)| {
                !self.applied.contains(*id) && globs.iter().any(|glob| paths.iter().any(|p| path_matches(glob, p)))
            })
            .map(|(id, _)| id.clone())
            .collect()
    }
}

impl Ledger {
    /// Where the state of session `id` lives; ids are checked to be plain
    /// file names (`A-Z a-z 0-9 - _ .`, as agent session ids are).
    pub(crate) fn session_path(&self, id: &str) -> Result<PathBuf, LedgerError> {
        if !is_valid_id(id) {
            return Err(LedgerError::Conflict {
                message: format!("`{id}` is not a usable session id"),
                hint: "use letters, digits, `-`, `_` and `.`, starting with a letter or digit".into(),
            });
        }
        Ok(self.dir().join("cache/sessions").join(format!("{id}.json")))
    }

    /// The session's state; a missing or unreadable file is a new session.
    pub(crate) fn read_session(&self, id: &str) -> Result<SessionState, LedgerError> {
        let path = self.session_path(id)?;
        Ok(std::fs::read(&path).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default())
    }

    pub(crate) fn write_session(&self, id: &str, state: &SessionState) -> Result<(), LedgerError> {
        let path = self.session_path(id)?;
        let dir = path.parent().expect("sessions folder");
        std::fs::create_dir_all(dir).map_err(|e| LedgerError::io(dir, e))?;
        let json = serde_json::to_vec(state).expect("a set of strings serializes");
        write_atomic(&path, &json)
    }

    /// Cites `applied` each item injected into `session` whose path scope
    /// covers one of `paths` (project-relative files the session changed),
    /// once per session and item; returns the ids cited.
    ///
    /// Runs after every tool call, so the common case is cheap: it reads the
    /// session's own state and nothing else, and takes the session's lock only
    /// when an item matches. The state is written before the citations, so a
    /// crash in between loses a citation rather than doubling one; an item
    /// deleted since it was injected is skipped.
    pub fn apply_touched(&self, session: &str, paths: &[String], now: Timestamp) -> Result<Vec<String>, LedgerError> {
        if paths.is_empty() || self.read_session(session)?.touched(paths).is_empty() {
            return Ok(Vec::new());
        }
        let _lock = self.lock(&format!("session-{session}"))?;
        let mut state = self.read_session(session)?;
        let touched = state.touched(paths);
        if touched.is_empty() {
            return Ok(touched);
        }
        state.applied.extend(touched.iter().cloned());
        self.write_session(session, &state)?;
        let mut cited = Vec::with_capacity(touched.len());
        for id in touched {
            match self.cite(&id, How::Applied, Some(session), now) {
                Ok(_) => cited.push(id),
                Err(LedgerError::NotFound { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(cited)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(scopes: &[(&str, &[&str])], applied: &[&str]) -> SessionState {
        SessionState {
            injected: scopes.iter().map(|(id, _)| id.to_string()).collect(),
            scopes: scopes.iter().map(|(id, g)| (id.to_string(), g.iter().map(|s| s.to_string()).collect())).collect(),
            applied: applied.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn touched_items_are_scoped_to_a_path_and_not_yet_applied() {
        let s = state(&[("L-src", &["src/**"]), ("L-docs", &["docs/*.md"]), ("L-done", &["src/**"])], &["L-done"]);
        assert_eq!(s.touched(&["src/a/b.rs".into()]), ["L-src"]);
        assert_eq!(s.touched(&["README.md".into(), "docs/x.md".into()]), ["L-docs"]);
        assert!(s.touched(&["docs/deep/x.md".into()]).is_empty(), "`*` stays within a folder");
        assert!(s.touched(&[]).is_empty());
    }

    #[test]
    fn an_injected_items_scope_is_cited_applied_once_per_session() {
        use crate::inject::InjectRequest;
        use crate::rank::Query;
        let tmp = tempfile::tempdir().unwrap();
        Ledger::init(tmp.path()).unwrap();
        let ledger = Ledger::open(tmp.path()).unwrap();
        let item = |id: &str, paths: &str| {
            format!(
                "---\nid: {id}\nkind: learning\ntitle: {id}\npaths: {paths}\ncreated: 2026-11-01T00:00:00Z\n---\n{}\n",
                id.repeat(3)
            )
        };
        std::fs::write(tmp.path().join(".agents/learnings/L-src.md"), item("L-src", "[\"src/**\"]")).unwrap();
        std::fs::write(tmp.path().join(".agents/learnings/L-any.md"), item("L-any", "[]")).unwrap();
        let now = Timestamp::parse("2026-11-25T00:00:00Z").unwrap();
        let edit = ["src/lib.rs".to_string()];
        assert!(ledger.apply_touched("s1", &edit, now).unwrap().is_empty(), "nothing injected yet");
        let request = InjectRequest { query: Query::default(), max_tokens: 1500, session: Some("s1") };
        assert_eq!(ledger.inject(&request, now).unwrap().hits.len(), 2);
        assert_eq!(ledger.read_session("s1").unwrap().scopes.keys().collect::<Vec<_>>(), ["L-src"]);
        assert!(ledger.apply_touched("s1", &["docs/x.md".into()], now).unwrap().is_empty());
        assert_eq!(ledger.apply_touched("s1", &edit, now).unwrap(), ["L-src"]);
        assert!(ledger.apply_touched("s1", &edit, now).unwrap().is_empty(), "once per session");
        assert!(ledger.apply_touched("s2", &edit, now).unwrap().is_empty(), "not injected into s2");
        let item = ledger.show("L-src").unwrap();
        assert_eq!((item.citations.applied, item.last_applied), (1, Some(now)));
    }

    #[test]
    fn old_state_files_without_scopes_still_read() {
        let s: SessionState = serde_json::from_str(r#"{"injected":["L-1"]}"#).unwrap();
        assert_eq!((s.injected.len(), s.scopes.len(), s.applied.len()), (1, 0, 0));
        assert_eq!(serde_json::to_string(&s).unwrap(), r#"{"injected":["L-1"]}"#);
    }
}
