//! Lineage: an item and the items it was promoted from.
//!
//! Promotion writes a new item (ids are derived from kind, date and content,
//! so a pattern cannot keep its learning's id) with a `promoted_from` key
//! naming the item it replaces. The citation log keeps the old ids, so the
//! evidence of an item is the log lines of its whole lineage: itself, what it
//! was promoted from, and so on. Plain supersession (`learn supersede`) is
//! not lineage: a replacement may say something else, so it starts afresh.

use std::collections::{HashMap, HashSet};

use serde_norway::Value;

use crate::item::Item;
use crate::time::Timestamp;

/// The frontmatter key linking a promoted item to the one it came from.
pub const PROMOTED_FROM: &str = "promoted_from";

/// The id this item was promoted from, if its frontmatter names one.
pub fn promoted_from(item: &Item) -> Option<&str> {
    item.extra.get(PROMOTED_FROM).and_then(Value::as_str)
}

/// Items by id, to walk lineages.
pub(crate) struct Lineages<'a> {
    by_id: HashMap<&'a str, &'a Item>,
}

/// One item's lineage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Lineage {
    /// The item's id, then each id it was promoted from, newest first. An
    /// ancestor whose file is gone is listed (its log lines still count) but
    /// ends the walk.
    pub ids: Vec<String>,
    /// When the oldest ancestor still on file was created.
    pub first_created: Timestamp,
}

impl<'a> Lineages<'a> {
    pub(crate) fn new(items: &'a [Item]) -> Self {
        Lineages { by_id: items.iter().map(|i| (i.id.as_str(), i)).collect() }
    }

    pub(crate) fn of(&self, item: &Item) -> Lineage {
        let mut ids = vec![item.id.clone()];
        let mut seen: HashSet<&str> = HashSet::from([item.id.as_str()]);
        let mut first_created = item.created;
        let mut parent = promoted_from(item);
        // A hand-edited cycle stops at the first id seen twice.
        while let Some(id) = parent.filter(|id| seen.insert(id)) {
            ids.push(id.to_string());
            let Some(ancestor) = self.by_id.get(id) else { break };
            first_created = first_created.min(ancestor.created);
            parent = promoted_from(ancestor);
        }
        Lineage { ids, first_created }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontmatter::parse;

    fn item(id: &str, created: &str, from: Option<&str>) -> Item {
        let link = from.map(|f| format!("promoted_from: {f}\n")).unwrap_or_default();
        let text = format!("---\nid: {id}\nkind: learning\ntitle: t\ncreated: {created}\n{link}---\n");
        parse(std::path::Path::new(&format!("{id}.md")), text.as_bytes()).unwrap()
    }

    #[test]
    fn walks_promotions_back_to_the_first_capture() {
        let items = [
            item("R-3", "2026-03-01T00:00:00Z", Some("P-2")),
            item("P-2", "2026-02-01T00:00:00Z", Some("L-1")),
            item("L-1", "2026-01-01T00:00:00Z", None),
            item("P-9", "2026-02-01T00:00:00Z", Some("L-gone")),
            item("X-1", "2026-02-01T00:00:00Z", Some("X-2")),
            item("X-2", "2026-01-15T00:00:00Z", Some("X-1")),
        ];
        let lineages = Lineages::new(&items);
        let rule = lineages.of(&items[0]);
        assert_eq!(rule.ids, ["R-3", "P-2", "L-1"]);
        assert_eq!(rule.first_created, Timestamp::parse("2026-01-01T00:00:00Z").unwrap());
        assert_eq!(promoted_from(&items[0]), Some("P-2"));
        assert_eq!(lineages.of(&items[2]).ids, ["L-1"]);
        let orphan = lineages.of(&items[3]);
        assert_eq!(orphan.ids, ["P-9", "L-gone"]);
        assert_eq!(orphan.first_created, items[3].created, "a missing ancestor ends the walk");
        assert_eq!(lineages.of(&items[4]).ids, ["X-1", "X-2"], "a cycle ends");
    }
}
