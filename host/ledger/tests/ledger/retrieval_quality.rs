//! The labelled retrieval set of `tests/fixtures/retrieval/` (issue 3,
//! "Quality and speed"): 210 learnings written like real engineering
//! lessons, `queries.json` (phrased with the lessons' words, as an agent
//! searches), `symptoms.json` (phrased as a developer describes the problem
//! before knowing the answer; the thesaurus was written against it) and
//! `heldout.json` (phrased the same way, written afterwards and never used to
//! tune retrieval).
//!
//! Per query, the items are ranked by [`Ledger::lookup`] as `agentops
//! lookup` does, and two figures are averaged over the set:
//!
//! - recall@5: the share of the query's relevant ids among the first 5 hits;
//! - MRR: 1 / the rank of the first relevant hit within the first 10, else 0.
//!
//! Also compiled into `examples/retrieval_eval.rs`, which prints the figures.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use agentops_ledger::{Ledger, Query, Timestamp};

/// Ranks looked at for MRR.
pub const MRR_DEPTH: usize = 10;

/// The figures of one query set.
#[derive(Debug)]
pub struct Figures {
    pub queries: usize,
    pub recall_at_5: f64,
    pub mrr: f64,
    /// Queries whose relevant ids are not all in the top 5, with the top 5.
    pub misses: Vec<(String, Vec<String>)>,
}

/// The fixture folder.
pub fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/retrieval")
}

/// The evaluation day: the fixture's items were captured in February 2026.
pub fn eval_now() -> Timestamp {
    Timestamp::parse("2026-03-01T00:00:00Z").expect("valid timestamp")
}

/// A temp project whose ledger holds the fixture's items, as files.
pub fn fixture_ledger() -> (tempfile::TempDir, Ledger) {
    let dir = tempfile::tempdir().expect("temp dir");
    Ledger::init(dir.path()).expect("init");
    let ledger = Ledger::open(dir.path()).expect("open");
    let learnings = ledger.dir().join("learnings");
    for entry in std::fs::read_dir(fixture_dir().join("items")).expect("fixture items") {
        let path = entry.expect("fixture entry").path();
        std::fs::copy(&path, learnings.join(path.file_name().expect("file name"))).expect("copy item");
    }
    (dir, ledger)
}

/// The embedding model for ranking by meaning, fetched by
/// `scripts/fetch-model.sh` into `target/models/all-minilm-l6-v2`; `None`
/// (the caller skips, saying so) when it is missing, unless `CI=true`, where
/// it must be there.
pub fn test_model() -> Option<Arc<agentops_embed::Model>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/models/all-minilm-l6-v2");
    match agentops_embed::Model::open(&dir) {
        Ok(model) => Some(Arc::new(model)),
        Err(e) if std::env::var("CI").as_deref() == Ok("true") => panic!("{e}"),
        Err(e) => {
            eprintln!("skipped: ranking by meaning needs the model ({e})");
            None
        }
    }
}

/// The fixture's ledger ranking by meaning with `model`, `semantic_weight`
/// `weight` and `semantic_floor` `floor`, every item embedded.
pub fn fixture_ledger_by_meaning(dir: &Path, model: &Arc<agentops_embed::Model>, weight: f64, floor: f64) -> Ledger {
    fixture_ledger_configured(dir, model, &format!("semantic_weight = {weight}\nsemantic_floor = {floor}\n"))
}

/// The fixture ledger ranking by meaning with `settings` under `[ledger]`.
pub fn fixture_ledger_configured(dir: &Path, model: &Arc<agentops_embed::Model>, settings: &str) -> Ledger {
    let config = dir.join(".agents/agentops.toml");
    let text = format!("[ledger]\n{settings}");
    std::fs::write(&config, text).expect("config");
    let ledger = Ledger::open(dir).expect("open").with_encoder(model.clone());
    let (_, left) = ledger.embed_items(std::time::Duration::MAX).expect("embed");
    assert_eq!(left, 0, "every item embedded");
    ledger
}

/// Reads `file` (`queries.json`, `symptoms.json` or `heldout.json`):
/// `[{query, relevant}]`.
pub fn query_set(file: &str) -> Vec<(String, Vec<String>)> {
    let text = std::fs::read_to_string(fixture_dir().join(file)).expect("query set");
    let rows: Vec<serde_json::Value> = serde_json::from_str(&text).expect("query set is JSON");
    rows.iter()
        .map(|row| {
            let query = row["query"].as_str().expect("query is a string").to_string();
            let relevant =
                row["relevant"].as_array().expect("relevant is a list").iter().map(|v| v.as_str().unwrap().to_string());
            (query, relevant.collect())
        })
        .collect()
}

/// Recall@5 and MRR of `ledger` on `set`.
pub fn evaluate(ledger: &Ledger, set: &[(String, Vec<String>)]) -> Figures {
    let (mut recall, mut mrr, mut misses) = (0.0, 0.0, Vec::new());
    for (query, relevant) in set {
        let (hits, errors) = ledger.lookup(&Query { text: query, paths: &[] }, MRR_DEPTH, eval_now()).expect("lookup");
        assert!(errors.is_empty(), "{errors:?}");
        let ids: Vec<String> = hits.into_iter().map(|h| h.item.id).collect();
        let top5 = &ids[..ids.len().min(5)];
        let found = relevant.iter().filter(|r| top5.contains(r)).count();
        recall += found as f64 / relevant.len() as f64;
        if let Some(rank) = ids.iter().position(|id| relevant.contains(id)) {
            mrr += 1.0 / (rank + 1) as f64;
        }
        if found < relevant.len() {
            misses.push((query.clone(), top5.to_vec()));
        }
    }
    let n = set.len() as f64;
    Figures { queries: set.len(), recall_at_5: recall / n, mrr: mrr / n, misses }
}

#[test]
fn the_fixture_is_a_valid_ledger_of_200_items_with_labelled_queries() {
    let (_dir, ledger) = fixture_ledger();
    let loaded = ledger.load();
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    assert!(loaded.items.len() >= 200, "{}", loaded.items.len());
    let ids: std::collections::HashSet<&str> = loaded.items.iter().map(|i| i.id.as_str()).collect();
    for (file, min) in [("queries.json", 50), ("symptoms.json", 30), ("heldout.json", 40)] {
        let set = query_set(file);
        assert!(set.len() >= min, "{file}: {}", set.len());
        for (query, relevant) in &set {
            assert!(!relevant.is_empty() && relevant.iter().all(|r| ids.contains(r.as_str())), "{file}: {query}");
        }
    }
    // The held-out set shares no query with the set the thesaurus was written against.
    let symptoms: Vec<String> = query_set("symptoms.json").into_iter().map(|(q, _)| q).collect();
    for (query, _) in query_set("heldout.json") {
        assert!(!symptoms.contains(&query), "heldout.json repeats {query:?}");
    }
}

#[test]
fn retrieval_quality_on_the_labelled_set() {
    let (_dir, ledger) = fixture_ledger();
    let words = evaluate(&ledger, &query_set("queries.json"));
    let symptoms = evaluate(&ledger, &query_set("symptoms.json"));
    let heldout = evaluate(&ledger, &query_set("heldout.json"));
    for (name, figures) in [("queries.json", &words), ("symptoms.json", &symptoms), ("heldout.json", &heldout)] {
        println!("{name}: {} queries, recall@5 {:.3}, MRR {:.3}", figures.queries, figures.recall_at_5, figures.mrr);
        for (query, top5) in &figures.misses {
            println!("  miss: {query:?} -> {top5:?}");
        }
    }
    assert!(words.recall_at_5 >= 0.95, "recall@5 {:.3} on queries.json", words.recall_at_5);
    assert!(words.mrr >= 0.9, "MRR {:.3} on queries.json", words.mrr);
    // Plain BM25 finds 0.466 here; the thesaurus's query expansion reaches
    // 0.735 (docs/ledger.md, "Retrieval quality"): hold the target.
    // The thesaurus was written against these queries, so this overstates it.
    assert!(symptoms.recall_at_5 >= 0.7, "recall@5 {:.3} on symptoms.json", symptoms.recall_at_5);
    // The held-out figure (measured recall@5 0.534, MRR 0.355; plain BM25
    // 0.478 and 0.320) is not a target: the floors sit 0.1 below it and only
    // catch a regression. Do not tune the thesaurus or ranking to this set.
    assert!(heldout.recall_at_5 >= 0.43, "recall@5 {:.3} on heldout.json", heldout.recall_at_5);
    assert!(heldout.mrr >= 0.25, "MRR {:.3} on heldout.json", heldout.mrr);
}

#[test]
fn retrieval_quality_by_meaning_on_the_labelled_set() {
    let Some(model) = test_model() else { return };
    let (dir, _) = fixture_ledger();
    // The defaults, chosen on symptoms.json by `examples/meaning_tune.rs`.
    let defaults = agentops_ledger::LedgerConfig::default();
    let ledger = fixture_ledger_by_meaning(dir.path(), &model, defaults.semantic_weight, defaults.semantic_floor);
    let words = evaluate(&ledger, &query_set("queries.json"));
    let symptoms = evaluate(&ledger, &query_set("symptoms.json"));
    let heldout = evaluate(&ledger, &query_set("heldout.json"));
    for (name, figures) in [("queries.json", &words), ("symptoms.json", &symptoms), ("heldout.json", &heldout)] {
        println!("by meaning, {name}: recall@5 {:.3}, MRR {:.3}", figures.recall_at_5, figures.mrr);
        for (query, top5) in &figures.misses {
            println!("  miss: {query:?} -> {top5:?}");
        }
    }
    assert!(words.recall_at_5 >= 0.95 && words.mrr >= 0.9, "queries.json: {words:?}");
    assert!(symptoms.recall_at_5 >= 0.7, "symptoms.json: {:.3}", symptoms.recall_at_5);
    // The target on phrasings nothing was tuned on (measured 0.833,
    // MRR 0.612).
    assert!(heldout.recall_at_5 >= 0.7, "recall@5 {:.3} on heldout.json", heldout.recall_at_5);
    assert!(heldout.mrr >= 0.5, "MRR {:.3} on heldout.json", heldout.mrr);
}

/// A large ledger's queries compare only the items nearest by sign code
/// (and the best by words): forced on the labelled set at the default
/// share, one item in 32 (7 of 210), recall must stay where it was.
#[test]
fn retrieval_quality_by_meaning_with_a_shortlist() {
    let Some(model) = test_model() else { return };
    let (dir, _) = fixture_ledger();
    let share = agentops_ledger::LedgerConfig::default().semantic_shortlist;
    let ledger = fixture_ledger_configured(
        dir.path(),
        &model,
        &format!("semantic_exact_up_to = 0\nsemantic_shortlist = {share}\n"),
    );
    for (name, floor) in [("queries.json", 0.95), ("symptoms.json", 0.7), ("heldout.json", 0.7)] {
        let figures = evaluate(&ledger, &query_set(name));
        println!("shortlist of {share}, {name}: recall@5 {:.3}, MRR {:.3}", figures.recall_at_5, figures.mrr);
        assert!(figures.recall_at_5 >= floor, "{name}: {:.3}", figures.recall_at_5);
    }
}
