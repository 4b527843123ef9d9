use super::*;
use crate::frontmatter::parse;
use crate::item::Item;

const DAY: i64 = 86_400;
const NOW: i64 = 20_000 * DAY;

fn item(id: &str, title: &str, extra: &str) -> Item {
    let text = format!("---\nid: {id}\nkind: learning\ntitle: {title}\ncreated: 2020-01-01T00:00:00Z\n{extra}---\n");
    parse(std::path::Path::new(&format!("{id}.md")), text.as_bytes()).unwrap()
}

fn updated(days_ago: i64) -> String {
    format!("updated: {}\n", Timestamp::from_unix(NOW - days_ago * DAY))
}

fn sample() -> Index {
    Index::from_items(&[
        item("X", "cargo lock", &format!("tier: gold\n{}", updated(0))),
        item("Y", "cargo test", &format!("utility: 1.0\n{}", updated(90))),
        item("Z", "git hooks", &format!("tier: bronze\npaths: ['host/**']\n{}", updated(0))),
        item("W", "cargo", &format!("status: retired\ntier: gold\n{}", updated(0))),
    ])
}

fn scores(ranked: &[Ranked], index: &Index) -> Vec<(String, f64)> {
    ranked.iter().map(|r| (index.meta(r.pos).id.clone(), (r.score * 1e9).round() / 1e9)).collect()
}

#[test]
fn without_words_items_rank_by_standing() {
    let index = sample();
    let now = Timestamp::from_unix(NOW);
    let ranked = rank(&index, &Query::default(), 90.0, now);
    // X: 1 · 1 · (0.5 + 0.5) · 1.2 = 1.2; Z: bronze 1.0; Y: decay 0.5 · utility 1.5 · unscored 0.9 = 0.675.
    assert_eq!(scores(&ranked, &index), [("X".into(), 1.2), ("Z".into(), 1.0), ("Y".into(), 0.675)]);
    // Working on a file under host/ boosts Z by 1.5.
    let paths = ["host/ledger/src/lib.rs".to_string()];
    let scoped = rank(&index, &Query { text: "", paths: &paths }, 90.0, now);
    assert_eq!(scores(&scoped, &index)[0], ("Z".into(), 1.5));
    assert!(scoped[0].in_scope && !scoped[1].in_scope);
    // `*` does not cross folders.
    let shallow = Index::from_items(&[item("S", "t", "paths: ['host/*.rs']\n")]);
    assert!(!rank(&shallow, &Query { text: "", paths: &paths }, 90.0, now)[0].in_scope);
}

#[test]
fn relevance_is_normalized_by_the_best_match() {
    let index = sample();
    let now = Timestamp::from_unix(NOW);
    let ranked = rank(&index, &Query { text: "cargo lock", paths: &[] }, 90.0, now);
    let bm25 = index.scores("cargo lock");
    // X matches both words and is the best match: relevance 1.
    assert_eq!(ranked[0].pos, 0);
    assert_eq!(ranked[0].relevance, 1.0);
    assert_eq!(ranked[1].relevance, bm25[1] / bm25[0]);
    assert!((ranked[1].score - bm25[1] / bm25[0] * 0.675).abs() < 1e-12);
    // Z shares no word; W is retired.
    assert_eq!(ranked.len(), 2);
    assert!(rank(&index, &Query { text: "unrelated", paths: &[] }, 90.0, now).is_empty());
}

#[test]
fn ties_go_to_the_smaller_id() {
    let index = Index::from_items(&[item("L-b", "same", ""), item("L-a", "same", "")]);
    let ranked = rank(&index, &Query { text: "same", paths: &[] }, 90.0, Timestamp::from_unix(NOW));
    assert_eq!(index.meta(ranked[0].pos).id, "L-a");
}

#[test]
fn meaning_is_scaled_to_its_weight_above_the_floor() {
    assert_eq!(scale_meaning(&[0.125, 0.25, 0.75, 0.5], 0.5, 0.25), [0.0, 0.0, 0.5, 0.25]);
    assert_eq!(scale_meaning(&[0.125, 0.25], 0.5, 0.25), [0.0, 0.0], "nothing above the floor");
}

#[test]
fn meaning_ranks_items_without_a_shared_word() {
    let index = sample();
    let query = Query { text: "cargo", paths: &[] };
    let now = Timestamp::from_unix(NOW);
    // Z ("git hooks") shares no word with the query but is closest in
    // meaning: it ranks, above Y (older, less similar), below X (gold,
    // matching both ways). W is retired and stays out.
    let sims = [0.3, 0.25, 0.9, 0.9];
    let blended = Ranking::blended(&index, &query, word_scores(&index, &query), Some((&sims, 0.5, 0.2)), 90.0, now);
    let ids: Vec<String> = blended.iter(&index).map(|r| index.meta(r.pos).id.clone()).collect();
    assert_eq!(ids, ["X", "Z", "Y"]);
    let words: Vec<String> =
        Ranking::new(&index, &query, 90.0, now).iter(&index).map(|r| index.meta(r.pos).id.clone()).collect();
    assert!(!words.contains(&"Z".to_string()), "{words:?}");
}
