//! The validation skills through the real host: `agentops run vibe` on
//! staged changes and working trees of real git repositories, `agentops run
//! pre-mortem` on the plans under tests/fixtures/plans/, and `agentops run
//! post-mortem` on findings and the forge fixtures' session transcripts.

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::{Value, json};

use crate::support::{Project, assert_skill_error, stderr, stdout, transcript_fixture};

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

/// A string of 24 distinct letters and digits: a key as far as entropy
/// tells, made here so that the test source holds none.
fn random_string() -> String {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    (0..24).map(|i| char::from(alphabet[(i * 29 + 7) % alphabet.len()])).collect()
}

#[test]
fn vibe_finds_a_random_string_a_long_deeply_nested_function_and_source_without_a_test() {
    let p = Project::new();
    let mut source = vec![format!("pub const SEED: &str = \"{}\";", random_string()), String::new()];
    source.push("pub fn big(x: bool) {".into());
    source.extend((0..6).map(|_| "if x {".to_string()));
    source.extend((0..90).map(|i| format!("    let v{i} = {i};")));
    source.extend((0..7).map(|_| "}".to_string()));
    p.write("src/engine.rs", &(source.join("\n") + "\n"));
    p.stage(&["src/engine.rs"]);

    let (code, answer) = run_json(&p, &["vibe"]);
    assert_eq!((code, answer["verdict"].as_str()), (Some(1), Some("fail")), "{answer}");
    let path = "src/engine.rs";
    let found = located(&answer);
    for expected in [at("vibe/secret", path, 1), at("vibe/long-function", path, 3), at("vibe/deep-nesting", path, 9)] {
        assert!(found.contains(&expected), "missing {expected:?} in {found:?}");
    }
    let untested = ("vibe/untested-change".to_string(), Some(path.to_string()), None);
    assert!(found.contains(&untested), "{found:?}");
    let message = |rule: &str| {
        let finding = answer["findings"].as_array().unwrap().iter().find(|f| f["rule"] == rule).unwrap();
        finding["message"].as_str().unwrap().to_string()
    };
    assert!(message("vibe/secret").contains("high entropy"), "{answer}");
    assert_eq!(message("vibe/long-function"), "`big` is 104 lines long (limit 80)");
    assert_eq!(message("vibe/deep-nesting"), "blocks nested 6 deep in `big` (limit 5)");
    assert_eq!(message("vibe/untested-change"), "1 source file changed and no test: `src/engine.rs`");
    assert!(!answer.to_string().contains(&random_string()), "the string is echoed: {answer}");
}

/// An initialized project holding the forge fixtures' Claude Code session
/// as `session.jsonl`, and a review with one critical finding and a debug
/// leftover twice; `ledger.write` allowed when `write`.
fn post_mortem_project(write: bool) -> Project {
    let p = Project::new();
    assert!(p.agentops(&["init"], "").status.success());
    if write {
        let config = p.root().join(".agents/agentops.toml");
        let text = std::fs::read_to_string(&config).unwrap();
        std::fs::write(&config, format!("{text}\n[policy]\nallow = [\"ledger.read\", \"ledger.write\"]\n")).unwrap();
    }
    std::fs::copy(transcript_fixture("claude-code/session-lessons.jsonl"), p.root().join("session.jsonl")).unwrap();
    let finding = |rule: &str, severity: &str, line: u32| json!({"rule": rule, "severity": severity, "message": "left behind", "path": "src/a.rs", "line": line});
    let findings = [finding("vibe/secret", "critical", 1), finding("vibe/debug-leftover", "minor", 2)];
    let review = json!({"findings": [findings[0], findings[1], finding("vibe/debug-leftover", "minor", 3)]});
    p.write("review.json", &review.to_string());
    p
}

fn post_mortem(p: &Project, transcript: &str) -> Output {
    let review = p.root().join("review.json").display().to_string();
    let transcript = format!("transcript={transcript}");
    p.agentops(&["run", "post-mortem", "--json", "--input", &review, "--arg", &transcript], "")
}

/// The number of items in a ledger folder (`learnings`, `findings`).
fn items(p: &Project, folder: &str) -> usize {
    std::fs::read_dir(p.root().join(".agents").join(folder)).map_or(0, Iterator::count)
}

const LESSON: &str = "The cache refactor renamed `Store` to `LruStore`";

#[test]
fn post_mortem_proposes_what_the_session_transcript_teaches_with_the_recurring_findings() {
    // Without ledger.write: the learnings come back as drafts, nothing written.
    let p = post_mortem_project(false);
    let out = post_mortem(&p, "session.jsonl");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let answer: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let titles: Vec<&str> =
        answer["learnings"].as_array().unwrap().iter().map(|l| l["title"].as_str().unwrap()).collect();
    assert!(titles.iter().any(|t| t.starts_with(LESSON)), "{titles:?}");
    assert!(titles.iter().any(|t| t.starts_with("Recurring `vibe/debug-leftover`")), "{titles:?}");
    assert_eq!(titles.len(), 4, "three from the transcript, one recurring rule: {titles:?}");
    let transcript = &answer["data"]["transcript"];
    assert_eq!(transcript["written"], false, "{answer}");
    assert_eq!(transcript["proposed"].as_array().unwrap().len(), 5, "two dropped: {transcript}");
    assert!(answer["message"].as_str().unwrap().ends_with("transcript session.jsonl: 3 learnings kept, 2 dropped"));
    assert_eq!((items(&p, "learnings"), items(&p, "findings")), (0, 0));

    // With it: written, each once, and a second run finds nothing new in the transcript.
    let p = post_mortem_project(true);
    let out = post_mortem(&p, &p.root().join("session.jsonl").display().to_string());
    let answer: Value = serde_json::from_str(&stdout(&out)).unwrap_or_else(|_| panic!("{}", stderr(&out)));
    assert_eq!(answer["learnings"], json!([]), "{answer}");
    assert_eq!(answer["data"]["proposed"].as_array().unwrap().len(), 4, "{answer}");
    assert_eq!((items(&p, "learnings"), items(&p, "findings")), (4, 1));
    let lesson = answer["data"]["transcript"]["proposed"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["title"].as_str().unwrap().starts_with(LESSON))
        .unwrap();
    let file = p.root().join(".agents/learnings").join(format!("{}.md", lesson["id"].as_str().unwrap()));
    assert!(std::fs::read_to_string(&file).unwrap().contains("session.jsonl:"), "the transcript is its source");
    let again: Value = serde_json::from_str(&stdout(&post_mortem(&p, "session.jsonl"))).unwrap();
    assert!(again["message"].as_str().unwrap().ends_with("0 learnings kept, 0 dropped"), "{again}");
    assert_eq!(items(&p, "learnings"), 4);
}

#[test]
fn post_mortem_refuses_a_transcript_it_cannot_forge_and_writes_nothing() {
    let p = post_mortem_project(true);
    p.write("notes.md", "# Notes\n\nNot a transcript.\n");
    let outside = tempfile::tempdir().unwrap();
    let elsewhere = outside.path().join("session.jsonl");
    std::fs::copy(p.root().join("session.jsonl"), &elsewhere).unwrap();
    let elsewhere = elsewhere.display().to_string();
    for (transcript, reason) in [
        ("missing.jsonl", "does not exist"),
        ("notes.md", "cannot tell whether this is a Claude Code, a Codex or an OpenCode transcript"),
        (elsewhere.as_str(), "neither inside the project"),
    ] {
        let out = post_mortem(&p, transcript);
        assert_skill_error(&out, &["invalid input", "the transcript cannot be forged", transcript, reason]);
    }
    assert_eq!((items(&p, "learnings"), items(&p, "findings")), (0, 0), "not even the critical finding");
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
