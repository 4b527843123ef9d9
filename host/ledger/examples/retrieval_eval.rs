//! Prints recall@5 and MRR of `lookup` on the labelled retrieval set of
//! `tests/fixtures/retrieval/` (see docs/ledger.md, "Retrieval quality").
//!
//! `cargo run --release -p agentops-ledger --example retrieval_eval`
//!
//! The evaluation code is the test's own module, compiled in here.

#[path = "../tests/ledger/retrieval_quality.rs"]
#[allow(dead_code)]
mod retrieval_quality;

use retrieval_quality::{evaluate, fixture_ledger, query_set};

fn main() {
    let (_dir, ledger) = fixture_ledger();
    let items = ledger.load().items.len();
    println!("{items} items");
    for file in ["queries.json", "symptoms.json", "heldout.json"] {
        let start = std::time::Instant::now();
        let figures = evaluate(&ledger, &query_set(file));
        let per_query = start.elapsed().as_secs_f64() * 1000.0 / figures.queries as f64;
        println!(
            "{file}: {} queries, recall@5 {:.3}, MRR {:.3} ({per_query:.2} ms per lookup)",
            figures.queries, figures.recall_at_5, figures.mrr
        );
        for (query, top5) in &figures.misses {
            println!("  miss: {query:?} -> {top5:?}");
        }
    }
}
