//! `agentops init` and `agentops learn` on a real git repository.

use crate::support::{Project, stderr, stdout};

const GOOD: &str = "Run `cargo test --workspace --locked` in `.ci/run`, because an unlocked build picked up \
    serde 1.0.230 and broke `host/ledger/src/item.rs` on 2026-11-20. Otherwise CI drifts from local builds.";

fn json(out: &std::process::Output) -> serde_json::Value {
    assert!(out.status.success(), "{}", stderr(out));
    serde_json::from_str(&stdout(out)).unwrap()
}

#[test]
fn init_then_capture_list_show_retire_and_supersede() {
    let p = Project::new();
    let first = json(&p.agentops(&["init", "--json"], ""));
    assert!(first["entries"].as_array().unwrap().iter().any(|e| e["path"] == ".agents/agentops.toml"));
    let again = p.agentops(&["init"], "");
    assert!(stdout(&again).contains("nothing changed"), "{}", stdout(&again));

    let added = json(&p.agentops(
        &["learn", "add", "--json", "--title", "Run cargo test with --locked in CI", "--body", GOOD, "--tag", "ci"],
        "",
    ));
    let id = added["id"].as_str().unwrap().to_string();
    assert!(id.starts_with("L-"), "{id}");
    assert!(["gold", "silver", "bronze"].contains(&added["tier"].as_str().unwrap()), "{added}");
    assert!(p.root().join(format!(".agents/learnings/{id}.md")).is_file());

    let from_stdin = json(&p.agentops(
        &["learn", "add", "--json", "--file", "-", "--confidence", "0.9"],
        "# Pin wasmtime to 48.0.8\n\nPin `wasmtime = \"=48.0.8\"` in `Cargo.toml`, because 49 needs rustc 1.96 and \
         `cargo build` fails with E0658 on 1.95.\n",
    ));
    assert_eq!(from_stdin["title"], "Pin wasmtime to 48.0.8");

    let listed = json(&p.agentops(&["learn", "list", "--json", "--tag", "ci"], ""));
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);
    let shown = json(&p.agentops(&["learn", "show", "--json", &id[..14]], ""));
    assert_eq!(shown["id"], id.as_str(), "a unique prefix finds the item");

    let new_id = from_stdin["id"].as_str().unwrap();
    let both = json(&p.agentops(&["learn", "supersede", "--json", &id, new_id], ""));
    assert_eq!(both["old"]["status"], "superseded");
    assert_eq!(both["new"]["supersedes"][0], id.as_str());
    let retired = json(&p.agentops(&["learn", "retire", "--json", new_id], ""));
    assert_eq!(retired["status"], "retired");
    let active = json(&p.agentops(&["learn", "list", "--json"], ""));
    assert!(active["items"].as_array().unwrap().is_empty());
    let all = json(&p.agentops(&["learn", "list", "--json", "--status", "all"], ""));
    assert_eq!(all["items"].as_array().unwrap().len(), 2);
}

#[test]
fn weak_learnings_and_missing_ledgers_are_refused_with_a_hint() {
    let p = Project::new();
    let out = p.agentops(&["learn", "list"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("agentops init"), "{}", stderr(&out));
    p.agentops(&["init"], "");
    let out = p.agentops(&["learn", "add", "--title", "x", "--body", "y"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("below the bronze threshold"), "{}", stderr(&out));
    let forced = p.agentops(&["learn", "add", "--title", "x", "--body", "y", "--force"], "");
    assert!(forced.status.success(), "{}", stderr(&forced));
}

#[test]
fn a_hand_broken_item_is_named_and_skipped() {
    let p = Project::new();
    p.agentops(&["init"], "");
    json(&p.agentops(&["learn", "add", "--json", "--title", "Lock CI builds", "--body", GOOD], ""));
    p.write(".agents/learnings/L-20260101-deadbeef.md", "---\nid: L-20260101-deadbeef\ntitle: [unclosed\n---\n");
    let out = p.agentops(&["learn", "list"], "");
    assert!(out.status.success());
    assert_eq!(stdout(&out).lines().count(), 1, "{}", stdout(&out));
    assert!(stderr(&out).contains("L-20260101-deadbeef.md:4: the frontmatter is not valid YAML"), "{}", stderr(&out));
}

/// Commits everything in the project's work tree.
fn commit_all(p: &Project, message: &str) {
    let repo = git2::Repository::open(p.root()).unwrap();
    let mut index = repo.index().unwrap();
    index.add_all(["*"], git2::IndexAddOption::DEFAULT, None).unwrap();
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let who = git2::Signature::now("Ada", "ada@example.com").unwrap();
    let parent = repo.head().ok().and_then(|h| h.peel_to_commit().ok());
    repo.commit(Some("HEAD"), &who, &who, message, &tree, &parent.iter().collect::<Vec<_>>()).unwrap();
}

#[test]
fn ledger_log_lists_the_commits_that_changed_an_item() {
    let p = Project::new();
    p.agentops(&["init"], "");
    let added = json(&p.agentops(&["learn", "add", "--json", "--title", "Lock CI builds", "--body", GOOD], ""));
    let id = added["id"].as_str().unwrap();
    let none = json(&p.agentops(&["ledger", "log", "--json", id], ""));
    assert_eq!(none["revisions"], serde_json::json!([]), "uncommitted changes are not history");
    commit_all(&p, "Capture the CI lesson");
    p.write("unrelated.txt", "x");
    commit_all(&p, "Unrelated change");
    json(&p.agentops(&["learn", "retire", "--json", id], ""));
    commit_all(&p, "Retire the CI lesson");
    let log = json(&p.agentops(&["ledger", "log", "--json", id], ""));
    let summaries: Vec<&str> =
        log["revisions"].as_array().unwrap().iter().map(|r| r["summary"].as_str().unwrap()).collect();
    assert_eq!(summaries, ["Retire the CI lesson", "Capture the CI lesson"]);
    assert_eq!(log["revisions"][0]["author"], "Ada <ada@example.com>");
}
