//! Chooses `semantic_weight` and `semantic_floor` for ranking by meaning on
//! the labelled retrieval set (docs/ledger.md, "Ranking by meaning"): every
//! pair of a grid is scored on `symptoms.json`, with `queries.json` as a
//! guard (recall@5 >= 0.95 and MRR >= 0.9 must hold); the best symptoms
//! recall@5 wins, MRR breaking ties. Only the chosen pair is then measured on
//! `heldout.json`, which chooses nothing.
//!
//! `bash scripts/fetch-model.sh && cargo run --release -p agentops-ledger --example meaning_tune`

#[path = "../tests/ledger/retrieval_quality.rs"]
#[allow(dead_code)]
mod retrieval_quality;

use retrieval_quality::{evaluate, fixture_ledger, fixture_ledger_by_meaning, query_set, test_model};

fn main() {
    let Some(model) = test_model() else { return };
    let (dir, _) = fixture_ledger();
    let (queries, symptoms, heldout) =
        (query_set("queries.json"), query_set("symptoms.json"), query_set("heldout.json"));
    let mut best: Option<(f64, f64, f64, f64)> = None;
    for weight in [0.3, 0.4, 0.5, 0.6, 0.7, 0.8] {
        for floor in [0.0, 0.1, 0.2, 0.3] {
            let ledger = fixture_ledger_by_meaning(dir.path(), &model, weight, floor);
            let guard = evaluate(&ledger, &queries);
            let tuned = evaluate(&ledger, &symptoms);
            let ok = guard.recall_at_5 >= 0.95 && guard.mrr >= 0.9;
            println!(
                "weight {weight:.1} floor {floor:.1}: queries {:.3}/{:.3}, symptoms {:.3}/{:.3}{}",
                guard.recall_at_5,
                guard.mrr,
                tuned.recall_at_5,
                tuned.mrr,
                if ok { "" } else { "  (fails the guard)" }
            );
            let better = best.is_none_or(|(_, _, r, m)| (tuned.recall_at_5, tuned.mrr) > (r, m));
            if ok && better {
                best = Some((weight, floor, tuned.recall_at_5, tuned.mrr));
            }
        }
    }
    let Some((weight, floor, ..)) = best else {
        println!("no pair passes the guard");
        return;
    };
    let ledger = fixture_ledger_by_meaning(dir.path(), &model, weight, floor);
    let held = evaluate(&ledger, &heldout);
    println!(
        "chosen: weight {weight:.1} floor {floor:.1}; heldout.json recall@5 {:.3}, MRR {:.3}",
        held.recall_at_5, held.mrr
    );
}
