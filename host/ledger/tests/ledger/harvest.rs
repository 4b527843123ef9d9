use std::path::Path;

use agentops_ledger::{HARVESTED_FROM, HarvestSkip, Kind, Ledger, Timestamp};

fn now() -> Timestamp {
    Timestamp::parse("2026-11-25T09:30:00Z").unwrap()
}

fn ledger_with(items: &[(&str, &str, &str, &str)]) -> (tempfile::TempDir, Ledger) {
    let dir = tempfile::tempdir().unwrap();
    Ledger::init(dir.path()).unwrap();
    for (folder, id, kind, text) in items {
        let body =
            format!("---\nid: {id}\nkind: {kind}\ntitle: {id} {text}\ncreated: 2026-11-01T00:00:00Z\n---\n{text}\n");
        std::fs::write(dir.path().join(".agents").join(folder).join(format!("{id}.md")), body).unwrap();
    }
    let ledger = Ledger::open(dir.path()).unwrap();
    (dir, ledger)
}

const LOCK: &str = "Take pg_advisory_lock(42) in deploy.sh before running migrate up, or two deploys migrate twice.";

#[test]
fn only_active_patterns_and_rules_are_copied_once_with_provenance() {
    let (src, _) = ledger_with(&[
        ("rules", "R-1", "rule", "Pin wasmtime to =48.0.8 because newer releases need a newer rustc."),
        ("patterns", "P-1", "pattern", LOCK),
        ("learnings", "L-1", "learning", "A learning is not harvested."),
    ]);
    let (_g, global) = ledger_with(&[]);
    let sources = [src.path().to_path_buf()];

    let dry = global.harvest(&sources, true, now()).unwrap();
    assert_eq!(dry.copied.len(), 2);
    assert!(global.load().items.is_empty(), "a dry run writes nothing");

    let done = global.harvest(&sources, false, now()).unwrap();
    let mut ids: Vec<&str> = done.copied.iter().map(|(_, i)| i.id.as_str()).collect();
    ids.sort();
    assert_eq!(ids, ["P-1", "R-1"]);
    let rule = global.show("R-1").unwrap();
    assert_eq!(rule.kind, Kind::Rule);
    let from = rule.extra.get(HARVESTED_FROM).and_then(|v| v.as_str()).unwrap();
    assert_eq!(Path::new(from), src.path().canonicalize().unwrap());

    let again = global.harvest(&sources, false, now()).unwrap();
    assert!(again.copied.is_empty());
    assert!(again.skipped.iter().all(|(_, _, why)| *why == HarvestSkip::Present));
}

#[test]
fn near_duplicates_of_global_items_and_broken_sources_are_reported() {
    let (_g, global) = ledger_with(&[("patterns", "P-mine", "pattern", LOCK)]);
    let (src, _) = ledger_with(&[("patterns", "P-theirs", "pattern", LOCK)]);
    let nowhere = tempfile::tempdir().unwrap();
    let report = global.harvest(&[src.path().to_path_buf(), nowhere.path().to_path_buf()], false, now()).unwrap();
    assert!(report.copied.is_empty());
    assert!(matches!(report.skipped[0].2, HarvestSkip::NearDuplicate { similarity } if similarity >= 0.8));
    assert_eq!(report.errors.len(), 1);
    assert!(report.errors[0].to_string().contains("no ledger here"), "{}", report.errors[0]);
}
