use super::*;
use crate::frontmatter::parse;
use crate::store::Ledger;
use delta::Delta;

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
fn a_written_base_drops_unused_terms_and_keeps_scores() {
    let index = Index::from_items(&sample());
    let before = index.scores("cargo test version");
    // Only B is written: A's and C's own words are dropped.
    let records = [record(&index, 1)];
    let vocab: Vec<&str> = index.vocab.iter().map(String::as_str).collect();
    let contents =
        segment::Contents { records: &records, vocab: &vocab, broken: &[], folders: [None; 5], checked_at: 7 };
    let seg = Segment::from_bytes(segment::encode(&contents)).unwrap();
    assert_eq!(seg.vocab().unwrap().len(), 5); // git hook cargo run test
    let back = Index::open(Arc::new(seg), &Delta::default()).unwrap();
    assert!(back.scores("cargo test version")[0] > 0.0 && before[1] > 0.0);
    assert_eq!(back.scores("version"), [0.0]);
}

/// The record of in-memory document `pos`.
fn record(index: &Index, pos: usize) -> segment::Record {
    segment::Record {
        name: std::str::from_utf8(index.name(pos)).unwrap().to_string(),
        stamp: fresh::Stamp::default(),
        hash: [0; 16],
        row: index.row(pos),
        paths: index.paths(pos),
        terms: index.terms(pos),
    }
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
    assert_eq!((first.reindexed, first.index.len()), (2, 2));
    assert!(dir.path().join(".agents").join(CACHE_FILE).is_file());

    // Same size, same second: the racy check re-reads and sees the edit.
    write_item(&ledger, "L-2", "Use nextest", "it runs tests in PARALLEL");
    write_item(&ledger, "L-2", "Use nextest", "it runs jobs  in parallel");
    let edited = ledger.index().unwrap();
    assert_eq!(edited.reindexed, 1);
    let pos = edited.index.positions().find(|p| edited.index.id(*p) == "L-2").unwrap();
    assert!(edited.index.scores("jobs")[pos] > 0.0);

    std::fs::remove_file(ledger.item_path(Kind::Learning, "L-1")).unwrap();
    write_item(&ledger, "L-3", "Broken", "");
    std::fs::write(ledger.item_path(Kind::Learning, "L-4"), "no frontmatter").unwrap();
    let changed = ledger.index().unwrap();
    let ids: Vec<&str> = changed.index.ids().collect();
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
    let index = Index::from_items(&sample());
    let mut records: Vec<_> = (0..3).map(|p| record(&index, p)).collect();
    records[1].stamp.size = 42;
    records[2].paths = vec!["src/**".into()];
    let vocab: Vec<&str> = index.vocab.iter().map(String::as_str).collect();
    let contents = segment::Contents {
        records: &records,
        vocab: &vocab,
        broken: &[(0, "L-x.md".into())],
        folders: [None; 5],
        checked_at: 7,
    };
    let bytes = segment::encode(&contents);
    let seg = Segment::from_bytes(bytes.clone()).unwrap();
    assert_eq!(seg.h.checked_at, 7);
    assert_eq!(seg.stamps(0, 3).unwrap()[1].size, 42);
    assert_eq!(seg.broken().unwrap(), [(0, "L-x.md".to_string())]);
    let back = Index::open(Arc::new(seg), &Delta::default()).unwrap();
    assert_eq!(back.len(), 3);
    for (pos, record) in records.iter().enumerate() {
        assert_eq!(back.meta(pos), DocMeta { paths: record.paths.clone(), ..index.meta(pos) });
        let words = |i: &Index, p| {
            i.terms(p)
                .iter()
                .map(|(t, tf)| {
                    (
                        i.base_vocab()
                            .map_or_else(|| i.vocab[*t as usize].clone(), |v| v.term(*t).unwrap().to_string()),
                        *tf,
                    )
                })
                .collect::<std::collections::BTreeMap<_, _>>()
        };
        assert_eq!(words(&back, pos), words(&index, pos));
    }
    assert_eq!(back.scores("cargo lock"), index.scores("cargo lock"));
    assert!(Segment::from_bytes(bytes[..bytes.len() - 1].to_vec()).is_none());
    let mut flipped = bytes.clone();
    flipped[40] ^= 1;
    assert!(Segment::from_bytes(flipped).is_none(), "the header is hashed");
}
