use super::*;
use crate::frontmatter::parse;
use crate::store::Ledger;

fn item(id: &str, status: &str, title: &str, tags: &str, body: &str) -> Item {
    let text = format!(
        "---\nid: {id}\nkind: learning\ntitle: {title}\ntags: [{tags}]\ncreated: 2026-01-01T00:00:00Z\nstatus: {status}\n---\n{body}"
    );
    parse(std::path::Path::new(&format!("{id}.md")), text.as_bytes()).unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

fn sample() -> Vec<Item> {
    vec![
        item("A", "active", "cargo lock", "", "pin the version"),
        item("B", "active", "git hooks", "cargo", "run cargo test"),
        item("C", "retired", "cargo", "", ""),
    ]
}

#[test]
fn bm25f_scores_by_hand() {
    let index = Index::from_items(&sample());
    let s = index.scores("Cargo");
    // Active: N = 2, df(cargo) = 2, idf = ln(1.2). Mean lengths: title 2,
    // tags 0.5, body 2.5.
    let idf = 1.2f64.ln();
    // A: title tf 1 at mean length: tf~ = 3.
    assert!(close(s[0], idf * 3.0 * 2.2 / 4.2), "{}", s[0]);
    // B: tags tf 1, length 1 (norm 0.25 + 0.75 · 2 = 1.75); body tf 1,
    // length 3 (norm 0.25 + 0.75 · 1.2 = 1.15).
    let t = 2.0 / 1.75 + 1.0 / 1.15;
    assert!(close(s[1], idf * t * 2.2 / (t + 1.2)), "{}", s[1]);
    // Retired items do not score, and do not count in the statistics.
    assert_eq!(s[2], 0.0);
    assert_eq!(index.scores("unknown words"), [0.0, 0.0, 0.0]);
}

#[test]
fn similarity_is_normalized_by_the_text_itself() {
    let index = Index::from_items(&sample());
    assert_eq!(index.best_similarity("git hooks cargo run cargo test"), 1.0);
    assert_eq!(index.best_similarity("nothing alike here"), 0.0);
    let partial = index.best_similarity("pin the version of serde");
    assert!(partial > 0.3 && partial < 1.0, "{partial}");
    assert_eq!(Index::default().best_similarity("anything"), 0.0);
}

#[test]
fn compaction_drops_unused_terms_and_keeps_scores() {
    let mut index = Index::from_items(&sample());
    let before = index.scores("cargo test version");
    index.docs.remove(2);
    index.docs.remove(0);
    index.compact();
    assert_eq!(index.vocab.len(), 5, "{:?}", index.vocab); // git hook cargo run test
    let after = index.scores("cargo test version");
    assert!(after[0] > 0.0 && before[1] > 0.0);
}

fn write_item(ledger: &Ledger, id: &str, title: &str, body: &str) {
    let text = format!("---\nid: {id}\nkind: learning\ntitle: {title}\ncreated: 2026-01-01T00:00:00Z\n---\n{body}\n");
    std::fs::write(ledger.item_path(Kind::Learning, id), text).unwrap();
}

#[test]
fn the_cache_follows_every_change_to_the_files() {
    let dir = tempfile::tempdir().unwrap();
    Ledger::init(dir.path()).unwrap();
    let ledger = Ledger::open(dir.path()).unwrap();
    write_item(&ledger, "L-1", "Pin wasmtime", "because 49 needs a newer rustc");
    write_item(&ledger, "L-2", "Use nextest", "it runs tests in parallel");
    let first = ledger.index().unwrap();
    assert_eq!((first.reindexed, first.index.docs.len()), (2, 2));
    assert!(dir.path().join(".agents").join(CACHE_FILE).is_file());

    // Same size, same second: the racy check re-reads and sees the edit.
    write_item(&ledger, "L-2", "Use nextest", "it runs tests in PARALLEL");
    write_item(&ledger, "L-2", "Use nextest", "it runs jobs  in parallel");
    let edited = ledger.index().unwrap();
    assert_eq!(edited.reindexed, 1);
    assert!(edited.index.scores("jobs")[1] > 0.0);

    std::fs::remove_file(ledger.item_path(Kind::Learning, "L-1")).unwrap();
    write_item(&ledger, "L-3", "Broken", "");
    std::fs::write(ledger.item_path(Kind::Learning, "L-4"), "no frontmatter").unwrap();
    let changed = ledger.index().unwrap();
    let ids: Vec<&str> = changed.index.metas().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["L-2", "L-3"]);
    assert_eq!(changed.errors.len(), 1, "the broken file is reported");

    // A corrupt or foreign cache is rebuilt.
    std::fs::write(dir.path().join(".agents").join(CACHE_FILE), b"AOLEDGX\0garbage").unwrap();
    let rebuilt = ledger.index().unwrap();
    assert_eq!(rebuilt.reindexed, 3);
    assert_eq!(rebuilt.index.metas().count(), 2);
}

#[test]
fn the_cache_round_trips() {
    let mut index = Index::from_items(&sample());
    index.docs[1].stamp.size = 42;
    let bytes = cache::encode(&index, 7);
    let (built_at, back) = cache::decode(bytes.clone()).unwrap();
    assert_eq!(built_at, 7);
    assert_eq!(back.vocab, index.vocab);
    assert_eq!(back.docs.len(), index.docs.len());
    for (b, i) in back.docs.iter().zip(&index.docs) {
        assert_eq!((&b.rel, &b.stamp, &b.meta, b.len), (&i.rel, &i.stamp, &i.meta, i.len));
        assert_eq!(back.terms(b).collect::<Vec<_>>(), index.terms(i).collect::<Vec<_>>());
    }
    assert_eq!(cache::encode(&back, 7), bytes, "encoded terms are written back as they were");
    assert!(cache::decode(bytes[..bytes.len() - 1].to_vec()).is_none());
}
