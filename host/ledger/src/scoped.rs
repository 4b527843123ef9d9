//! Path-scoped retrieval: the standing rules, patterns and findings about the
//! files a change touches (what a review such as `vibe` checks against).
//!
//! Only items whose `paths` globs match one of the given paths are returned;
//! items without a path scope apply everywhere and are found by lookup.
//! Rules come first, then patterns, then findings; within a kind, the ranking
//! of [`crate::rank`] (standing, since there are no query words).

use crate::error::{FileError, LedgerError};
use crate::index::DocMeta;
use crate::item::Kind;
use crate::rank::{Query, Ranked};
use crate::retrieve::Hit;
use crate::store::Ledger;
use crate::time::Timestamp;

/// The kinds a scoped lookup returns, in the order it returns them.
const SCOPED: [Kind; 3] = [Kind::Rule, Kind::Pattern, Kind::Finding];

impl Ledger {
    /// The best `limit` active rules, patterns and findings scoped to `paths`.
    pub fn scoped(
        &self,
        paths: &[String],
        limit: usize,
        now: Timestamp,
    ) -> Result<(Vec<Hit>, Vec<FileError>), LedgerError> {
        if paths.is_empty() || limit == 0 {
            return Ok((Vec::new(), Vec::new()));
        }
        let mut retrieval = self.retrieve(&Query { text: "", paths }, now)?;
        let wanted = |meta: &DocMeta, rank: &Ranked| rank.in_scope && SCOPED.contains(&meta.kind);
        let mut hits: Vec<Hit> = retrieval.hits(wanted).collect();
        // Stable: within a kind the ranking's order stays.
        hits.sort_by_key(|h| SCOPED.iter().position(|k| *k == h.item.kind));
        hits.truncate(limit);
        Ok((hits, std::mem::take(&mut retrieval.errors)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::FindingDraft;

    /// An item whose words are its own (near-duplicates would be collapsed).
    fn write(dir: &std::path::Path, rel: &str, id: &str, kind: &str, paths: &str) {
        let text = format!(
            "---\nid: {id}\nkind: {kind}\ntitle: {id}\npaths: {paths}\ncreated: 2026-11-01T00:00:00Z\n---\n{}\n",
            id.repeat(3)
        );
        std::fs::write(dir.join(".agents").join(rel).join(format!("{id}.md")), text).unwrap();
    }

    fn dbg_finding() -> FindingDraft {
        FindingDraft {
            rule: "vibe/debug".into(),
            severity: "minor".into(),
            message: "dbg! left in".into(),
            path: Some("src/lib.rs".into()),
            line: Some(3),
            ..FindingDraft::default()
        }
    }

    #[test]
    fn rules_come_first_and_only_matching_scopes_are_returned() {
        let tmp = tempfile::tempdir().unwrap();
        Ledger::init(tmp.path()).unwrap();
        let ledger = Ledger::open(tmp.path()).unwrap();
        let now = Timestamp::parse("2026-11-25T00:00:00Z").unwrap();
        let finding = ledger.record_finding(&dbg_finding(), now).unwrap();
        // Recording it again the same day is the same finding.
        assert_eq!(ledger.record_finding(&dbg_finding(), now).unwrap().id, finding.id);
        write(tmp.path(), "rules", "R-src", "rule", "[\"src/**\"]");
        write(tmp.path(), "patterns", "P-src", "pattern", "[\"src/*.rs\"]");
        write(tmp.path(), "rules", "R-docs", "rule", "[\"docs/**\"]");
        write(tmp.path(), "learnings", "L-src", "learning", "[\"src/**\"]");
        write(tmp.path(), "rules", "R-anywhere", "rule", "[]");

        let (hits, errors) = ledger.scoped(&["src/lib.rs".into()], 10, now).unwrap();
        assert!(errors.is_empty(), "{errors:?}");
        let ids: Vec<&str> = hits.iter().map(|h| h.item.id.as_str()).collect();
        assert_eq!(ids, ["R-src", "P-src", finding.id.as_str()]);
        let (hits, _) = ledger.scoped(&["src/lib.rs".into()], 2, now).unwrap();
        assert_eq!(hits.len(), 2);
        assert!(ledger.scoped(&[], 10, now).unwrap().0.is_empty());
    }
}
