//! `agentops hook`: the bridge each runtime's hook config calls, replayed with
//! the payloads the real CLIs sent (`tests/fixtures/hooks/`; a `+variant`
//! suffix names another payload of the same event).

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

use crate::support::{Project, stderr, stdout, transcript_fixture};

const HARMLESS: &str = "echo hi > out.txt";
const DESTRUCTIVE: &str = "rm -rf /";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/hooks")
}

pub(crate) fn fixture(runtime: &str, name: &str) -> String {
    std::fs::read_to_string(fixtures().join(runtime).join(format!("{name}.json"))).unwrap()
}

/// The event a fixture file replays: its name up to a `+variant` suffix.
fn event_of(name: &str) -> &str {
    name.split('+').next().unwrap()
}

/// Where the fixtures' session ran, replaced by the test project's root.
pub(crate) const FIXTURE_ROOT: &str = "/home/dev/project";

pub(crate) fn hook(p: &Project, event: &str, runtime: &str, stdin: &str) -> Output {
    p.agentops(&["hook", event, "--runtime", runtime], stdin)
}

pub(crate) fn answer(out: &Output) -> Value {
    serde_json::from_str(&stdout(out)).unwrap_or_else(|e| panic!("{e}: {}{}", stdout(out), stderr(out)))
}

pub(crate) fn log_lines(p: &Project, name: &str) -> Vec<Value> {
    let text = std::fs::read_to_string(p.root().join(".agents/log").join(name)).unwrap_or_default();
    text.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

pub(crate) fn ledger_project() -> Project {
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
            let Some(name) = path.file_name().unwrap().to_str().unwrap().strip_suffix(".json") else { continue };
            let out = hook(&p, event_of(name), &runtime, &std::fs::read_to_string(&path).unwrap());
            assert_eq!(out.status.code(), Some(0), "{runtime}/{name}: {}", stderr(&out));
            answer(&out);
            replayed += 1;
        }
    }
    assert!(replayed >= 36, "{replayed}");
    assert!(log_lines(&p, "hook-errors.jsonl").is_empty(), "{:?}", log_lines(&p, "hook-errors.jsonl"));
    assert!(log_lines(&p, "runs.jsonl").iter().all(|r| r.get("error").is_none()));
}

/// The fixture each runtime's hook file event replays: (runtime, event in the file, fixture).
const WIRED: [(&str, &str, &str); 12] = [
    ("claude-code", "PreToolUse", "PreToolUse"),
    ("claude-code", "PostToolUse", "PostToolUse+Edit"),
    ("claude-code", "SessionStart", "SessionStart"),
    ("claude-code", "Stop", "Stop"),
    ("codex", "PreToolUse", "PreToolUse"),
    ("codex", "PostToolUse", "PostToolUse+apply_patch"),
    ("codex", "SessionStart", "SessionStart"),
    ("codex", "Stop", "Stop"),
    ("cursor", "preToolUse", "preToolUse"),
    ("cursor", "postToolUse", "postToolUse+Write"),
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

#[test]
fn compile_wires_user_prompts_when_the_prompt_lookup_is_on() {
    let p = ledger_project();
    let config = p.root().join(".agents/agentops.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(p.agentops(&["compile", "--runtime", "claude-code"], "").status.success());
    let events = |p: &Project| -> Vec<String> {
        hook_commands(&p.root().join(".claude/settings.json")).into_iter().map(|(e, _)| e).collect()
    };
    assert!(!events(&p).contains(&"UserPromptSubmit".to_string()), "{:?}", events(&p));
    std::fs::write(&config, format!("{text}\n[hooks]\nprompt_lookup = true\n")).unwrap();
    assert!(p.agentops(&["compile", "--runtime", "claude-code"], "").status.success());
    assert!(events(&p).contains(&"UserPromptSubmit".to_string()), "{:?}", events(&p));
}

/// A ledger item file with a fixed id, so answers are the same every day.
pub(crate) fn write_item(p: &Project, id: &str, title: &str, paths: &str, body: &str) {
    let text = format!(
        "---\nid: {id}\nkind: learning\ntitle: {title}\npaths: {paths}\ncreated: 2026-11-01T00:00:00Z\n---\n{body}\n"
    );
    p.write(&format!(".agents/learnings/{id}.md"), &text);
}

/// A ledger with a learning scoped to `src/**` and one that applies anywhere.
fn scoped_ledger_project() -> Project {
    let p = ledger_project();
    write_item(
        &p,
        "L-lib-errors",
        "Library code returns errors",
        "['src/**']",
        "Code under src/ returns errors; callers decide.",
    );
    write_item(&p, "L-small-commits", "Small commits", "[]", "One concern per commit.");
    p
}

/// The learning added after each replayed session started, for its prompt to find.
fn add_greeting_item(p: &Project) {
    write_item(
        p,
        "L-greeting",
        "Greetings go to out.txt",
        "[]",
        "The smoke test reads out.txt: write hi to it with echo.",
    );
}

/// Each runtime's session, in the order the runtime fires its events (the
/// ledger gains the greeting learning after the first step), then its
/// after-tool fixture once more with a destructive command for the adviser.
const SESSIONS: [(&str, &[&str], &str); 4] = [
    (
        "claude-code",
        &[
            "SessionStart",
            "UserPromptSubmit",
            "PreToolUse",
            "PostToolUse+Edit",
            "PostToolUse",
            "PostToolUseFailure",
            "PreCompact",
            "SessionStart+compact",
            "Stop",
            "SessionEnd",
        ],
        "PostToolUse",
    ),
    (
        "codex",
        &[
            "SessionStart",
            "UserPromptSubmit",
            "PreToolUse",
            "PostToolUse+apply_patch",
            "PostToolUse",
            "SessionStart+resume",
            "Stop",
        ],
        "PostToolUse",
    ),
    (
        "cursor",
        &[
            "sessionStart",
            "beforeSubmitPrompt",
            "preToolUse",
            "beforeShellExecution",
            "beforeReadFile",
            "beforeMCPExecution",
            "afterFileEdit",
            "postToolUse+Write",
            "afterShellExecution",
            "postToolUse",
            "preCompact",
            "stop",
            "sessionEnd",
        ],
        "postToolUse",
    ),
    (
        "opencode",
        &[
            "session.created",
            "chat.message",
            "tool.execute.before",
            "tool.execute.after+edit",
            "tool.execute.after",
            "session.idle",
        ],
        "tool.execute.after",
    ),
];

/// The `applied` lines of the citation log.
fn applied_citations(p: &Project) -> Vec<Value> {
    log_lines(p, "citations.jsonl").into_iter().filter(|c| c["how"] == "applied").collect()
}

#[test]
fn replayed_sessions_answer_as_their_snapshots_and_cite_the_edited_scope_once() {
    for (runtime, steps, after_tool) in SESSIONS {
        let p = scoped_ledger_project();
        let config = std::fs::read_to_string(p.root().join(".agents/agentops.toml")).unwrap();
        p.write(".agents/agentops.toml", &format!("{config}\n[hooks]\nprompt_lookup = true\n"));
        install_advisor(&p, "[[on]]\nevent = \"post-tool-use\"\nmatcher = \"Bash|Shell\"\n");
        let root = p.root().to_str().unwrap();
        let mut transcript = String::new();
        let mut replay = |label: &str, event: &str, payload: String| {
            let out = hook(&p, event, runtime, &payload.replace(FIXTURE_ROOT, root));
            let said = format!("{}{}", stdout(&out), stderr(&out)).replace(root, FIXTURE_ROOT);
            transcript.push_str(&format!("== {label} (exit {})\n{said}", out.status.code().unwrap()));
        };
        for (i, name) in steps.iter().enumerate() {
            replay(name, event_of(name), fixture(runtime, name));
            if i == 0 {
                add_greeting_item(&p);
            }
        }
        let destructive = fixture(runtime, after_tool).replace(HARMLESS, DESTRUCTIVE);
        replay(&format!("{after_tool} running `{DESTRUCTIVE}`"), after_tool, destructive);
        insta::assert_snapshot!(format!("answers_{}", runtime.replace('-', "_")), transcript);
        let applied = applied_citations(&p);
        assert_eq!(applied.len(), 1, "{runtime}: {applied:?}");
        assert_eq!(applied[0]["id"], "L-lib-errors", "{runtime}");
        let runs = log_lines(&p, "runs.jsonl");
        assert!(runs.iter().all(|r| r.get("error").is_none()), "{runtime}: {runs:?}");
        assert_eq!(runs.iter().filter(|r| r.get("applied").is_some()).count(), 1, "{runtime}");
    }
}

#[test]
fn a_resumed_cleared_or_compacted_session_gets_only_items_it_has_not_had() {
    let p = scoped_ledger_project();
    let start = fixture("claude-code", "SessionStart");
    let first = answer(&hook(&p, "SessionStart", "claude-code", &start));
    let context = first["hookSpecificOutput"]["additionalContext"].as_str().unwrap();
    assert!(context.contains("L-lib-errors") && context.contains("L-small-commits"), "{context}");
    let state = || {
        std::fs::read_to_string(p.root().join(".agents/cache/sessions/37384c92-efae-4ef5-86c8-a760a656f94f.json"))
            .unwrap()
    };
    let before = state();
    assert_eq!(
        answer(&hook(&p, "PreCompact", "claude-code", &fixture("claude-code", "PreCompact"))),
        serde_json::json!({})
    );
    assert_eq!(state(), before, "before compaction changes nothing");
    for source in ["compact", "resume", "clear"] {
        let again = start.replace("\"startup\"", &format!("\"{source}\""));
        assert_eq!(answer(&hook(&p, "SessionStart", "claude-code", &again)), serde_json::json!({}), "{source}");
    }
    add_greeting_item(&p);
    let cleared = start.replace("\"startup\"", "\"clear\"");
    let later = answer(&hook(&p, "SessionStart", "claude-code", &cleared));
    let context = later["hookSpecificOutput"]["additionalContext"].as_str().unwrap();
    assert!(context.contains("L-greeting") && !context.contains("L-lib-errors"), "{context}");
}

#[test]
fn the_prompt_lookup_is_off_by_default_and_a_bad_hooks_table_fails_open() {
    let p = scoped_ledger_project();
    let prompt = fixture("claude-code", "UserPromptSubmit");
    assert_eq!(answer(&hook(&p, "UserPromptSubmit", "claude-code", &prompt)), serde_json::json!({}));
    assert!(log_lines(&p, "citations.jsonl").is_empty(), "nothing looked up");
    let config = std::fs::read_to_string(p.root().join(".agents/agentops.toml")).unwrap();
    p.write(".agents/agentops.toml", &format!("{config}\n[hooks]\nprompt_lookups = true\n"));
    let out = hook(&p, "UserPromptSubmit", "claude-code", &prompt);
    assert_eq!((out.status.code(), answer(&out)), (Some(0), serde_json::json!({})));
    let error = log_lines(&p, "runs.jsonl").last().unwrap()["error"].as_str().unwrap().to_string();
    assert!(error.contains("agentops.toml") && error.contains("prompt_lookups"), "{error}");
}

#[test]
fn edits_outside_every_scope_shell_commands_and_other_sessions_cite_nothing() {
    let p = scoped_ledger_project();
    let root = p.root().to_str().unwrap();
    let edit = fixture("claude-code", "PostToolUse+Edit").replace(FIXTURE_ROOT, root);
    assert_eq!(answer(&hook(&p, "PostToolUse", "claude-code", &edit)), serde_json::json!({}));
    let cache = p.root().join(".agents/cache");
    assert!(!cache.join("sessions").exists() && !cache.join("index.bin").exists(), "the ledger was read");
    hook(&p, "SessionStart", "claude-code", &fixture("claude-code", "SessionStart"));
    let docs = edit.replace("/src/lib.rs", "/docs/guide.md");
    let shell = fixture("claude-code", "PostToolUse").replace("echo hi > out.txt", "echo hi > src/lib.rs");
    let other = edit.replace("37384c92-efae-4ef5-86c8-a760a656f94f", "another-session");
    for payload in [docs, shell, other] {
        assert_eq!(answer(&hook(&p, "PostToolUse", "claude-code", &payload)), serde_json::json!({}));
    }
    assert!(applied_citations(&p).is_empty(), "{:?}", applied_citations(&p));
}

/// guard's component, installed as the project skill `advisor` with `bindings`.
fn install_advisor(p: &Project, bindings: &str) {
    p.write("skills/advisor/SKILL.md", "---\nname: advisor\ndescription: guard's rules as advice.\n---\nTest only.\n");
    p.write("skills/advisor/skill.toml", &format!("[skill]\ncomponent = \"advisor.wasm\"\n{bindings}"));
    std::fs::copy(concat!(env!("OUT_DIR"), "/guard.wasm"), p.root().join("skills/advisor/advisor.wasm")).unwrap();
}

#[test]
fn advisers_speak_before_and_after_a_tool_call_and_never_block() {
    let p = ledger_project();
    let on = |event: &str| format!("[[on]]\nevent = \"{event}\"\nmatcher = \"Bash|Shell\"\nmode = \"advise\"\n");
    install_advisor(&p, &format!("{}{}", on("pre-tool-use"), on("post-tool-use")));
    let after = fixture("claude-code", "PostToolUse").replace(HARMLESS, DESTRUCTIVE);
    let v = answer(&hook(&p, "PostToolUse", "claude-code", &after));
    assert!(v["hookSpecificOutput"]["additionalContext"].as_str().unwrap().starts_with("guard/recursive-delete: "));
    assert!(v["hookSpecificOutput"].get("permissionDecision").is_none(), "{v}");
    // Before the call the built-in gate denies, and the adviser's words ride along where the runtime takes them.
    let before = fixture("claude-code", "PreToolUse").replace(HARMLESS, DESTRUCTIVE);
    let v = answer(&hook(&p, "PreToolUse", "claude-code", &before));
    assert_eq!(v["hookSpecificOutput"]["permissionDecision"], "deny", "{v}");
    assert!(v["hookSpecificOutput"]["additionalContext"].as_str().unwrap().contains("guard/recursive-delete"), "{v}");
    let run = log_lines(&p, "runs.jsonl").pop().unwrap();
    let modes: Vec<(&str, &str)> = run["verdicts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["skill"].as_str().unwrap(), v["mode"].as_str().unwrap()))
        .collect();
    assert_eq!(modes, [("advisor", "advise"), ("guard", "gate")]);
    let cursor =
        answer(&hook(&p, "preToolUse", "cursor", &fixture("cursor", "preToolUse").replace(HARMLESS, DESTRUCTIVE)));
    assert_eq!((cursor["permission"].as_str(), cursor.get("additional_context")), (Some("deny"), None), "{cursor}");
    let harmless = answer(&hook(&p, "tool.execute.before", "opencode", &fixture("opencode", "tool.execute.before")));
    assert_eq!(harmless, serde_json::json!({"decision": "allow"}), "a passing adviser says nothing");
}

#[test]
fn a_session_starts_with_the_open_handoff_once_and_its_stop_forges_the_transcript() {
    let p = ledger_project();
    let notes = p.write(
        "handoff.md",
        "Done: the parser. Not done: wire `forge` into `dream`; start with `skills/dream/src/lib.rs`.\n",
    );
    let notes = notes.display().to_string();
    assert!(p.agentops(&["handoff", "write", "--title", "Dream wiring", "--file", &notes], "").status.success());

    let start = fixture("claude-code", "SessionStart");
    let out = hook(&p, "SessionStart", "claude-code", &start);
    let context = answer(&out)["hookSpecificOutput"]["additionalContext"].as_str().unwrap_or_default().to_string();
    assert!(context.starts_with("## Open work handed over by an earlier session (H-"), "{context}");
    assert!(context.contains("### Dream wiring") && context.contains("skills/dream/src/lib.rs"), "{context}");
    // The same session resumed does not get it again, and no other session gets it at all.
    let again = hook(&p, "SessionStart", "claude-code", &start);
    assert!(!stdout(&again).contains("Open work handed over"), "{}", stdout(&again));
    let other = start.replace("\"session_id\":\"", "\"session_id\":\"other-");
    assert!(!stdout(&hook(&p, "SessionStart", "claude-code", &other)).contains("Open work handed over"));

    // Stop forges the session's transcript: once, however often Stop fires.
    let transcript = p.root().join("session.jsonl");
    std::fs::copy(transcript_fixture("claude-code/session-lessons.jsonl"), &transcript).unwrap();
    let mut stop: Value = serde_json::from_str(&fixture("claude-code", "Stop")).unwrap();
    stop["transcript_path"] = transcript.display().to_string().into();
    stop["cwd"] = p.root().display().to_string().into();
    for _ in 0..2 {
        let out = hook(&p, "Stop", "claude-code", &stop.to_string());
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    let runs = log_lines(&p, "runs.jsonl");
    let forged: Vec<&Value> = runs.iter().filter_map(|r| r.get("forged")).collect();
    assert_eq!(forged.len(), 2, "{runs:?}");
    let captured = forged[0]["captured"].as_array().unwrap();
    assert!(!captured.is_empty(), "the first stop captured the transcript's lessons: {forged:?}");
    assert_eq!(forged[1]["captured"], Value::Array(vec![]), "the second stop found nothing new");
    for id in captured {
        assert!(p.root().join(format!(".agents/learnings/{}.md", id.as_str().unwrap())).is_file());
    }
}

#[test]
fn with_handoff_on_a_stopping_session_leaves_its_last_message_for_the_next_one() {
    let p = ledger_project();
    let stop = fixture("claude-code", "Stop");
    let mut stop: Value = serde_json::from_str(&stop).unwrap();
    stop["last_assistant_message"] = "Half done: the parser works; next, wire it into `src/cli.rs`.".into();
    // Off by default: nothing is left.
    assert_eq!(hook(&p, "Stop", "claude-code", &stop.to_string()).status.code(), Some(0));
    assert!(std::fs::read_dir(p.root().join(".agents/handoffs")).unwrap().next().is_none());

    let config = p.root().join(".agents/agentops.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{text}\n[hooks]\nhandoff = true\n")).unwrap();
    hook(&p, "Stop", "claude-code", &stop.to_string());
    stop["last_assistant_message"] = "Parser wired into src/cli.rs; next, the tests in tests/cli.rs.".into();
    hook(&p, "Stop", "claude-code", &stop.to_string());
    let handoffs: Vec<_> = std::fs::read_dir(p.root().join(".agents/handoffs")).unwrap().collect();
    assert_eq!(handoffs.len(), 1, "one handoff per session, the latest");
    let runs = log_lines(&p, "runs.jsonl");
    assert!(runs.last().unwrap()["handoff"].as_str().unwrap().starts_with("H-"), "{runs:?}");

    // The same session resumed does not take its own handoff; the next session does.
    let start = fixture("claude-code", "SessionStart");
    assert!(!stdout(&hook(&p, "SessionStart", "claude-code", &start)).contains("Open work handed over"));
    let next = start.replace("\"session_id\":\"", "\"session_id\":\"next-");
    let context = stdout(&hook(&p, "SessionStart", "claude-code", &next));
    assert!(context.contains("Open work handed over") && context.contains("the tests in tests/cli.rs"), "{context}");
}
