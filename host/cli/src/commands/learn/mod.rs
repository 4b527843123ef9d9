//! `agentops learn`: capture, list, show, retire and supersede learnings.

pub mod add;
pub mod list;
pub mod retire;
pub mod show;
pub mod supersede;

use std::path::Path;

use agentops_ledger::{Item, Ledger};
use serde_json::{Value, json};

use crate::error::Result;

/// The ledger of the project at `root`.
fn open(root: &Path) -> Result<Ledger> {
    Ok(Ledger::open(root)?)
}

/// An item as one JSON object, body included.
pub fn item_json(item: &Item) -> Value {
    json!({
        "id": item.id,
        "kind": item.kind,
        "title": item.title,
        "category": item.category,
        "tags": item.tags,
        "paths": item.paths,
        "created": item.created.to_string(),
        "updated": item.updated.to_string(),
        "last_applied": item.last_applied.map(|t| t.to_string()),
        "source": item.source,
        "scores": item.scores,
        "quality": item.quality,
        "tier": item.tier,
        "utility": item.utility,
        "citations": item.citations,
        "status": item.status,
        "supersedes": item.supersedes,
        "superseded_by": item.superseded_by,
        "body": item.body,
    })
}

/// `kind`, `tier` and `status` as their file spelling.
pub fn word(value: impl serde::Serialize) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_else(|| "-".into())
}

/// One line per item: id, tier, status, title.
pub fn item_line(item: &Item) -> String {
    format!("{}  {:6}  {:10}  {}", item.id, item.tier.map_or_else(|| "-".into(), word), word(item.status), item.title)
}
