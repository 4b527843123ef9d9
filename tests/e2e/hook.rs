//! `agentops hook`: the bridge each runtime's hook config calls, replayed with
//! the payloads the real CLIs sent (`tests/fixtures/hooks/`).

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

use crate::support::{Project, stderr, stdout};

const HARMLESS: &str = "echo hi > out.txt";
const DESTRUCTIVE: &str = "rm -rf /";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/hooks")
}

fn fixture(runtime: &str, name: &str) -> String {
    std::fs::read_to_string(fixtures().join(runtime).join(format!("{name}.json"))).unwrap()
}

fn hook(p: &Project, event: &str, runtime: &str, stdin: &str) -> Output {
    p.agentops(&["hook", event, "--runtime", runtime], stdin)
}

fn answer(out: &Output) -> Value {
    serde_json::from_str(&stdout(out)).unwrap_or_else(|e| panic!("{e}: {}{}", stdout(out), stderr(out)))
}

fn log_lines(p: &Project, name: &str) -> Vec<Value> {
    let text = std::fs::read_to_string(p.root().join(".agents/log").join(name)).unwrap_or_default();
    text.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

fn ledger_project() -> Project {
    let p = Project::new();
    assert!(p.agentops(&["init"], "").status.success());
    p
}

/// The runtime's before-tool event and fixture for each way it calls a shell.
const SHELL_CALLS: [(&str, &str, &str); 5] = [
    ("claude-code", "PreToolUse", "PreToolUse"),
    ("codex", "PreToolUse", "PreToolUse"),
    ("cursor", "preToolUse", "preToolUse"),
    ("cursor", "beforeShellExecution", "beforeShellExecution"),
    ("opencode", "pre-tool-use", "tool.execute.before"),
];

/// Asserts the runtime's own form of a denial naming `rule`, or of letting the call through.
fn assert_decision(runtime: &str, out: &Output, deny_rule: Option<&str>) {
    let context = format!("{runtime}: {}{}", stdout(out), stderr(out));
    let v = answer(out);
    match (runtime, deny_rule) {
        ("opencode", Some(rule)) => {
            assert_eq!(out.status.code(), Some(2), "{context}");
            assert!(stderr(out).contains(rule), "{context}");
        }
        ("opencode", None) => assert_eq!(v["decision"], "allow", "{context}"),
        ("cursor", Some(rule)) => {
            assert_eq!(v["permission"], "deny", "{context}");
            assert!(v["agent_message"].as_str().unwrap().contains(rule), "{context}");
        }
        ("cursor", None) => assert_eq!(v["permission"], "allow", "{context}"),
        (_, Some(rule)) => {
            let out = &v["hookSpecificOutput"];
            assert_eq!((&out["hookEventName"], &out["permissionDecision"]), (&"PreToolUse".into(), &"deny".into()));
            assert!(out["permissionDecisionReason"].as_str().unwrap().contains(rule), "{context}");
        }
        (_, None) => assert_eq!(v, serde_json::json!({}), "{context}"),
    }
    if runtime != "opencode" || deny_rule.is_none() {
        assert_eq!(out.status.code(), Some(0), "{context}");
    }
}

#[test]
fn guard_denies_a_destructive_shell_call_and_allows_a_harmless_one_in_every_runtime() {
    let p = Project::new();
    for (runtime, event, name) in SHELL_CALLS {
        let harmless = fixture(runtime, name);
        assert!(harmless.contains(HARMLESS), "{runtime}/{name}");
        assert_decision(runtime, &hook(&p, event, runtime, &harmless), None);
        let destructive = harmless.replace(HARMLESS, DESTRUCTIVE);
        assert_decision(runtime, &hook(&p, event, runtime, &destructive), Some("guard/recursive-delete"));
    }
}

#[test]
fn session_start_injects_a_learning_once_per_session() {
    let p = ledger_project();
    let body = "Always run cargo fmt --all before committing; CI rejects unformatted code in the workspace.";
    let added = p.agentops(&["learn", "add", "--title", "Format before commit", "--body", body, "--force"], "");
    assert!(added.status.success(), "{}", stderr(&added));
    let start = fixture("claude-code", "SessionStart");
    let first = answer(&hook(&p, "SessionStart", "claude-code", &start));
    assert_eq!(first["hookSpecificOutput"]["hookEventName"], "SessionStart");
    assert!(first["hookSpecificOutput"]["additionalContext"].as_str().unwrap().contains("Format before commit"));
    assert_eq!(answer(&hook(&p, "SessionStart", "claude-code", &start)), serde_json::json!({}), "injected twice");
    let cursor = answer(&hook(&p, "sessionStart", "cursor", &fixture("cursor", "sessionStart")));
    assert!(cursor["additional_context"].as_str().unwrap().contains("Format before commit"), "{cursor}");
    let codex = answer(&hook(&p, "SessionStart", "codex", &fixture("codex", "SessionStart")));
    assert!(codex["hookSpecificOutput"]["additionalContext"].is_string(), "{codex}");
}

#[test]
fn malformed_payloads_and_unknown_events_answer_fail_open_and_are_logged() {
    let p = ledger_project();
    let out = hook(&p, "PreToolUse", "claude-code", "{not json");
    assert_eq!((out.status.code(), answer(&out)), (Some(0), serde_json::json!({})), "{}", stderr(&out));
    let out = hook(&p, "preToolUse", "cursor", "[]");
    assert_eq!(answer(&out)["permission"], "allow");
    let out = hook(&p, "Notification", "claude-code", "{}");
    assert_eq!((out.status.code(), stdout(&out).as_str()), (Some(0), ""));
    let errors = log_lines(&p, "hook-errors.jsonl");
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert!(errors[0]["error"].as_str().unwrap().contains("not JSON"), "{errors:?}");
    assert_eq!(errors[0]["payload"], "{not json");
    assert!(!p.root().join(".agents/cache/sessions").exists(), "nothing written to the ledger");
    assert!(!p.root().join(".agents/log/citations.jsonl").exists(), "nothing cited");
}

#[test]
fn hooks_off_is_a_no_op() {
    let p = ledger_project();
    let destructive = fixture("claude-code", "PreToolUse").replace(HARMLESS, DESTRUCTIVE);
    let off = [("AGENTOPS_HOOKS", PathBuf::from("off"))];
    let out = p.agentops_stdin_env(&["hook", "PreToolUse", "--runtime", "claude-code"], &destructive, &off);
    assert_eq!((out.status.code(), stdout(&out).as_str()), (Some(0), ""), "{}", stderr(&out));
    assert!(log_lines(&p, "runs.jsonl").is_empty());
}

#[test]
fn events_without_gates_leave_the_component_cache_untouched() {
    let p = ledger_project();
    let scratch = tempfile::tempdir().unwrap();
    let cache = [("AGENTOPS_CACHE_DIR", scratch.path().join("cache"))];
    for name in ["SessionStart", "UserPromptSubmit", "PostToolUse", "PreCompact", "Stop", "SessionEnd"] {
        let args = ["hook", name, "--runtime", "claude-code"];
        let out = p.agentops_stdin_env(&args, &fixture("claude-code", name), &cache);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
    }
    assert!(!scratch.path().join("cache").exists(), "an unbound event touched the component cache");
}

#[test]
fn every_call_appends_one_parseable_run_line() {
    let p = ledger_project();
    let calls = [("PreToolUse", "claude-code"), ("Stop", "claude-code"), ("SessionStart", "codex"), ("stop", "cursor")];
    for (event, runtime) in calls {
        assert_eq!(hook(&p, event, runtime, &fixture(runtime, event)).status.code(), Some(0));
    }
    let runs = log_lines(&p, "runs.jsonl");
    assert_eq!(runs.len(), calls.len(), "{runs:?}");
    assert_eq!(
        (&runs[0]["event"], &runs[0]["skills"][0], &runs[0]["verdicts"][0]["verdict"]),
        (&"pre-tool-use".into(), &"guard".into(), &"pass".into())
    );
    assert!(runs[1]["transcript_path"].as_str().unwrap().ends_with(".jsonl"), "{:?}", runs[1]);
    assert!(runs.iter().all(|r| r["duration_us"].is_u64() && r["runtime"].is_string() && r.get("error").is_none()));
}

#[test]
fn every_fixture_replays_to_an_answer_without_error() {
    let p = ledger_project();
    let mut replayed = 0;
    for dir in std::fs::read_dir(fixtures()).unwrap() {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue; // the README
        }
        let runtime = dir.file_name().unwrap().to_str().unwrap().to_string();
        for file in std::fs::read_dir(&dir).unwrap() {
            let path = file.unwrap().path();
            let Some(event) = path.file_name().unwrap().to_str().unwrap().strip_suffix(".json") else { continue };
            let out = hook(&p, event, &runtime, &std::fs::read_to_string(&path).unwrap());
            assert_eq!(out.status.code(), Some(0), "{runtime}/{event}: {}", stderr(&out));
            answer(&out);
            replayed += 1;
        }
    }
    assert!(replayed >= 25, "{replayed}");
    assert!(log_lines(&p, "hook-errors.jsonl").is_empty(), "{:?}", log_lines(&p, "hook-errors.jsonl"));
    assert!(log_lines(&p, "runs.jsonl").iter().all(|r| r.get("error").is_none()));
}

/// The fixture each runtime's hook file event replays: (runtime, event in the file, fixture).
const WIRED: [(&str, &str, &str); 9] = [
    ("claude-code", "PreToolUse", "PreToolUse"),
    ("claude-code", "SessionStart", "SessionStart"),
    ("claude-code", "Stop", "Stop"),
    ("codex", "PreToolUse", "PreToolUse"),
    ("codex", "SessionStart", "SessionStart"),
    ("codex", "Stop", "Stop"),
    ("cursor", "preToolUse", "preToolUse"),
    ("cursor", "sessionStart", "sessionStart"),
    ("cursor", "stop", "stop"),
];

/// `(event key, command)` of every hook in a compiled hook file.
fn hook_commands(file: &Path) -> Vec<(String, String)> {
    let v: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    let mut found = Vec::new();
    for (event, entries) in v["hooks"].as_object().unwrap() {
        for entry in entries.as_array().unwrap() {
            // Claude Code and Codex group handlers under `hooks`; Cursor's entries are flat.
            let handlers = entry.get("hooks").and_then(Value::as_array).cloned().unwrap_or_else(|| vec![entry.clone()]);
            for handler in handlers {
                found.push((event.clone(), handler["command"].as_str().unwrap().to_string()));
            }
        }
    }
    found
}

#[test]
fn compiled_hook_files_call_the_bridge_and_it_answers() {
    // No skill binds pre-tool-use: the compiled configs reach the built-in guard.
    let p = ledger_project();
    let compiled = p.agentops(&["compile", "--runtime", "all"], "");
    assert!(compiled.status.success(), "{}", stderr(&compiled));
    let files =
        [("claude-code", ".claude/settings.json"), ("codex", ".codex/hooks.json"), ("cursor", ".cursor/hooks.json")];
    let mut ran = 0;
    for (runtime, file) in files {
        for (event, command) in hook_commands(&p.root().join(file)) {
            let words: Vec<&str> = command.split_whitespace().collect();
            assert_eq!(words[0], "agentops", "{command}");
            let (_, _, name) = WIRED
                .iter()
                .find(|(rt, e, _)| *rt == runtime && *e == event)
                .unwrap_or_else(|| panic!("{runtime} {event}"));
            let payload = fixture(runtime, name);
            let out = p.agentops(&words[1..], &payload.replace(HARMLESS, DESTRUCTIVE));
            if *name == "PreToolUse" || *name == "preToolUse" {
                assert_decision(runtime, &out, Some("guard/recursive-delete"));
            } else {
                assert_eq!(out.status.code(), Some(0), "{command}: {}", stderr(&out));
                answer(&out);
            }
            ran += 1;
        }
    }
    assert_eq!(ran, WIRED.len());
}
