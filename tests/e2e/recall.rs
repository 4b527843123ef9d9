//! `agentops lookup`, `inject` and `cite` over learnings captured with
//! `agentops learn add`.

use crate::support::{Project, stderr, stdout};

fn json(out: &std::process::Output) -> serde_json::Value {
    assert!(out.status.success(), "{}", stderr(out));
    serde_json::from_str(&stdout(out)).unwrap()
}

const LEARNINGS: [(&str, &str); 4] = [
    (
        "Pin wasmtime to 48.0.8",
        "Pin `wasmtime = \"=48.0.8\"` in `Cargo.toml`, because 49 needs rustc 1.96 and `cargo build` fails with E0658.",
    ),
    (
        "Run ledger tests with one binary",
        "Use `cargo test -p agentops-ledger --test ledger`, because linking many test binaries takes 40 s on 2 cores.",
    ),
    (
        "Lock JSONL appends before writing",
        "Take `File::lock` on `log/citations.jsonl` before appending, otherwise concurrent hooks interleave lines.",
    ),
    (
        "Quote globs in agentops.toml",
        "Write `paths = [\"host/**\"]` with quotes, because an unquoted `**` fails to parse with a TOML error.",
    ),
];

/// A project with the four learnings captured; returns their ids in order.
fn project() -> (Project, Vec<String>) {
    let p = Project::new();
    assert!(p.agentops(&["init"], "").status.success());
    let ids = LEARNINGS
        .iter()
        .map(|(title, body)| {
            let added = json(&p.agentops(&["learn", "add", "--json", "--force", "--title", title, "--body", body], ""));
            added["id"].as_str().unwrap().to_string()
        })
        .collect();
    (p, ids)
}

fn ids_of(value: &serde_json::Value) -> Vec<String> {
    value["items"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap().to_string()).collect()
}

#[test]
fn lookup_finds_the_right_learning_first_and_sees_hand_edits() {
    let (p, ids) = project();
    let found = json(&p.agentops(&["lookup", "--json", "wasmtime", "version", "pin"], ""));
    assert_eq!(ids_of(&found)[0], ids[0], "{found}");
    let found = json(&p.agentops(&["lookup", "--json", "--limit", "1", "concurrent", "appends", "interleave"], ""));
    assert_eq!(ids_of(&found), [ids[2].clone()]);
    let text = stdout(&p.agentops(&["lookup", "toml", "globs"], ""));
    assert!(text.lines().next().unwrap().contains(&ids[3]), "{text}");

    // Edit an item by hand between two lookups: the next one sees the edit.
    let path = p.root().join(format!(".agents/learnings/{}.md", ids[1]));
    let file = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, file.replace("linking many test binaries", "linking many zeppelin binaries")).unwrap();
    let edited = json(&p.agentops(&["lookup", "--json", "zeppelin"], ""));
    assert_eq!(ids_of(&edited), [ids[1].clone()]);
    assert!(p.root().join(".agents/cache/index.bin").is_file());
}

#[test]
fn inject_respects_the_budget_and_the_session() {
    let (p, ids) = project();
    let budget = 80;
    let small = p.agentops(&["inject", "--max-tokens", &budget.to_string()], "");
    assert!(small.status.success(), "{}", stderr(&small));
    let text = stdout(&small);
    assert!(text.starts_with("## From the project ledger"), "{text}");
    assert!(text.chars().count().div_ceil(4) <= budget, "{} chars: {text}", text.chars().count());
    let blocks = text.matches("\n### ").count();
    assert!((1..4).contains(&blocks), "{text}");

    let query = ["inject", "--json", "--query", "wasmtime rustc", "--max-tokens", "2000"];
    assert_eq!(ids_of(&json(&p.agentops(&query, "")))[0], ids[0]);
    let first = json(&p.agentops(&["inject", "--format", "json", "--session", "s-1", "--max-tokens", "2000"], ""));
    assert_eq!(ids_of(&first).len(), 4);
    let again = p.agentops(&["inject", "--session", "s-1", "--max-tokens", "2000"], "");
    assert!(again.status.success());
    assert_eq!(stdout(&again), "", "nothing is injected twice");
    assert!(stderr(&again).contains("nothing new"), "{}", stderr(&again));

    let log = std::fs::read_to_string(p.root().join(".agents/log/citations.jsonl")).unwrap();
    let lines: Vec<serde_json::Value> = log.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), blocks + 1 + 4);
    assert!(lines.iter().all(|l| l["how"] == "retrieved"));
    assert_eq!(lines.iter().filter(|l| l["session"] == "s-1").count(), 4);
}

#[test]
fn cite_updates_counts_and_utility() {
    let (p, ids) = project();
    let cited = json(&p.agentops(&["cite", "--json", &ids[2], "--how", "helpful", "--session", "s-9"], ""));
    assert_eq!(cited["citations"]["helpful"], 1);
    assert_eq!(cited["utility"], 0.65);
    let applied = json(&p.agentops(&["cite", "--json", &ids[2][..14], "--how", "applied"], ""));
    assert_eq!(applied["citations"]["applied"], 1);
    assert!(applied["last_applied"].is_string());
    let shown = json(&p.agentops(&["learn", "show", "--json", &ids[2]], ""));
    assert_eq!(shown["citations"], applied["citations"]);
    let bad = p.agentops(&["cite", &ids[2], "--how", "great"], "");
    assert_eq!(bad.status.code(), Some(2));
    let log = std::fs::read_to_string(p.root().join(".agents/log/citations.jsonl")).unwrap();
    assert_eq!(log.lines().count(), 2);
}
