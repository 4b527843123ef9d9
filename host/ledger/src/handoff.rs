//! Handoffs: the open work one session leaves for the next.
//!
//! A handoff is an item of kind `handoff` in `handoffs/`: a title and a
//! markdown body (what is done, what is next, what to watch), with the
//! writing session and git provenance in `source`. It is *open* until a
//! session consumes it; consuming records `consumed` (the time) and
//! `consumed_by` (the session, when known) in its frontmatter and retires
//! it, so it leaves retrieval and the file says who picked it up. Every
//! consume holds one advisory lock (`cache/locks/_handoffs.lock`), so two
//! sessions starting at once never take the same handoff.
//!
//! The newest handoff is the one with the latest `created`, then the
//! greater id.

use serde_norway::Value;

use crate::error::LedgerError;
use crate::ids::derive_id;
use crate::item::{Item, Kind, Source, Status};
use crate::provenance::provenance;
use crate::scoring::first_heading;
use crate::store::{Ledger, Loaded, WriteMode, read_item};
use crate::time::Timestamp;

/// Frontmatter key: when the handoff was consumed.
pub const CONSUMED: &str = "consumed";
/// Frontmatter key: the session that consumed it.
pub const CONSUMED_BY: &str = "consumed_by";
/// The lock every consume holds; not a possible item id (ids start with a
/// letter or digit), so it never shares a lock with an item.
const LOCK: &str = "_handoffs";

/// A handoff as a session writes it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HandoffDraft {
    /// One line; when blank, the body's first heading, else a dated title.
    pub title: Option<String>,
    /// Markdown.
    pub body: String,
    /// The session leaving the work.
    pub session: Option<String>,
}

/// When and by whom a handoff was consumed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consumption {
    /// `None` when a hand edit left something other than a timestamp.
    pub at: Option<Timestamp>,
    pub session: Option<String>,
}

/// The outcome of a consume.
#[derive(Debug, Clone, PartialEq)]
pub enum Consumed {
    /// Consumed by this call; the item as written.
    Now(Item),
    /// It had been consumed before; the item unchanged.
    Already(Item),
}

/// Whether and how `item` was consumed (any value under `consumed` counts).
pub fn consumption(item: &Item) -> Option<Consumption> {
    let at = item.extra.get(CONSUMED).filter(|v| !v.is_null())?;
    Some(Consumption {
        at: at.as_str().and_then(Timestamp::parse),
        session: item.extra.get(CONSUMED_BY).and_then(Value::as_str).map(str::to_string),
    })
}

/// Whether `item` is a handoff no session has consumed yet.
pub fn is_open(item: &Item) -> bool {
    item.kind == Kind::Handoff && item.status == Status::Active && consumption(item).is_none()
}

impl Ledger {
    /// Records a new handoff.
    pub fn write_handoff(&self, draft: &HandoffDraft, now: Timestamp) -> Result<Item, LedgerError> {
        let body = draft.body.trim();
        if body.is_empty() {
            return Err(LedgerError::Conflict {
                message: "the handoff is empty".into(),
                hint: "write the open work in markdown: what is done, what is next, what to watch".into(),
            });
        }
        let given = draft.title.as_deref().map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "));
        let title = given
            .filter(|t| !t.is_empty())
            .or_else(|| first_heading(body).filter(|h| !h.is_empty()))
            .unwrap_or_else(|| format!("Open work as of {now}"));
        let git = provenance(self.root())?;
        let id = derive_id(Kind::Handoff, &title, body, now);
        let source =
            Source { session: draft.session.clone(), transcript: None, commit: git.commit, author: git.author };
        let item = Item { source, ..Item::new(id, Kind::Handoff, title, body, now) };
        self.write(&item, WriteMode::Create)?;
        Ok(item)
    }

    /// Every handoff, newest first, and the handoff files that do not parse.
    /// Reads only `handoffs/`.
    pub fn handoffs(&self) -> Loaded {
        let (files, mut errors) = self.item_files();
        let folder = self.dir().join(Kind::Handoff.folder());
        let mut items = Vec::new();
        for path in files.iter().filter(|p| p.parent() == Some(folder.as_path())) {
            match read_item(path) {
                Ok(item) => items.push(item),
                Err(e) => errors.push(e),
            }
        }
        items.sort_by(|a, b| b.created.cmp(&a.created).then_with(|| b.id.cmp(&a.id)));
        Loaded { items, errors }
    }

    /// The handoff with this id (or unique id prefix).
    pub fn handoff(&self, id: &str) -> Result<Item, LedgerError> {
        let item = self.show(id)?;
        if item.kind != Kind::Handoff {
            return Err(LedgerError::Conflict {
                message: format!("`{}` is a {}, not a handoff", item.id, item.kind.name()),
                hint: "`agentops learn list --kind handoff --status all` lists the handoffs".into(),
            });
        }
        Ok(item)
    }

    /// Consumes handoff `id`, or the newest open one; `None` when there is
    /// no open handoff. A handoff is consumed once: a second call reports
    /// [`Consumed::Already`] and changes nothing.
    pub fn consume_handoff(
        &self,
        id: Option<&str>,
        session: Option<&str>,
        now: Timestamp,
    ) -> Result<Option<Consumed>, LedgerError> {
        let _lock = self.lock(LOCK)?;
        let item = match id {
            Some(id) => self.handoff(id)?,
            None => match self.handoffs().items.into_iter().find(is_open) {
                Some(item) => item,
                None => return Ok(None),
            },
        };
        if consumption(&item).is_some() {
            return Ok(Some(Consumed::Already(item)));
        }
        if item.status != Status::Active {
            return Err(LedgerError::Conflict {
                message: format!("`{}` was retired or superseded without being consumed", item.id),
                hint: "write a new handoff with `agentops handoff write`".into(),
            });
        }
        Ok(Some(Consumed::Now(self.mark_consumed(item, session, now)?)))
    }

    /// For the session-start hook: the handoff `session` takes, consumed by
    /// it. The newest open handoff is consumed on the first call; later calls
    /// with the same session id (resume, clear, compact) return the same
    /// handoff again and change nothing. `None` when the session took none
    /// and none is open. Handoff files that do not parse are skipped
    /// (`agentops handoff show` names them).
    pub fn take_handoff(&self, session: &str, now: Timestamp) -> Result<Option<Item>, LedgerError> {
        let _lock = self.lock(LOCK)?;
        let handoffs = self.handoffs().items;
        let taken = |h: &Item| consumption(h).is_some_and(|c| c.session.as_deref() == Some(session));
        if let Some(item) = handoffs.iter().find(|h| taken(h)) {
            return Ok(Some(item.clone()));
        }
        // A session never takes the handoff it left itself (see `session_handoff`).
        let left_by_other = |h: &Item| is_open(h) && h.source.session.as_deref() != Some(session);
        match handoffs.into_iter().find(left_by_other) {
            Some(item) => Ok(Some(self.mark_consumed(item, Some(session), now)?)),
            None => Ok(None),
        }
    }

    /// The handoff to give `session` at its start: the one it takes (see
    /// [`take_handoff`](Self::take_handoff)) unless the session already
    /// received it — a resumed, cleared or compacted session does not get it
    /// twice, as with injected items.
    pub fn handoff_for_session(&self, session: &str, now: Timestamp) -> Result<Option<Item>, LedgerError> {
        let Some(handoff) = self.take_handoff(session, now)? else { return Ok(None) };
        let _lock = self.lock(&format!("session-{session}"))?;
        let mut state = self.read_session(session)?;
        if !state.injected.insert(handoff.id.clone()) {
            return Ok(None);
        }
        self.write_session(session, &state)?;
        Ok(Some(handoff))
    }

    /// Keeps `text` as the open handoff of `session`: the session's own open
    /// handoff is rewritten, so a session that stops after every turn leaves
    /// one handoff, the latest, not one per turn. Another session takes it
    /// at its start; the session that left it never does.
    pub fn session_handoff(&self, session: &str, text: &str, now: Timestamp) -> Result<Item, LedgerError> {
        let _lock = self.lock(LOCK)?;
        let own =
            self.handoffs().items.into_iter().find(|h| is_open(h) && h.source.session.as_deref() == Some(session));
        match own {
            Some(mut item) => {
                item.body = format!("\n{}\n", text.trim());
                item.updated = now;
                self.write(&item, WriteMode::Replace)?;
                Ok(item)
            }
            None => {
                let short: String = session.chars().take(8).collect();
                let title = Some(format!("Where session {short} stopped"));
                self.write_handoff(&HandoffDraft { title, body: text.to_string(), session: Some(session.into()) }, now)
            }
        }
    }

    /// Records the consumption and retires the handoff; the caller holds the lock.
    fn mark_consumed(&self, mut item: Item, session: Option<&str>, now: Timestamp) -> Result<Item, LedgerError> {
        item.extra.insert(Value::from(CONSUMED), Value::from(now.to_string()));
        if let Some(session) = session {
            item.extra.insert(Value::from(CONSUMED_BY), Value::from(session));
        }
        item.status = Status::Retired;
        item.updated = now;
        self.write(&item, WriteMode::Replace)?;
        Ok(item)
    }
}
