//! Per-session inject state: the ids already injected into one agent
//! session, so resume, clear and compact (which keep the session id) never
//! inject the same item twice.
//!
//! Stored as `.agents/cache/sessions/<id>.json` (`{"injected": [ids]}`,
//! sorted), written atomically; the caller holds the session's lock across
//! read, selection and write, so two hooks of one session cannot both
//! inject an item.

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::atomic::write_atomic;
use crate::error::LedgerError;
use crate::ids::is_valid_id;
use crate::store::Ledger;

/// The ids injected so far into one session.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionState {
    pub injected: BTreeSet<String>,
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
}
