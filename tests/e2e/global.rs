//! The user-global ledger: `harvest` gathers other projects' patterns and
//! rules into it; `lookup`, `inject` and `cite` read it beside the project's.

use serde_json::Value;

use crate::support::{Project, stderr, stdout};

const RULE: &str = "---\nid: R-20261101-0badf00d\nkind: rule\ntitle: Pin the wasmtime version exactly\n\
created: 2026-11-01T00:00:00Z\n---\nDepend on `wasmtime = \"=48.0.8\"`: newer releases need a newer rustc \
than the toolchain of CI, and the build breaks on a fresh machine.\n";

/// A project with a ledger holding one rule, one pattern, one learning.
fn source() -> Project {
    let p = Project::new();
    assert!(p.agentops(&["init"], "").status.success());
    p.write(".agents/rules/R-20261101-0badf00d.md", RULE);
    p.write(
        ".agents/patterns/P-20261101-00c0ffee.md",
        "---\nid: P-20261101-00c0ffee\nkind: pattern\ntitle: Run migrations under the advisory lock\n\
         created: 2026-11-01T00:00:00Z\n---\nTake `pg_advisory_lock(42)` in deploy.sh before `migrate up`.\n",
    );
    p.write(
        ".agents/learnings/L-20261101-00000001.md",
        "---\nid: L-20261101-00000001\nkind: learning\ntitle: A local learning stays local\n\
         created: 2026-11-01T00:00:00Z\n---\nNot harvested.\n",
    );
    p
}

#[test]
fn harvest_copies_patterns_and_rules_once_and_lookup_reads_them() {
    let from = source();
    let p = Project::new();
    assert!(p.agentops(&["init"], "").status.success());
    let src = from.root().display().to_string();

    let out = p.agentops(&["harvest", &src, "--dry-run"], "");
    assert_eq!(out.status.code(), Some(2), "no global ledger yet, and a dry run creates none: {}", stderr(&out));
    let out = p.agentops(&["harvest", &src, "--json"], "");
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap_or_else(|_| panic!("{}", stderr(&out)));
    let mut copied: Vec<&str> =
        report["copied"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
    copied.sort();
    assert_eq!(copied, ["P-20261101-00c0ffee", "R-20261101-0badf00d"], "{report}");
    let rule = std::fs::read_to_string(p.global.path().join(".agents/rules/R-20261101-0badf00d.md")).unwrap();
    assert!(rule.contains("harvested_from:") && rule.contains("harvested_at:"), "{rule}");
    // Harvesting again copies nothing.
    let out = p.agentops(&["harvest", &src, "--json"], "");
    let again: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(again["copied"], Value::Array(vec![]), "{again}");
    assert_eq!(again["skipped"][0]["why"], "already in the global ledger");

    // The project finds the global rule, marked as such, and can cite it.
    let out = p.agentops(&["lookup", "wasmtime version rustc", "--json"], "");
    let found: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!((&found["items"][0]["id"], &found["items"][0]["global"]), (&"R-20261101-0badf00d".into(), &true.into()));
    let out = p.agentops(&["inject", "--query", "wasmtime", "--session", "s1"], "");
    assert!(stdout(&out).contains("R-20261101-0badf00d"), "{}", stdout(&out));
    let log = std::fs::read_to_string(p.global.path().join(".agents/log/citations.jsonl")).unwrap();
    assert!(
        log.contains(r#""id":"R-20261101-0badf00d","how":"retrieved""#),
        "retrieval is logged where the item lives"
    );
    assert!(p.agentops(&["cite", "R-20261101-0badf00d", "--how", "applied"], "").status.success());

    // The project's own copy of an item wins over the global one.
    p.write(".agents/rules/R-20261101-0badf00d.md", RULE);
    let out = p.agentops(&["lookup", "wasmtime version rustc", "--json"], "");
    let found: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(found["items"].as_array().unwrap().len(), 1, "{found}");
    assert_eq!(found["items"][0]["global"], false);
}

#[test]
fn a_global_weight_of_zero_ignores_the_global_ledger() {
    let from = source();
    let p = Project::new();
    assert!(p.agentops(&["init"], "").status.success());
    assert!(p.agentops(&["harvest", &from.root().display().to_string()], "").status.success());
    let config = p.root().join(".agents/agentops.toml");
    let text = std::fs::read_to_string(&config).unwrap().replace("global_weight = 0.5", "global_weight = 0.0");
    std::fs::write(&config, text).unwrap();
    let out = p.agentops(&["lookup", "wasmtime version rustc", "--json"], "");
    let found: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(found["items"], Value::Array(vec![]), "{found}");
}
