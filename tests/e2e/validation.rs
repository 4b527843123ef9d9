//! The validation skills through the real host: `agentops run vibe` on
//! staged changes and working trees of real git repositories, and
//! `agentops run pre-mortem` on the plans under tests/fixtures/plans/.

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

use crate::support::{Project, assert_skill_error, stderr, stdout};

/// Runs a skill with `--json` and returns its exit code and answer.
fn run_json(p: &Project, args: &[&str]) -> (Option<i32>, Value) {
    let mut full = vec!["run"];
    full.extend(args);
    p.agentops_json(&full)
}

/// Each finding as (rule, path, line).
fn located(answer: &Value) -> Vec<(String, Option<String>, Option<u64>)> {
    answer["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule"].as_str().unwrap().to_string(), f["path"].as_str().map(str::to_string), f["line"].as_u64()))
        .collect()
}

fn at(rule: &str, path: &str, line: u64) -> (String, Option<String>, Option<u64>) {
    (rule.to_string(), Some(path.to_string()), Some(line))
}

/// An AWS-shaped key, built here so the test source holds none.
fn fake_key() -> String {
    format!("AKIA{}", "Q7ZP".repeat(4))
}

#[test]
fn vibe_fails_a_staged_secret_conflict_marker_and_debug_print_at_their_lines() {
    let p = Project::new();
    let base: Vec<String> = (1..=12).map(|i| format!("value_{i} = {i}")).collect();
    p.write("app/settings.py", &(base.join("\n") + "\n"));
    p.stage(&["app/settings.py"]);
    p.commit("settings");

    let mut changed = base.clone();
    changed.insert(3, format!("AWS_KEY = \"{}\"", fake_key()));
    changed.splice(7..7, ["<<<<<<< HEAD", "value_x = 1", "=======", "value_x = 2", ">>>>>>> topic"].map(String::from));
    changed.push("print(value_1)".to_string());
    p.write("app/settings.py", &(changed.join("\n") + "\n"));
    p.stage(&["app/settings.py"]);

    let (code, answer) = run_json(&p, &["vibe"]);
    assert_eq!(code, Some(1), "{answer}");
    assert_eq!(answer["verdict"], "fail");
    let found = located(&answer);
    let path = "app/settings.py";
    for expected in [
        at("vibe/secret", path, 4),
        at("vibe/conflict-marker", path, 8),
        at("vibe/conflict-marker", path, 10),
        at("vibe/conflict-marker", path, 12),
        at("vibe/debug-leftover", path, 19),
    ] {
        assert!(found.contains(&expected), "missing {expected:?} in {found:?}");
    }
    assert!(!answer.to_string().contains(&fake_key()), "the key is echoed: {answer}");
}

#[test]
fn vibe_passes_a_clean_change_with_its_test() {
    let p = Project::new();
    p.write("src/lib.rs", "/// Adds two numbers.\npub fn add(a: u32, b: u32) -> u32 {\n    a + b\n}\n");
    p.write("tests/add.rs", "#[test]\nfn adds() {\n    assert_eq!(demo::add(2, 3), 5);\n}\n");
    p.stage(&["src/lib.rs", "tests/add.rs"]);
    let out = p.agentops(&["run", "vibe"], "");
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
    assert_eq!(stdout(&out), "vibe: PASS — 2 files, +8 -0: nothing found\n");
}

#[test]
fn vibe_reviews_the_working_tree_against_a_base_ref() {
    let p = Project::new();
    p.write("notes/todo.md", "# Notes\n\nship it\n");
    p.stage(&["notes/todo.md"]);
    p.commit("notes");
    p.write("notes/todo.md", "# Notes\n\nship it\nTODO: write the changelog\n");

    let out = p.agentops(&["run", "vibe"], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("nothing to review"), "unstaged edits are not the staged change: {}", stdout(&out));

    let (code, answer) = run_json(&p, &["vibe", "--arg", "base=HEAD"]);
    assert_eq!((code, answer["verdict"].as_str()), (Some(0), Some("warn")), "{answer}");
    assert_eq!(located(&answer), [at("vibe/todo-without-reference", "notes/todo.md", 4)]);

    let out = p.agentops(&["run", "vibe", "--arg", "base=no-such-ref"], "");
    assert_skill_error(&out, &["invalid input", "no-such-ref"]);
}

#[test]
fn vibe_notes_a_binary_file_without_scanning_it() {
    let p = Project::new();
    let mut bytes = vec![0u8, 159, 146, 150, 0, 1, 2];
    bytes.extend(fake_key().bytes());
    std::fs::create_dir_all(p.root().join("assets")).unwrap();
    std::fs::write(p.root().join("assets/blob.bin"), &bytes).unwrap();
    p.stage(&["assets/blob.bin"]);
    let (code, answer) = run_json(&p, &["vibe"]);
    assert_eq!((code, answer["verdict"].as_str()), (Some(0), Some("pass")), "{answer}");
    let findings = answer["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{answer}");
    assert_eq!(findings[0]["rule"], "vibe/binary-file");
    assert_eq!(findings[0]["path"], "assets/blob.bin");
    assert_eq!(findings[0]["message"], format!("binary file ({} B): noted, not scanned", bytes.len()));
    assert_eq!(answer["data"]["binary"], serde_json::json!(["assets/blob.bin"]));
}

#[test]
fn vibe_on_a_huge_diff_ends_with_a_verdict_and_says_what_it_left_out() {
    let p = Project::new();
    let lines: Vec<String> = (0..30_000).map(|i| format!("row {i}")).collect();
    p.write("data/rows.txt", &(lines.join("\n") + "\n"));
    p.stage(&["data/rows.txt"]);
    let (code, answer) = run_json(&p, &["vibe"]);
    assert_eq!((code, answer["verdict"].as_str()), (Some(0), Some("warn")), "{answer}");
    let rules: Vec<&str> = answer["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, ["vibe/truncated", "vibe/oversized-file"]);
    let truncated = answer["findings"][0]["message"].as_str().unwrap();
    assert!(truncated.starts_with("the diff has 30006 lines"), "{truncated}");
    assert_eq!(answer["data"]["examined_lines"], 20_000);
}

#[test]
fn vibe_reports_the_ledger_rules_for_the_changed_paths() {
    let p = Project::new();
    assert!(p.agentops(&["init"], "").status.success());
    p.write(
        ".agents/rules/R-db-pool.md",
        "---\nid: R-db-pool\nkind: rule\ntitle: Open database connections only through db::pool\n\
         paths: [\"src/db/**\"]\ncreated: 2026-11-01T00:00:00Z\n---\nDirect connections bypass the limits.\n",
    );
    p.write(
        ".agents/rules/R-docs.md",
        "---\nid: R-docs\nkind: rule\ntitle: Docs use sentence case\npaths: [\"docs/**\"]\n\
         created: 2026-11-01T00:00:00Z\n---\nHeadings too.\n",
    );
    p.write("src/db/pool.rs", "pub fn connect() {}\n");
    p.write("src/db/pool_test.rs", "#[test]\nfn connects() {}\n");
    p.stage(&["src/db/pool.rs", "src/db/pool_test.rs"]);
    let (code, answer) = run_json(&p, &["vibe"]);
    assert_eq!((code, answer["verdict"].as_str()), (Some(0), Some("warn")), "{answer}");
    let findings = answer["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "only the rule scoped to src/db applies: {answer}");
    assert_eq!(findings[0]["rule"], "vibe/ledger-rule");
    assert_eq!(findings[0]["path"], "src/db/pool.rs");
    assert!(findings[0]["message"].as_str().unwrap().contains("R-db-pool"), "{answer}");
    assert!(answer["context"].as_str().unwrap().contains("[R-db-pool] (rule)"), "{answer}");
}

fn plan(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/plans").join(name)
}

fn run_plan(p: &Project, file: &Path) -> Output {
    p.agentops(&["run", "pre-mortem", "--json", "--input", file.to_str().unwrap(), "--arg", "path=plan.md"], "")
}

#[test]
fn pre_mortem_passes_a_complete_plan_and_names_what_others_lack() {
    let p = Project::new();
    let out = run_plan(&p, &plan("good.md"));
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
    let answer: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(answer["verdict"], "pass", "{answer}");
    assert_eq!(answer["message"], "8 of 8 parts: nothing found");

    let (code, answer) = run_json(&p, &["pre-mortem", "--input", plan("no-risks-no-rollback.md").to_str().unwrap()]);
    assert_eq!((code, answer["verdict"].as_str()), (Some(1), Some("fail")), "{answer}");
    let rules: Vec<&str> = answer["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, ["pre-mortem/missing-risks", "pre-mortem/missing-rollback"]);

    let out = run_plan(&p, &plan("weak.md"));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let answer: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let found = located(&answer);
    for expected in [
        at("pre-mortem/unmitigated-risk", "plan.md", 14),
        at("pre-mortem/missing-rollback", "plan.md", 17),
        at("pre-mortem/vague-wording", "plan.md", 5),
        at("pre-mortem/unordered-steps", "plan.md", 9),
        at("pre-mortem/large-step", "plan.md", 9),
    ] {
        assert!(found.contains(&expected), "missing {expected:?} in {found:?}");
    }
}

#[test]
fn pre_mortem_refuses_what_is_not_a_plan() {
    let p = Project::new();
    assert_skill_error(&run_plan(&p, &plan("empty.md")), &["invalid input", "the plan is empty"]);
    assert_skill_error(&run_plan(&p, &plan("plan.json")), &["invalid input", "JSON, not a markdown plan"]);
    let binary = p.root().join("plan.bin");
    std::fs::write(&binary, b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0").unwrap();
    assert_skill_error(&run_plan(&p, &binary), &["invalid input", "binary, not a markdown plan"]);
    let out = p.agentops(&["run", "pre-mortem"], "");
    assert_skill_error(&out, &["--input plan.md"]);
}

#[test]
fn pre_mortem_checks_the_plan_against_the_ledgers_pre_mortem_rules() {
    let p = Project::new();
    assert!(p.agentops(&["init"], "").status.success());
    p.write(
        ".agents/rules/R-announce.md",
        "---\nid: R-announce\nkind: rule\ntitle: Announce maintenance windows to customer support\n\
         tags: [pre-mortem]\ncreated: 2026-11-01T00:00:00Z\n---\nPre-mortem rule for nightly export plans.\n",
    );
    let (code, answer) = run_json(&p, &["pre-mortem", "--input", plan("good.md").to_str().unwrap()]);
    assert_eq!((code, answer["verdict"].as_str()), (Some(0), Some("warn")), "{answer}");
    let findings = answer["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{answer}");
    assert_eq!(findings[0]["rule"], "pre-mortem/ledger-rule");
    assert!(findings[0]["message"].as_str().unwrap().contains("R-announce"), "{answer}");
    assert!(answer["context"].as_str().unwrap().contains("[R-announce] (rule)"), "{answer}");
}
