//! `agentops:skill/ledger`: the project's knowledge ledger as a skill sees it.
//!
//! Reads (`lookup`, `scoped`, a dry-run `forge`) need `ledger.read`; writes
//! (`propose-learning`, `record-finding`, `cite`, `forge`) need
//! `ledger.write`. A project without a ledger has nothing to read (empty
//! answers; forge, which scores against the ledger, cannot run) and nowhere
//! to write (an error that says to run `agentops init`). Writes go through
//! the ledger crate, so they are scored, atomic and locked exactly like the
//! CLI's.

mod forge;

use std::path::Path;

use agentops_ledger::{Draft, FindingDraft, How, Ledger, LedgerError, Tier, Timestamp};
use globset::GlobSet;

use crate::bindings::agentops::skill::ledger::{ForgeReport, Host};
use crate::bindings::agentops::skill::types::{Finding, Hit, LearningDraft, Severity};
use crate::state::HostState;

/// Most hits one call returns.
const MAX_HITS: u32 = 100;
/// Most bytes of an item's body handed to a skill.
const MAX_BODY_BYTES: usize = 16 << 10;
/// Most paths one `scoped` call may ask about.
const MAX_PATHS: usize = 10_000;

/// What one skill may do with the ledger; shared by every call of the skill.
#[derive(Debug)]
pub struct LedgerAccess {
    /// `None` when the project has no `.agents/`.
    ledger: Result<Option<Ledger>, String>,
    read: bool,
    write: bool,
    skill: String,
    /// The policy's private paths: never forged, as the workspace never serves them.
    private: GlobSet,
}

impl LedgerAccess {
    /// Opens the ledger of the project at `root` (if it has one) for `skill`.
    pub fn open(root: &Path, skill: &str, read: bool, write: bool, private: GlobSet) -> Self {
        // Skills' lookups rank by meaning too when the project names a model.
        let ledger = match Ledger::open(root) {
            Ok(ledger) => Ok(Some(ledger.with_configured_model())),
            Err(LedgerError::NoLedger { .. }) => Ok(None),
            Err(e) => Err(format!("the ledger cannot be opened: {e}")),
        };
        LedgerAccess { ledger, read, write, skill: skill.to_string(), private }
    }

    fn reader(&self) -> Result<Option<&Ledger>, String> {
        if !self.read {
            return Err("reading the ledger needs the `ledger.read` capability in skill.toml and the policy".into());
        }
        self.ledger.as_ref().map(Option::as_ref).map_err(Clone::clone)
    }

    fn writer(&self) -> Result<&Ledger, String> {
        if !self.write {
            return Err("writing to the ledger needs the `ledger.write` capability in skill.toml and the policy".into());
        }
        match &self.ledger {
            Ok(Some(ledger)) => Ok(ledger),
            Ok(None) => Err(no_ledger()),
            Err(e) => Err(e.clone()),
        }
    }

    pub fn lookup(&self, query: &str, limit: u32) -> Result<Vec<Hit>, String> {
        let Some(ledger) = self.reader()? else { return Ok(Vec::new()) };
        let query = agentops_ledger::Query { text: query, paths: &[] };
        let (hits, _) = ledger.lookup(&query, limit.min(MAX_HITS) as usize, Timestamp::now()).map_err(message)?;
        Ok(hits.iter().map(to_hit).collect())
    }

    pub fn scoped(&self, paths: &[String], limit: u32) -> Result<Vec<Hit>, String> {
        if paths.len() > MAX_PATHS {
            return Err(format!("{} paths given; at most {MAX_PATHS} per call", paths.len()));
        }
        let Some(ledger) = self.reader()? else { return Ok(Vec::new()) };
        let (hits, _) = ledger.scoped(paths, limit.min(MAX_HITS) as usize, Timestamp::now()).map_err(message)?;
        Ok(hits.iter().map(to_hit).collect())
    }

    pub fn propose_learning(&self, draft: LearningDraft, session: Option<&str>) -> Result<String, String> {
        let ledger = self.writer()?;
        let draft = Draft {
            title: draft.title,
            body: draft.body,
            category: Some(draft.category).filter(|c| !c.trim().is_empty()),
            tags: draft.tags,
            paths: Vec::new(),
            confidence: Some(f64::from(draft.confidence.clamp(0.0, 1.0))),
            session: session.map(str::to_string),
            transcript: None,
        };
        match ledger.add_learning(&draft, Timestamp::now(), false) {
            Ok(item) => Ok(item.id),
            // The same lesson proposed twice in a day is one learning.
            Err(LedgerError::Exists { id, .. }) => Ok(id),
            Err(e) => Err(message(e)),
        }
    }

    pub fn record_finding(&self, finding: Finding, session: Option<&str>) -> Result<String, String> {
        let ledger = self.writer()?;
        let draft = FindingDraft {
            rule: finding.rule,
            severity: severity(finding.severity).into(),
            message: finding.message,
            path: finding.path,
            line: finding.line,
            fix: finding.fix,
            skill: self.skill.clone(),
            session: session.map(str::to_string),
        };
        ledger.record_finding(&draft, Timestamp::now()).map(|item| item.id).map_err(message)
    }

    pub fn cite(&self, id: &str, how: &str, session: Option<&str>) -> Result<(), String> {
        let ledger = self.writer()?;
        let how: How = how.parse().map_err(|e| format!("{e}; use retrieved, applied, helpful or harmful"))?;
        ledger.cite(id, how, session, Timestamp::now()).map(drop).map_err(message)
    }
}

/// Why a project without `.agents/` cannot be written to (or forged for).
fn no_ledger() -> String {
    "the project has no ledger; run `agentops init` in its root".into()
}

/// A ledger error as one paragraph for the skill.
fn message(e: LedgerError) -> String {
    e.to_string().replace("\n  hint: ", "; ")
}

/// An item's body as handed to a skill: trimmed, at most [`MAX_BODY_BYTES`].
fn clip(body: &str) -> String {
    let body = body.trim();
    let mut end = body.len().min(MAX_BODY_BYTES);
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    body[..end].to_string()
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Info => "info",
        Severity::Minor => "minor",
        Severity::Significant => "significant",
        Severity::Critical => "critical",
    }
}

fn tier(tier: Option<Tier>) -> &'static str {
    match tier {
        Some(Tier::Gold) => "gold",
        Some(Tier::Silver) => "silver",
        Some(Tier::Bronze) => "bronze",
        Some(Tier::Discard) => "discard",
        None => "unscored",
    }
}

fn to_hit(hit: &agentops_ledger::Hit) -> Hit {
    let item = &hit.item;
    Hit {
        id: item.id.clone(),
        kind: item.kind.name().into(),
        title: item.title.clone(),
        body: clip(&item.body),
        paths: item.paths.clone(),
        score: hit.rank.score as f32,
        tier: tier(item.tier).into(),
    }
}

impl Host for HostState {
    fn lookup(&mut self, query: String, limit: u32) -> Result<Vec<Hit>, String> {
        self.ledger()?.lookup(&query, limit)
    }

    fn scoped(&mut self, paths: Vec<String>, limit: u32) -> Result<Vec<Hit>, String> {
        self.ledger()?.scoped(&paths, limit)
    }

    fn propose_learning(&mut self, draft: LearningDraft) -> Result<String, String> {
        self.ledger()?.propose_learning(draft, self.session.as_deref())
    }

    fn record_finding(&mut self, finding: Finding) -> Result<String, String> {
        self.ledger()?.record_finding(finding, self.session.as_deref())
    }

    fn cite(&mut self, id: String, how: String) -> Result<(), String> {
        self.ledger()?.cite(&id, &how, self.session.as_deref())
    }

    fn forge(&mut self, transcript: String, dry_run: bool) -> Result<ForgeReport, String> {
        self.ledger()?.forge(&transcript, dry_run)
    }
}
