//! Promotion: learning → pattern → rule, by evidence, never by volume.
//!
//! An active learning (or pattern) is proposed for the next kind when its
//! lineage ([`crate::lineage`]) was cited as `applied` in at least
//! `min_sessions` distinct sessions, its `utility` is at least `min_utility`,
//! the lineage's first capture is at least `min_age_days` old, and no
//! `harmful` verdict was ever recorded for it (in the log or in the item's
//! counts). Thresholds per step come from `[ledger.promotion]`. Applied
//! citations without a session cannot show breadth and do not count; a
//! hundred citations from one session count once.
//!
//! Promoting writes a new item of the next kind — same title, body, tags,
//! paths, source, scores, utility, citation counts and `last_applied`, a
//! fresh id and `created`, `promoted_from` and `supersedes` naming the old
//! item — and then marks the old item superseded by it. The new item is
//! written first, under the old item's lock; a run interrupted between the
//! two writes is completed by the next run, which finds the new item by its
//! `promoted_from`. One step per run: a learning that qualifies for rule
//! too becomes a pattern now and a rule on a later run.

use std::collections::{BTreeSet, HashMap};

use serde_norway::Value;

use crate::citation_log::Citation;
use crate::citations::How;
use crate::config::{Promotion, PromotionStep};
use crate::error::{FileError, LedgerError};
use crate::ids::derive_id;
use crate::item::{Item, Kind, Status};
use crate::lineage::{Lineages, PROMOTED_FROM, promoted_from};
use crate::store::{Ledger, WriteMode};
use crate::time::Timestamp;

const SECS_PER_DAY: f64 = 86_400.0;

/// What the log and the item say for a promotion.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    /// The item's id and those it was promoted from, newest first.
    pub lineage: Vec<String>,
    /// Distinct sessions that applied the lineage, sorted.
    pub sessions: Vec<String>,
    /// `applied` lines of the lineage, with or without a session.
    pub applied: usize,
    /// `harmful` verdicts: the larger of the log's count and the item's.
    pub harmful: u64,
    pub utility: f64,
    /// Days since the lineage's first capture.
    pub age_days: f64,
}

/// An item assessed for its next kind.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub item: Item,
    pub to: Kind,
    pub evidence: Evidence,
    /// The thresholds it misses, in words; empty for a proposal.
    pub unmet: Vec<String>,
    /// An active item already promoted from this one by an interrupted run.
    pub promoted_as: Option<String>,
}

/// The outcome of assessing the ledger.
#[derive(Debug, Default)]
pub struct PromotionPlan {
    /// Items that meet every threshold, in ledger order.
    pub proposals: Vec<Candidate>,
    /// Items applied in at least one session that miss a threshold.
    pub held: Vec<Candidate>,
    /// Item files and log lines that could not be read.
    pub errors: Vec<FileError>,
}

/// A promotion as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Promoted {
    /// The old item, now superseded.
    pub from: Item,
    /// The new item of the next kind.
    pub to: Item,
}

/// The kind an item of `kind` is promoted to.
pub fn next_kind(kind: Kind) -> Option<Kind> {
    match kind {
        Kind::Learning => Some(Kind::Pattern),
        Kind::Pattern => Some(Kind::Rule),
        Kind::Rule | Kind::Finding | Kind::Handoff => None,
    }
}

impl Promotion {
    /// The thresholds for becoming `to`.
    fn step(&self, to: Kind) -> PromotionStep {
        if to == Kind::Rule { self.rule } else { self.pattern }
    }
}

impl Ledger {
    /// Assesses every active learning and pattern at `now`; writes nothing.
    pub fn promotion_plan(&self, now: Timestamp) -> Result<PromotionPlan, LedgerError> {
        let loaded = self.load();
        let log = self.citations()?;
        let mut by_id: HashMap<&str, Vec<&Citation>> = HashMap::new();
        for c in &log.citations {
            by_id.entry(c.id.as_str()).or_default().push(c);
        }
        let children: HashMap<&str, &str> = loaded
            .items
            .iter()
            .filter(|i| i.status == Status::Active)
            .filter_map(|i| Some((promoted_from(i)?, i.id.as_str())))
            .collect();
        let lineages = Lineages::new(&loaded.items);
        let mut plan = PromotionPlan::default();
        for item in loaded.items.iter().filter(|i| i.status == Status::Active) {
            let Some(to) = next_kind(item.kind) else { continue };
            let lineage = lineages.of(item);
            let lines = lineage.ids.iter().flat_map(|id| by_id.get(id.as_str()).into_iter().flatten().copied());
            let evidence = evidence(item, lineage.ids.clone(), lines, lineage.first_created, now);
            let unmet = unmet(&evidence, &self.config().promotion.step(to));
            let candidate = Candidate {
                item: item.clone(),
                to,
                evidence,
                unmet,
                promoted_as: children.get(item.id.as_str()).map(|c| c.to_string()),
            };
            if candidate.unmet.is_empty() {
                plan.proposals.push(candidate);
            } else if !candidate.evidence.sessions.is_empty() {
                plan.held.push(candidate);
            }
        }
        plan.errors = loaded.errors;
        plan.errors.extend(log.errors);
        Ok(plan)
    }

    /// Writes the promotion `proposal` describes (see the module docs).
    pub fn promote(&self, proposal: &Candidate, now: Timestamp) -> Result<Promoted, LedgerError> {
        let _lock = self.lock(&proposal.item.id)?;
        let old = self.show(&proposal.item.id)?;
        if old.status != Status::Active || next_kind(old.kind) != Some(proposal.to) {
            return Err(LedgerError::Conflict {
                message: format!("`{}` is no longer an active {}", old.id, proposal.item.kind.name()),
                hint: "run `agentops promote --dry-run` again".into(),
            });
        }
        let new_id = match &proposal.promoted_as {
            Some(id) => id.clone(),
            None => {
                let new = promoted(&old, proposal.to, now);
                self.write(&new, WriteMode::Create)?;
                new.id
            }
        };
        let (from, to) = self.supersede(&old.id, &new_id, now)?;
        Ok(Promoted { from, to })
    }
}

/// The evidence of `item` from its lineage's log `lines`.
fn evidence<'a>(
    item: &Item,
    lineage: Vec<String>,
    lines: impl Iterator<Item = &'a Citation>,
    first_created: Timestamp,
    now: Timestamp,
) -> Evidence {
    let (mut sessions, mut applied, mut harmful) = (BTreeSet::new(), 0, 0);
    for c in lines {
        match c.how {
            How::Applied => {
                applied += 1;
                sessions.extend(c.session.clone());
            }
            How::Harmful => harmful += 1,
            How::Retrieved | How::Helpful => {}
        }
    }
    Evidence {
        lineage,
        sessions: sessions.into_iter().collect(),
        applied,
        harmful: harmful.max(item.citations.harmful),
        utility: item.utility,
        age_days: (now.unix() - first_created.unix()) as f64 / SECS_PER_DAY,
    }
}

/// The thresholds of `step` that `evidence` misses, in words.
fn unmet(evidence: &Evidence, step: &PromotionStep) -> Vec<String> {
    let mut unmet = Vec::new();
    let sessions = evidence.sessions.len();
    if sessions < step.min_sessions as usize {
        unmet.push(format!("applied in {sessions} distinct sessions, needs {}", step.min_sessions));
    }
    if evidence.utility < step.min_utility {
        unmet.push(format!("utility {:.3}, needs {:.3}", evidence.utility, step.min_utility));
    }
    if evidence.age_days < step.min_age_days {
        unmet.push(format!("first captured {:.1} days ago, needs {}", evidence.age_days, step.min_age_days));
    }
    if evidence.harmful > 0 {
        unmet.push(format!("judged harmful {} time(s)", evidence.harmful));
    }
    unmet
}

/// The item `old` becomes as a `to`: its content and evidence carried over,
/// a new id and creation time, and the links back to `old`.
fn promoted(old: &Item, to: Kind, now: Timestamp) -> Item {
    let mut extra = old.extra.clone();
    extra.insert(Value::from(PROMOTED_FROM), Value::from(old.id.clone()));
    Item {
        id: derive_id(to, &old.title, &old.body, now),
        kind: to,
        created: now,
        updated: now,
        status: Status::Active,
        supersedes: vec![old.id.clone()],
        superseded_by: None,
        extra,
        ..old.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn evidence_with(sessions: usize, utility: f64, age_days: f64, harmful: u64) -> Evidence {
        Evidence {
            lineage: vec!["L-1".into()],
            sessions: (0..sessions).map(|s| format!("s-{s}")).collect(),
            applied: sessions,
            harmful,
            utility,
            age_days,
        }
    }

    #[test]
    fn every_threshold_must_hold() {
        let step = PromotionStep { min_sessions: 3, min_utility: 0.6, min_age_days: 7.0 };
        assert!(unmet(&evidence_with(3, 0.6, 7.0, 0), &step).is_empty());
        assert_eq!(unmet(&evidence_with(2, 0.6, 7.0, 0), &step), ["applied in 2 distinct sessions, needs 3"]);
        assert_eq!(unmet(&evidence_with(3, 0.599, 7.0, 0), &step), ["utility 0.599, needs 0.600"]);
        assert_eq!(unmet(&evidence_with(3, 0.9, 6.5, 0), &step), ["first captured 6.5 days ago, needs 7"]);
        assert_eq!(unmet(&evidence_with(9, 0.9, 70.0, 1), &step), ["judged harmful 1 time(s)"]);
    }

    #[test]
    fn only_learnings_and_patterns_move_up() {
        assert_eq!(next_kind(Kind::Learning), Some(Kind::Pattern));
        assert_eq!(next_kind(Kind::Pattern), Some(Kind::Rule));
        for kind in [Kind::Rule, Kind::Finding, Kind::Handoff] {
            assert_eq!(next_kind(kind), None);
        }
    }
}
