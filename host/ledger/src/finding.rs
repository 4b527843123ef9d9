//! Findings: what a skill observed about the project, kept so later reviews
//! and sessions see it (`agentops:skill/ledger.record-finding`).
//!
//! A finding is an item of kind `finding` in `findings/`. Its title is the
//! first line of the message, its body the whole message plus the fix, its
//! path scope the file it is about; the check that produced it (`rule`), the
//! `severity`, the `line` and the `skill` are frontmatter keys of their own
//! (documented in docs/ledger.md). The same finding recorded twice on one day
//! has the same id and is recorded once.

use serde_norway::{Mapping, Value};

use crate::error::LedgerError;
use crate::ids::derive_id;
use crate::item::{Item, Kind, Source};
use crate::store::{Ledger, WriteMode};
use crate::time::Timestamp;

/// Longest title kept from a finding's message, in characters.
const MAX_TITLE_CHARS: usize = 160;

/// A finding as a skill reports it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FindingDraft {
    /// The check that produced it, e.g. `vibe/secret`.
    pub rule: String,
    /// info | minor | significant | critical
    pub severity: String,
    pub message: String,
    /// Project-relative file.
    pub path: Option<String>,
    /// 1-based line in `path`.
    pub line: Option<u32>,
    pub fix: Option<String>,
    /// The skill that reported it.
    pub skill: String,
    pub session: Option<String>,
}

impl Ledger {
    /// Writes `draft` as a finding; returns the item, or the one already
    /// recorded today with the same content.
    pub fn record_finding(&self, draft: &FindingDraft, now: Timestamp) -> Result<Item, LedgerError> {
        let item = finding_item(draft, now)?;
        match self.write(&item, WriteMode::Create) {
            Err(LedgerError::Exists { id, .. }) => self.show(&id),
            Err(e) => Err(e),
            Ok(()) => Ok(item),
        }
    }
}

fn finding_item(draft: &FindingDraft, now: Timestamp) -> Result<Item, LedgerError> {
    let message = draft.message.trim();
    let Some(first) = message.lines().map(str::trim).find(|l| !l.is_empty()) else {
        return Err(LedgerError::Conflict {
            message: format!("the finding of rule `{}` has no message", draft.rule),
            hint: "say what was found in one line".into(),
        });
    };
    let title: String = first.chars().take(MAX_TITLE_CHARS).collect();
    let mut body = message.to_string();
    if let Some(fix) = draft.fix.as_deref().map(str::trim).filter(|f| !f.is_empty()) {
        body.push_str(&format!("\n\nFix: {fix}"));
    }
    let location = match (&draft.path, draft.line) {
        (Some(path), Some(line)) => format!("{path}:{line}"),
        (Some(path), None) => path.clone(),
        _ => String::new(),
    };
    let mut extra = Mapping::new();
    extra.insert("rule".into(), Value::from(draft.rule.as_str()));
    extra.insert("severity".into(), Value::from(draft.severity.as_str()));
    if let Some(line) = draft.line {
        extra.insert("line".into(), Value::from(u64::from(line)));
    }
    extra.insert("skill".into(), Value::from(draft.skill.as_str()));
    // The location is part of the identity: the same check firing on two
    // files is two findings.
    let id = derive_id(Kind::Finding, &format!("{} {location}", draft.rule), &body, now);
    Ok(Item {
        category: "finding".into(),
        tags: vec![draft.rule.clone(), draft.severity.clone()],
        paths: draft.path.iter().cloned().collect(),
        source: Source { session: draft.session.clone(), ..Source::default() },
        extra,
        ..Item::new(id, Kind::Finding, title, &body, now)
    })
}
