//! The ledger's unit: one item, one file, `<kind folder>/<id>.md`.
//!
//! The fields are those of the frontmatter (documented in docs/ledger.md);
//! `extra` keeps keys this version does not know, in file order, so a rewrite by
//! an older or newer agentops never drops what someone else wrote.

use serde::{Deserialize, Serialize};
use serde_norway::Mapping;

use crate::time::Timestamp;

/// What an item is; each kind has its own folder and id prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Learning,
    Pattern,
    Rule,
    Finding,
    Handoff,
}

impl Kind {
    pub const ALL: [Kind; 5] = [Kind::Learning, Kind::Pattern, Kind::Rule, Kind::Finding, Kind::Handoff];

    /// The folder under `.agents/` holding items of this kind.
    pub fn folder(self) -> &'static str {
        match self {
            Kind::Learning => "learnings",
            Kind::Pattern => "patterns",
            Kind::Rule => "rules",
            Kind::Finding => "findings",
            Kind::Handoff => "handoffs",
        }
    }

    /// The first letter of ids of this kind.
    pub fn prefix(self) -> char {
        match self {
            Kind::Learning => 'L',
            Kind::Pattern => 'P',
            Kind::Rule => 'R',
            Kind::Finding => 'F',
            Kind::Handoff => 'H',
        }
    }

    /// The name used in frontmatter (`learning`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Learning => "learning",
            Kind::Pattern => "pattern",
            Kind::Rule => "rule",
            Kind::Finding => "finding",
            Kind::Handoff => "handoff",
        }
    }
}

/// Whether an item still takes part in retrieval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Active,
    Superseded,
    Retired,
}

/// The capture tier a quality score falls in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    Discard,
    Bronze,
    Silver,
    Gold,
}

/// Where an item came from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Source {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transcript: Option<String>,
    /// The commit checked out when the item was captured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    /// `Name <email>` of the person whose git identity captured it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
}

impl Source {
    pub fn is_empty(&self) -> bool {
        *self == Source::default()
    }
}

/// The five scoring axes, each in [0, 1].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scores {
    pub specificity: f64,
    pub actionability: f64,
    pub novelty: f64,
    pub context: f64,
    pub confidence: f64,
}

impl Scores {
    /// The axes by name, in the order above.
    pub fn axes(&self) -> [(&'static str, f64); 5] {
        [
            ("specificity", self.specificity),
            ("actionability", self.actionability),
            ("novelty", self.novelty),
            ("context", self.context),
            ("confidence", self.confidence),
        ]
    }
}

impl Item {
    /// A new active item, unscored and never cited, created and updated
    /// `now`, in the default category; `body` is stored with the blank line
    /// people expect after the frontmatter.
    pub fn new(id: String, kind: Kind, title: String, body: &str, now: Timestamp) -> Self {
        Item {
            id,
            kind,
            title,
            category: crate::frontmatter::DEFAULT_CATEGORY.to_string(),
            tags: Vec::new(),
            paths: Vec::new(),
            created: now,
            updated: now,
            last_applied: None,
            source: Source::default(),
            scores: None,
            quality: None,
            tier: None,
            utility: DEFAULT_UTILITY,
            citations: Citations::default(),
            status: Status::Active,
            supersedes: Vec::new(),
            superseded_by: None,
            extra: Mapping::new(),
            body: if body.is_empty() { String::new() } else { format!("\n{body}\n") },
        }
    }
}

/// How often an item was retrieved and how that went.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Citations {
    pub retrieved: u64,
    pub applied: u64,
    pub helpful: u64,
    pub harmful: u64,
}

/// The neutral prior of `utility` before any citation outcome.
pub const DEFAULT_UTILITY: f64 = 0.5;

/// One ledger item: frontmatter fields plus the markdown body.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub id: String,
    pub kind: Kind,
    pub title: String,
    pub category: String,
    pub tags: Vec<String>,
    /// Globs (relative to the project root) of the files the item is about.
    pub paths: Vec<String>,
    pub created: Timestamp,
    pub updated: Timestamp,
    pub last_applied: Option<Timestamp>,
    pub source: Source,
    /// Absent on hand-written items until they are scored.
    pub scores: Option<Scores>,
    pub quality: Option<f64>,
    pub tier: Option<Tier>,
    pub utility: f64,
    pub citations: Citations,
    pub status: Status,
    /// Ids this item replaces.
    pub supersedes: Vec<String>,
    /// The id that replaced this item.
    pub superseded_by: Option<String>,
    /// Frontmatter keys this version does not know, in file order.
    pub extra: Mapping,
    /// The markdown after the closing `---`, byte for byte.
    pub body: String,
}
