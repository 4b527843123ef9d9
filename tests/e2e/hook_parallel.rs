//! Many agents call hooks at once: 64 concurrent `agentops hook` processes
//! on one project, half starting sessions and half citing edits in sessions
//! that already started, lose and tear no run-log line and no citation.

use std::collections::BTreeSet;
use std::sync::Barrier;

use agentops_ledger::Ledger;
use serde_json::Value;

use crate::hook::{FIXTURE_ROOT, answer, fixture, hook, ledger_project, log_lines, write_item};

const ITEMS: [&str; 3] = ["L-src", "L-docs", "L-any"];
/// Sessions started before the burst, each then editing twice during it.
const EDITING: usize = 16;
/// Sessions started during the burst.
const STARTING: usize = 32;
const EDITS_PER_SESSION: usize = 2;

/// A Claude Code session start of `session`.
fn start(session: &str) -> String {
    fixture("claude-code", "SessionStart").replace("37384c92-efae-4ef5-86c8-a760a656f94f", session)
}

/// A Codex patch in `session` that updates a file in each of the two scopes.
fn patch(session: &str, root: &str) -> String {
    let two_files = "*** Update File: src/lib.rs\\n@@\\n-a\\n+b\\n*** Update File: docs/guide.md\\n";
    fixture("codex", "PostToolUse+apply_patch")
        .replace("01a2148e-ce42-7d60-a359-28efe16ec010", session)
        .replace("*** Update File: src/lib.rs\\n", two_files)
        .replace(FIXTURE_ROOT, root)
}

#[test]
fn sixty_four_concurrent_hooks_lose_no_run_line_and_no_citation() {
    let p = ledger_project();
    write_item(&p, "L-src", "Sources", "['src/**']", "Library sources return errors.");
    write_item(&p, "L-docs", "Guides", "['docs/**']", "Guides show a runnable example first.");
    write_item(&p, "L-any", "Commits", "[]", "Each commit holds one concern.");
    let root = p.root().to_str().unwrap().to_string();
    let editing: Vec<String> = (0..EDITING).map(|i| format!("edit-{i:02}")).collect();
    for session in &editing {
        assert_eq!(hook(&p, "SessionStart", "claude-code", &start(session)).status.code(), Some(0));
    }
    let mut calls: Vec<(&str, &str, String)> =
        (0..STARTING).map(|i| ("SessionStart", "claude-code", start(&format!("start-{i:02}")))).collect();
    for session in &editing {
        calls.extend((0..EDITS_PER_SESSION).map(|_| ("PostToolUse", "codex", patch(session, &root))));
    }
    assert_eq!(calls.len(), 64);
    let barrier = Barrier::new(calls.len());
    let answers: Vec<(&str, Value)> = std::thread::scope(|s| {
        let running: Vec<_> = calls
            .iter()
            .map(|(event, runtime, payload)| {
                let (p, barrier) = (&p, &barrier);
                s.spawn(move || {
                    barrier.wait();
                    let out = hook(p, event, runtime, payload);
                    assert_eq!(out.status.code(), Some(0), "{event}");
                    (*event, answer(&out))
                })
            })
            .collect();
        running.into_iter().map(|t| t.join().unwrap()).collect()
    });
    for (event, v) in &answers {
        match *event {
            "SessionStart" => {
                let context = v["hookSpecificOutput"]["additionalContext"].as_str().unwrap();
                assert!(ITEMS.iter().all(|id| context.contains(id)), "{context}");
            }
            _ => assert_eq!(v, &serde_json::json!({})),
        }
    }

    // Every line parses (log_lines unwraps each), and none is missing.
    let runs = log_lines(&p, "runs.jsonl");
    assert_eq!(runs.len(), EDITING + calls.len());
    assert!(runs.iter().all(|r| r.get("error").is_none()), "{runs:?}");
    let cited = |how: &str| -> Vec<Value> {
        log_lines(&p, "citations.jsonl").into_iter().filter(|c| c["how"] == how).collect()
    };
    assert_eq!(cited("retrieved").len(), (EDITING + STARTING) * ITEMS.len());
    let applied = cited("applied");
    let pairs: BTreeSet<(String, String)> = applied
        .iter()
        .map(|c| (c["session"].as_str().unwrap().to_string(), c["id"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(applied.len(), EDITING * 2, "once per session and scoped item: {applied:?}");
    assert_eq!(pairs.len(), applied.len());
    let ledger = Ledger::open(p.root()).unwrap();
    for id in ["L-src", "L-docs"] {
        assert_eq!(ledger.show(id).unwrap().citations.applied, EDITING as u64, "{id}");
    }
    assert_eq!(ledger.show("L-any").unwrap().citations.applied, 0);
}
