//! `retire` and `supersede`: the end of an item's active life.
//!
//! Items are never deleted (git history keeps them anyway); their status
//! changes and `updated` moves to the given time. Supersession links both
//! sides: the old item's `superseded_by` and the new item's `supersedes`. The
//! new item is written first, so an interruption between the two writes
//! leaves a link that re-running the same command completes.

use crate::error::LedgerError;
use crate::item::{Item, Status};
use crate::store::{Ledger, WriteMode};
use crate::time::Timestamp;

impl Ledger {
    /// Marks the item retired; an item already retired is returned unchanged.
    pub fn retire(&self, id: &str, now: Timestamp) -> Result<Item, LedgerError> {
        let mut item = self.show(id)?;
        if item.status == Status::Retired {
            return Ok(item);
        }
        item.status = Status::Retired;
        item.updated = now;
        self.write(&item, WriteMode::Replace)?;
        Ok(item)
    }

    /// Records that `new_id` replaces `old_id`; returns (old, new) as written.
    pub fn supersede(&self, old_id: &str, new_id: &str, now: Timestamp) -> Result<(Item, Item), LedgerError> {
        let mut old = self.show(old_id)?;
        let mut new = self.show(new_id)?;
        if old.id == new.id {
            return Err(LedgerError::Conflict {
                message: format!("`{}` cannot supersede itself", old.id),
                hint: "name the old item first and its replacement second".into(),
            });
        }
        if new.status != Status::Active {
            return Err(LedgerError::Conflict {
                message: format!("`{}` is not active, so it cannot replace anything", new.id),
                hint: "supersede with an active item".into(),
            });
        }
        if let Some(other) = old.superseded_by.as_ref().filter(|other| **other != new.id) {
            return Err(LedgerError::Conflict {
                message: format!("`{}` is already superseded by `{other}`", old.id),
                hint: format!("supersede `{other}` instead"),
            });
        }
        if !new.supersedes.contains(&old.id) {
            new.supersedes.push(old.id.clone());
            new.updated = now;
            self.write(&new, WriteMode::Replace)?;
        }
        if old.superseded_by.is_none() {
            old.status = Status::Superseded;
            old.superseded_by = Some(new.id.clone());
            old.updated = now;
            self.write(&old, WriteMode::Replace)?;
        }
        Ok((old, new))
    }
}
