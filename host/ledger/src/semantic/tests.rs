//! The entries a query finds are recorded for the next one and used only
//! while neither the index nor the vector file has changed.

use std::sync::Arc;
use std::time::Duration;

use super::*;
use crate::index::cache::unix_now;

/// Vectors drawn from the text's hash: meaningless, but deterministic.
struct Hashed;

impl Encoder for Hashed {
    fn fingerprint(&self) -> [u8; 16] {
        [5; 16]
    }

    fn dims(&self) -> usize {
        16
    }

    fn embed(&self, text: &str) -> Vec<f32> {
        let mut bytes = [0u8; 16];
        blake3::Hasher::new().update(text.as_bytes()).finalize_xof().fill(&mut bytes);
        let v: Vec<f32> = bytes.iter().map(|b| f32::from(*b) - 127.5).collect();
        let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        v.iter().map(|x| x / norm).collect()
    }
}

fn write(ledger: &Ledger, id: &str, title: &str) {
    let text =
        format!("---\nid: {id}\nkind: learning\ntitle: {title}\ncreated: 2026-01-01T00:00:00Z\n---\nBody of {id}.\n");
    std::fs::write(ledger.item_path(Kind::Learning, id), text).unwrap();
}

/// A read a minute from now, when every file written so far is old enough
/// for its stamp to be trusted.
fn later(ledger: &Ledger) -> Refreshed {
    ledger.index_at(unix_now() + 60, |_| ()).unwrap().0
}

fn found(ledger: &Ledger) -> Vec<(String, bool)> {
    let refreshed = later(ledger);
    let items = ItemVectors::find(ledger, &refreshed, &Hashed, Duration::from_secs(5)).unwrap();
    let mut out: Vec<(String, bool)> =
        items.ranked.iter().map(|(pos, entry)| (refreshed.index.id(*pos).to_string(), entry.is_some())).collect();
    out.sort();
    out
}

#[test]
fn recorded_entries_serve_only_the_index_and_vectors_they_were_found_for() {
    let dir = tempfile::tempdir().unwrap();
    Ledger::init(dir.path()).unwrap();
    let ledger = Ledger::open(dir.path()).unwrap().with_encoder(Arc::new(Hashed));
    write(&ledger, "L-1", "first");
    write(&ledger, "L-2", "second");
    let map = dir.path().join(".agents/cache/vectors.map");
    let first = found(&ledger);
    assert_eq!(first, [("L-1".to_string(), true), ("L-2".to_string(), true)]);
    assert!(!map.exists(), "an index just built is not yet a verified cache");
    assert_eq!(found(&ledger), first);
    assert!(map.is_file(), "recorded once the cache is verified and every item has a vector");
    let recorded = std::fs::read(&map).unwrap();
    assert_eq!(found(&ledger), first, "the same answer from the record");
    assert_eq!(std::fs::read(&map).unwrap(), recorded, "used, not written again");

    write(&ledger, "L-3", "third");
    let third = found(&ledger);
    assert_eq!(third.len(), 3, "a new item is found, not the record's two: {third:?}");
    assert!(third.iter().all(|(_, has)| *has), "and embedded");
    assert_eq!(found(&ledger), third, "the next read verifies the updated cache");
    assert_ne!(std::fs::read(&map).unwrap(), recorded, "and records the new index's entries");

    std::fs::remove_file(ledger.item_path(Kind::Learning, "L-1")).unwrap();
    assert_eq!(found(&ledger), [("L-2".to_string(), true), ("L-3".to_string(), true)]);
}

/// Declares 16 dimensions and gives 8.
struct Short;

impl Encoder for Short {
    fn fingerprint(&self) -> [u8; 16] {
        [6; 16]
    }

    fn dims(&self) -> usize {
        16
    }

    fn embed(&self, _text: &str) -> Vec<f32> {
        vec![0.25; 8]
    }
}

#[test]
fn an_encoder_that_breaks_its_word_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    Ledger::init(dir.path()).unwrap();
    let ledger = Ledger::open(dir.path()).unwrap().with_encoder(Arc::new(Short));
    write(&ledger, "L-1", "first");
    let query = crate::rank::Query { text: "first", paths: &[] };
    let err = ledger.lookup(&query, 5, crate::time::Timestamp::now()).unwrap_err();
    assert!(err.to_string().contains("8 values, not 16"), "{err}");
}
