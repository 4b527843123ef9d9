//! `agentops init` and `agentops learn` on a real git repository.

use crate::support::{Project, stderr, stdout, transcript_fixture};

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
fn a_model_that_cannot_be_opened_fails_the_reads_by_meaning_alone() {
    let p = Project::new();
    p.agentops(&["init"], "");
    let config = p.root().join(".agents/agentops.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, text.replace("[ledger]\n", "[ledger]\nmodel = \"models/nowhere\"\n")).unwrap();
    let out = p.agentops(&["lookup", "cargo", "build"], "");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    for said in ["models/nowhere", "remove `model = \"models/nowhere\"`"] {
        assert!(stderr(&out).contains(said), "{said}: {}", stderr(&out));
    }
    let inject = p.agentops(&["inject"], "");
    assert!(inject.status.success(), "inject without a query opens no model: {}", stderr(&inject));
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

/// Seconds since the epoch `days` ago, as the ledger writes timestamps.
fn days_ago(days: f64) -> String {
    let now = agentops_ledger::Timestamp::now().unix();
    agentops_ledger::Timestamp::from_unix(now - (days * 86_400.0) as i64).to_string()
}

/// Appends a citation line, as `cite` and `inject` write them.
fn cite_line(p: &Project, days: f64, id: &str, how: &str, session: &str) {
    let line = serde_json::json!({"ts": days_ago(days), "id": id, "how": how, "session": session});
    let path = p.root().join(".agents/log/citations.jsonl");
    let mut log = std::fs::read_to_string(&path).unwrap_or_default();
    log.push_str(&format!("{line}\n"));
    std::fs::write(path, log).unwrap();
}

fn put_learning(p: &Project, id: &str, created_days_ago: f64, extra: &str) {
    p.write(
        &format!(".agents/learnings/{id}.md"),
        &format!(
            "---\nid: {id}\nkind: learning\ntitle: Lesson {id}\ncreated: {}\n{extra}---\n\nAlways run `{id}` first.\n",
            days_ago(created_days_ago)
        ),
    );
}

#[test]
fn promote_shows_evidence_then_writes_a_pattern_that_compile_loads() {
    let p = Project::new();
    p.agentops(&["init"], "");
    put_learning(&p, "L-20260101-0000c1ea", 40.0, "utility: 0.8\n");
    put_learning(&p, "L-20260101-00000b1d", 40.0, "utility: 0.9\n");
    for session in ["s-1", "s-2", "s-3"] {
        cite_line(&p, 3.0, "L-20260101-0000c1ea", "applied", session);
        cite_line(&p, 3.0, "L-20260101-00000b1d", "applied", "s-1");
    }

    let dry = json(&p.agentops(&["promote", "--dry-run", "--json"], ""));
    assert_eq!(dry["proposals"].as_array().unwrap().len(), 1, "{dry}");
    let proposal = &dry["proposals"][0];
    assert_eq!((&proposal["id"], &proposal["to"]), (&"L-20260101-0000c1ea".into(), &"pattern".into()));
    assert_eq!(proposal["evidence"]["sessions"], serde_json::json!(["s-1", "s-2", "s-3"]));
    assert_eq!(proposal["promoted_to"], serde_json::Value::Null);
    assert_eq!(dry["held"][0]["unmet"][0], "applied in 1 distinct sessions, needs 3");
    assert!(!p.root().join(".agents/patterns").read_dir().unwrap().any(|_| true), "a dry run writes nothing");
    let text = stdout(&p.agentops(&["promote", "--dry-run", "-v"], ""));
    assert!(text.contains("would promote L-20260101-0000c1ea to a pattern") && text.contains("held L-"), "{text}");

    let done = json(&p.agentops(&["promote", "--json"], ""));
    let pattern = done["proposals"][0]["promoted_to"].as_str().unwrap().to_string();
    assert!(pattern.starts_with("P-"), "{done}");
    let shown = json(&p.agentops(&["learn", "show", "--json", "L-20260101-0000c1ea"], ""));
    assert_eq!((&shown["status"], shown["superseded_by"].as_str()), (&"superseded".into(), Some(pattern.as_str())));
    assert!(stdout(&p.agentops(&["promote"], "")).contains("nothing to promote"));

    let compiled = p.agentops(&["compile", "--runtime", "codex"], "");
    assert!(compiled.status.success(), "{}", stderr(&compiled));
    let agents = std::fs::read_to_string(p.root().join("AGENTS.md")).unwrap();
    assert!(agents.contains("Always run `L-20260101-0000c1ea` first."), "{agents}");
}

#[test]
fn flywheel_status_and_check_judge_the_window() {
    let p = Project::new();
    p.agentops(&["init"], "");
    let out = p.agentops(&["flywheel", "check"], "");
    assert_eq!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("dormant: 0 citations in the last 7d"), "{}", stderr(&out));

    p.write(".agents/agentops.toml", "[ledger.flywheel]\nmin_events = 2\n");
    put_learning(&p, "L-a", 30.0, "");
    put_learning(&p, "L-b", 30.0, "");
    // Half-life 90 days, live threshold 0.25: below after 180 days, 3 days ago.
    put_learning(&p, "L-c", 183.0, "");
    cite_line(&p, 1.0, "L-a", "retrieved", "s-1");
    cite_line(&p, 1.0, "L-b", "retrieved", "s-1");
    // σ = 2/3, ρ = 0/2, δ = 1/3: not compounding.
    let status = json(&p.agentops(&["flywheel", "status", "--json"], ""));
    let c = &status["current"];
    assert_eq!(
        (&c["active"], &c["retrieved"], &c["applied"], &c["faded"]),
        (&3.into(), &2.into(), &0.into(), &1.into())
    );
    assert!((c["sigma"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-12 && c["rho"] == 0.0, "{c}");
    assert_eq!((&status["verdict"], &status["trend"]), (&"not compounding".into(), &"unknown".into()));
    let out = p.agentops(&["flywheel", "check", "--window", "7d"], "");
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stdout(&out).contains("not compounding: σ·ρ = 0.000 <= δ = 0.333"), "{}", stdout(&out));

    // Both applied: σ·ρ = 2/3 > δ = 1/3.
    cite_line(&p, 0.5, "L-a", "applied", "s-1");
    cite_line(&p, 0.5, "L-b", "applied", "s-1");
    let out = p.agentops(&["flywheel", "check"], "");
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).starts_with("compounding: σ·ρ = 0.667 > δ = 0.333"), "{}", stdout(&out));
    let text = stdout(&p.agentops(&["flywheel", "status", "--window", "30d"], ""));
    assert!(text.contains("ρ usage     1.000  (2 of 2 retrieved items applied)"), "{text}");
    let bad = p.agentops(&["flywheel", "status", "--window", "7x"], "");
    assert_eq!(bad.status.code(), Some(2), "{}", stderr(&bad));
}

#[test]
fn handoffs_are_written_shown_and_consumed_once() {
    let p = Project::new();
    p.agentops(&["init"], "");
    let none = json(&p.agentops(&["handoff", "show", "--json"], ""));
    assert_eq!(none["handoff"], serde_json::Value::Null);

    let body = "# Finish promotion docs\n\n- [ ] the Flywheel section\n";
    let written = json(&p.agentops(&["handoff", "write", "--json", "--session", "s-1"], body));
    let id = written["id"].as_str().unwrap().to_string();
    assert!(id.starts_with("H-") && written["title"] == "Finish promotion docs", "{written}");
    let shown = stdout(&p.agentops(&["handoff", "show"], ""));
    assert!(shown.starts_with(&format!("{id}  open  Finish promotion docs")) && shown.contains("- [ ] the Flywheel"));

    let consumed = json(&p.agentops(&["handoff", "consume", "--json", "--session", "s-2"], ""));
    assert_eq!((&consumed["already"], &consumed["handoff"]["consumed_by"]), (&false.into(), &"s-2".into()));
    let again = p.agentops(&["handoff", "consume", &id], "");
    assert!(again.status.success());
    assert!(stdout(&again).starts_with(&format!("{id} was already consumed by s-2 at ")), "{}", stdout(&again));
    assert!(stdout(&p.agentops(&["handoff", "show"], "")).contains("no open handoff"));
    let by_id = json(&p.agentops(&["handoff", "show", "--json", &id], ""));
    assert_eq!(by_id["handoff"]["status"], "retired");
    let empty = p.agentops(&["handoff", "write"], "  \n");
    assert_eq!(empty.status.code(), Some(2));
    assert!(stderr(&empty).contains("the handoff is empty"), "{}", stderr(&empty));
}

/// A Claude Code session with a failure and its fix, a lesson, a correction,
/// a torn line and garbage (see host/ledger/tests/ledger/forge.rs).
fn forge_fixture() -> String {
    std::fs::read_to_string(transcript_fixture("claude-code/session-lessons.jsonl")).unwrap()
}

#[test]
fn forge_captures_from_a_transcript_once_and_dry_run_writes_nothing() {
    let p = Project::new();
    p.agentops(&["init"], "");
    let transcript = p.write("session.jsonl", &forge_fixture());
    let path = transcript.to_str().unwrap();
    let dry = json(&p.agentops(&["forge", "--dry-run", "--json", path], ""));
    assert_eq!(dry["dry_run"], true);
    let rules: Vec<&str> = dry["captured"].as_array().unwrap().iter().map(|c| c["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, ["fail-fix", "lesson", "correction"]);
    assert!(!p.root().join(".agents/cache/forge").exists());
    assert_eq!(std::fs::read_dir(p.root().join(".agents/learnings")).unwrap().count(), 0);

    let out = p.agentops(&["forge", path, "--from", "claude-code"], "");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("captured 3, dropped 2, cited 0"), "{}", stdout(&out));
    assert!(stderr(&out).contains("session.jsonl:14: skipped an invalid line"), "{}", stderr(&out));
    let fixes = json(&p.agentops(&["learn", "list", "--json", "--tag", "fail-fix"], ""));
    assert_eq!(fixes["items"].as_array().unwrap().len(), 1);

    let again = json(&p.agentops(&["forge", "--json", path], ""));
    assert_eq!(again["captured"], serde_json::json!([]));
    assert_eq!(again["transcripts"][0]["resumed_after"], 25);
    let wrong = p.agentops(&["forge", "--from", "cursor", path], "");
    assert_eq!(wrong.status.code(), Some(2));
}

/// Whether a watcher answers for the project, asked until `want` or 10 s.
#[cfg(target_os = "linux")]
fn watcher_running(p: &Project, want: bool) -> bool {
    for _ in 0..100 {
        let running = json(&p.agentops(&["ledger", "watch", "--status", "--json"], ""))["running"] == true;
        if running == want {
            return running;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    !want
}

#[cfg(target_os = "linux")]
#[test]
fn a_configured_watcher_starts_with_a_read_sees_edits_and_stops_when_asked() {
    let p = Project::new();
    json(&p.agentops(&["init", "--json"], ""));
    let added = json(&p.agentops(&["learn", "add", "--json", "--title", "Lock CI builds", "--body", GOOD], ""));
    let item = p.root().join(format!(".agents/learnings/{}.md", added["id"].as_str().unwrap()));
    json(&p.agentops(&["lookup", "--json", "cargo"], ""));
    assert!(!watcher_running(&p, false), "none for a small ledger by default");

    let config = p.root().join(".agents/agentops.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, text.replace("watch = \"auto\"", "watch = true")).unwrap();
    json(&p.agentops(&["lookup", "--json", "cargo"], ""));
    assert!(watcher_running(&p, true), "the read started one in the background");
    let shown = stdout(&p.agentops(&["ledger", "watch", "--status"], ""));
    assert!(shown.contains("reads skip their checks"), "{shown}");

    // An edit in place is seen by the next read, watcher or not.
    for word in ["xylophone", "quokka"] {
        let mut file = std::fs::OpenOptions::new().append(true).open(&item).unwrap();
        std::io::Write::write_all(&mut file, format!("\nSee also {word}.\n").as_bytes()).unwrap();
        drop(file);
        let found = json(&p.agentops(&["lookup", "--json", word], ""));
        assert_eq!(found["items"].as_array().unwrap().len(), 1, "{word}: {found}");
    }

    let second = json(&p.agentops(&["ledger", "watch", "--json", "--idle", "5s"], ""));
    assert_eq!(second["ended"], "already-watched");
    assert_eq!(json(&p.agentops(&["ledger", "watch", "--stop", "--json"], ""))["stopped"], true);
    assert!(!watcher_running(&p, false));
    std::fs::write(&config, text).unwrap();
}
