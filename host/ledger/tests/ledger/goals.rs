//! Goals: GOALS.md parsed with located errors, real gates measured (exit
//! codes, timeouts, process groups), the ratchet over a gate whose result
//! flips through a file, and the choice of the next goal.

use std::path::Path;
use std::time::{Duration, Instant};

use agentops_ledger::goals::{
    Change, GOALS_FILE, GOALS_LOG, Goal, GoalResult, Reason, Snapshot, Status, parse, select, weakest,
};
use agentops_ledger::{Draft, Ledger, Timestamp};
use proptest::prelude::*;

use super::history::at;

/// A project with a ledger and this GOALS.md; returns its goals.
fn project_with_goals(text: &str) -> (tempfile::TempDir, Ledger, Vec<Goal>) {
    let (dir, ledger) = super::project();
    std::fs::write(dir.path().join(GOALS_FILE), text).unwrap();
    let goals = ledger.goals().unwrap();
    (dir, ledger, goals)
}

/// A goal section with a gate and extra field lines.
fn section(title: &str, gate: &str, fields: &str) -> String {
    format!("## {title}\n- gate: `{gate}`\n{fields}\n")
}

fn measure(ledger: &Ledger, goals: &[Goal], ts: &str) -> Snapshot {
    ledger.measure_goals(goals, at(ts), &mut |_| {}).unwrap()
}

fn result<'a>(snapshot: &'a Snapshot, id: &str) -> &'a GoalResult {
    snapshot.goals.iter().find(|r| r.id == id).unwrap()
}

/// The markdown example of docs/goals.md, so the documentation cannot drift.
fn documented_example() -> String {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/goals.md")).unwrap();
    let start = doc.find("```markdown\n").expect("docs/goals.md has a markdown example") + "```markdown\n".len();
    let end = start + doc[start..].find("\n```\n").unwrap() + 1;
    doc[start..end].to_string()
}

#[test]
fn the_documented_example_parses_with_ids_defaults_and_descriptions() {
    let goals = parse(Path::new(GOALS_FILE), &documented_example()).unwrap();
    let ids: Vec<&str> = goals.iter().map(|g| g.id.as_str()).collect();
    assert_eq!(ids, ["tests-pass", "lints-are-clean", "docs"]);
    let tests = &goals[0];
    assert_eq!((tests.title.as_str(), tests.gate.as_str()), ("Tests pass", "cargo test --workspace"));
    assert_eq!((tests.weight, tests.timeout), (3, Duration::from_secs(600)));
    assert_eq!(tests.paths, ["src/**", "tests/**"]);
    assert_eq!(tests.description, "Every test of the workspace passes. The ratchet keeps it that way.");
    assert_eq!(tests.line, 5);
    let lints = &goals[1];
    assert_eq!((lints.weight, lints.timeout, lints.description.as_str()), (2, Duration::from_secs(300), ""));
    assert_eq!(lints.gate, "cargo clippy --all-targets -- -D warnings");
    assert_eq!(goals[2].title, "Docs build");
    assert!(goals[2].description.starts_with("### Why\nBroken intra-doc links"), "{}", goals[2].description);
}

#[test]
fn values_are_read_as_written_not_as_rendered_markdown() {
    let text = "## Stars *and* `code`\n* gate: ls src/**/*.rs | grep -c _x_ \\\n+ weight: 2\n\n\
                - a later list\n- is description\n\n## Next\n1. gate: ``echo `date` ``\n2. id: custom\n";
    let goals = parse(Path::new("GOALS.md"), text).unwrap();
    // Each marker starts a list of its own: only the first is the field list.
    assert_eq!(goals[0].gate, "ls src/**/*.rs | grep -c _x_ \\");
    assert_eq!(goals[0].weight, 1);
    assert_eq!((goals[0].title.as_str(), goals[0].id.as_str()), ("Stars and `code`", "stars-and-code"));
    assert_eq!(goals[0].description, "+ weight: 2\n\n- a later list\n- is description");
    assert_eq!((goals[1].gate.as_str(), goals[1].id.as_str()), ("echo `date`", "custom"));
}

#[test]
fn parse_errors_name_the_line_and_what_to_do() {
    let cases: &[(&str, &str, &str)] = &[
        ("# Goals\n\nJust prose.\n", "GOALS.md: no goals", "## Title"),
        (
            "# Goals\n\n## Tests\n\nProse first.\n- gate: true\n",
            "GOALS.md:3: goal `Tests` has no field list",
            "right under the heading",
        ),
        ("## Tests\n- weight: 2\n", "GOALS.md:1: goal `Tests` has no gate", "- gate: COMMAND"),
        ("## Tests\n- gate: true\n- weight: high\n", "GOALS.md:3: weight `high` is not a whole number", "- weight: 3"),
        ("## Tests\n- gate: true\n- weight: 0\n", "GOALS.md:3: weight `0`", "- weight: 3"),
        ("## Tests\n- gate: true\n- timeout: 90\n", "GOALS.md:3: timeout `90` is not a duration", "`90s`"),
        (
            "## Tests\n- gate: true\n- owner: ada\n",
            "GOALS.md:3: unknown field `owner`",
            "gate, weight, timeout, paths, id",
        ),
        ("## Tests\n- gate: true\n- gate: false\n", "GOALS.md:3: `gate` is given twice", "keep one"),
        ("## Tests\n- gate:   \n", "GOALS.md:2: the gate is empty", "shell command"),
        ("## Tests\n- gate: `cargo` test\n", "GOALS.md:2: ``cargo` test` starts a code span", "whole value"),
        ("## Tests\n- gate: true\nMore text\n", "GOALS.md:2: a field spans several lines", "blank line"),
        ("## Tests\n- just words\n", "GOALS.md:2: `just words` is not a field", "key: value"),
        ("## Tests\n- gate: true\n- paths: src/[\n", "GOALS.md:3: `src/[` is not a valid glob", "`**`"),
        ("## Tests\n- gate: true\n- id: Tests\n", "GOALS.md:3: id `Tests` is not a slug", "`tests`"),
        ("## !!!\n- gate: true\n", "GOALS.md:1: the title `!!!` gives an empty id", "- id: NAME"),
        (
            "## Tests pass\n- gate: true\n\n## Tests, pass!\n- gate: false\n",
            "GOALS.md:4: goal id `tests-pass` is already taken by the goal at line 1",
            "own title",
        ),
    ];
    for (text, message, hint) in cases {
        let err = parse(Path::new("GOALS.md"), text).unwrap_err().to_string();
        assert!(err.starts_with(message), "{text:?}: {err}");
        assert!(err.contains("hint:") && err.contains(hint), "{text:?}: {err}");
    }
}

#[test]
fn a_missing_goals_file_and_unknown_ids_say_what_to_do() {
    let (_dir, ledger) = super::project();
    let err = ledger.goals().unwrap_err().to_string();
    assert!(err.contains("GOALS.md: no goals file") && err.contains("docs/goals.md"), "{err}");
    let goals = parse(Path::new("GOALS.md"), &(section("A", "true", "") + &section("B", "true", ""))).unwrap();
    assert_eq!(select(Path::new("GOALS.md"), &goals, &[]).unwrap().len(), 2);
    let only_b = select(Path::new("GOALS.md"), &goals, &["b".into()]).unwrap();
    assert_eq!(only_b.iter().map(|g| g.id.as_str()).collect::<Vec<_>>(), ["b"]);
    let err = select(Path::new("GOALS.md"), &goals, &["c".into()]).unwrap_err().to_string();
    assert!(err.contains("no goal with id `c`") && err.contains("the ids are: a, b"), "{err}");
}

proptest! {
    #[test]
    fn arbitrary_text_never_panics_the_parser(text in any::<String>()) {
        let _ = parse(Path::new("GOALS.md"), &text);
    }

    #[test]
    fn markdown_like_text_never_panics_the_parser(
        lines in prop::collection::vec("(#{0,3} |[-*+] |1[.)] |> |    |```|)[a-z `*_:\\[\\]!-]{0,20}", 0..25)
    ) {
        let _ = parse(Path::new("GOALS.md"), &lines.join("\n"));
    }
}

#[test]
fn gates_report_pass_fail_exit_codes_output_tails_and_fitness() {
    let text = section("Passes", "true", "- weight: 3")
        + &section("Fails", "false", "")
        + &section("Exits three", "echo to stdout; echo to stderr >&2; exit 3", "- weight: 2");
    let (dir, ledger, goals) = project_with_goals(&text);
    let mut seen = Vec::new();
    let snapshot = ledger.measure_goals(&goals, at("2026-11-25T09:30:00Z"), &mut |r| seen.push(r.id.clone())).unwrap();
    assert_eq!(seen, ["passes", "fails", "exits-three"]);
    let statuses: Vec<(Status, Option<i32>)> = snapshot.goals.iter().map(|r| (r.status, r.exit)).collect();
    assert_eq!(statuses, [(Status::Pass, Some(0)), (Status::Fail, Some(1)), (Status::Fail, Some(3))]);
    assert_eq!(result(&snapshot, "exits-three").tail, "to stdout\nto stderr");
    assert_eq!(result(&snapshot, "passes").tail, "");
    assert_eq!(snapshot.fitness, 0.5);

    // One line per snapshot, read back as written.
    measure(&ledger, &goals[..1], "2026-11-25T09:31:00Z");
    let log = std::fs::read_to_string(dir.path().join(".agents").join(GOALS_LOG)).unwrap();
    assert_eq!(log.lines().count(), 2);
    let history = ledger.goal_history().unwrap();
    assert!(history.errors.is_empty(), "{:?}", history.errors);
    assert_eq!(history.snapshots[0], snapshot);
    assert_eq!(history.snapshots[1].fitness, 1.0);
}

#[test]
fn gates_run_in_the_project_root() {
    let text = section("Runs at the root", "test -f GOALS.md && test -d .agents", "");
    let (_dir, ledger, goals) = project_with_goals(&text);
    let snapshot = measure(&ledger, &goals, "2026-11-25T09:30:00Z");
    assert_eq!(snapshot.goals[0].status, Status::Pass, "{}", snapshot.goals[0].tail);
}

/// Whether process `pid` still runs (a zombie counts as gone).
fn alive(pid: &str) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| !stat.contains(") Z "))
}

fn gone_soon(pid: &str) -> bool {
    let deadline = Instant::now() + Duration::from_secs(5);
    while alive(pid) {
        if Instant::now() > deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    true
}

#[test]
fn a_gate_past_its_timeout_is_killed_with_its_whole_process_group() {
    let gate = "sleep 60 & echo $! > background.pid; echo started; sleep 60";
    let (dir, ledger, goals) = project_with_goals(&section("Hangs", gate, "- timeout: 1s"));
    let started = Instant::now();
    let snapshot = measure(&ledger, &goals, "2026-11-25T09:30:00Z");
    let elapsed = started.elapsed();
    let r = &snapshot.goals[0];
    assert_eq!((r.status, r.exit), (Status::Timeout, None));
    assert!(elapsed >= Duration::from_secs(1) && elapsed < Duration::from_secs(10), "{elapsed:?}");
    assert!((1000..10_000).contains(&r.duration_ms), "{}", r.duration_ms);
    assert_eq!(r.tail, "started");
    let pid = std::fs::read_to_string(dir.path().join("background.pid")).unwrap();
    assert!(gone_soon(pid.trim()), "the gate's background child {pid} survived the timeout");
}

#[test]
fn what_a_passing_gate_leaves_running_is_killed_and_does_not_hold_the_measure() {
    let gate = "sleep 60 & echo $! > background.pid; echo done";
    let (dir, ledger, goals) = project_with_goals(&section("Leaves a child", gate, ""));
    let started = Instant::now();
    let snapshot = measure(&ledger, &goals, "2026-11-25T09:30:00Z");
    assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
    assert_eq!(snapshot.goals[0].status, Status::Pass);
    let pid = std::fs::read_to_string(dir.path().join("background.pid")).unwrap();
    assert!(gone_soon(pid.trim()), "the gate's background child {pid} survived");
}

#[test]
fn a_huge_output_is_capped_to_its_last_lines() {
    let gate = "i=0; while [ $i -lt 5000 ]; do echo line $i; i=$((i+1)); done; exit 1";
    let (_dir, ledger, goals) = project_with_goals(&section("Noisy", gate, ""));
    let tail = measure(&ledger, &goals, "2026-11-25T09:30:00Z").goals[0].tail.clone();
    assert_eq!(tail.lines().count(), 20, "{tail}");
    assert!(tail.starts_with("line 4980\n") && tail.ends_with("line 4999"), "{tail}");
}

/// The flag file that makes the gate `test -f ok` pass.
fn set_ok(dir: &Path, ok: bool) {
    let flag = dir.join("ok");
    if ok {
        std::fs::write(flag, "").unwrap();
    } else {
        std::fs::remove_file(flag).unwrap();
    }
}

#[test]
fn the_ratchet_fails_when_a_goal_that_passed_fails_and_keeps_failing_until_fixed() {
    let text = section("Flag is set", "test -f ok", "") + &section("Never passes", "exit 2", "");
    let (dir, ledger, goals) = project_with_goals(&text);
    let check = |ts: &str| ledger.check_goals(&goals, at(ts), &mut |_| {}).unwrap();
    let changes = |c: &agentops_ledger::goals::Check| c.goals.iter().map(|c| c.change).collect::<Vec<_>>();

    set_ok(dir.path(), true);
    let first = check("2026-11-25T09:00:00Z");
    assert!(first.first && first.passed());
    assert_eq!(changes(&first), [Change::Gained, Change::Failing]);

    let second = check("2026-11-25T10:00:00Z");
    assert!(!second.first && second.passed());
    assert_eq!(changes(&second), [Change::Held, Change::Failing]);
    assert_eq!(second.goals[0].passed_before.as_ref().unwrap().ts, at("2026-11-25T09:00:00Z"));

    set_ok(dir.path(), false);
    let broken = check("2026-11-25T11:00:00Z");
    assert!(!broken.passed());
    assert_eq!(broken.regressed().map(|c| c.id.as_str()).collect::<Vec<_>>(), ["flag-is-set"]);
    assert_eq!(broken.goals[0].passed_before.as_ref().unwrap().ts, at("2026-11-25T10:00:00Z"));

    // The failing snapshot is recorded too, and does not release the ratchet.
    assert!(!check("2026-11-25T12:00:00Z").passed());

    set_ok(dir.path(), true);
    let fixed = check("2026-11-25T13:00:00Z");
    assert!(fixed.passed());
    assert_eq!(changes(&fixed), [Change::Held, Change::Failing]);
    assert_eq!(ledger.goal_history().unwrap().snapshots.len(), 5);
}

#[test]
fn changing_a_gate_starts_its_history_afresh() {
    let (dir, ledger, goals) = project_with_goals(&section("Flag is set", "test -f ok", ""));
    set_ok(dir.path(), true);
    measure(&ledger, &goals, "2026-11-25T09:00:00Z");
    std::fs::write(dir.path().join(GOALS_FILE), section("Flag is set", "test -f ok && test -f other", "")).unwrap();
    let rewritten = ledger.goals().unwrap();
    let check = ledger.check_goals(&rewritten, at("2026-11-25T10:00:00Z"), &mut |_| {}).unwrap();
    assert!(check.passed());
    assert_eq!((check.goals[0].change, check.goals[0].passed_before.is_none()), (Change::Failing, true));
}

#[test]
fn history_orders_snapshots_by_time_and_reports_bad_lines() {
    let (dir, ledger, goals) = project_with_goals(&section("A", "true", ""));
    measure(&ledger, &goals, "2026-11-25T10:00:00Z");
    let log = dir.path().join(".agents").join(GOALS_LOG);
    let mut text = std::fs::read_to_string(&log).unwrap();
    text.push_str("{\"torn\n");
    std::fs::write(&log, text).unwrap();
    measure(&ledger, &goals, "2026-11-25T09:00:00Z");
    let history = ledger.goal_history().unwrap();
    let times: Vec<Timestamp> = history.snapshots.iter().map(|s| s.ts).collect();
    assert_eq!(times, [at("2026-11-25T09:00:00Z"), at("2026-11-25T10:00:00Z")]);
    assert_eq!(history.errors.len(), 1);
    let err = history.errors[0].to_string();
    assert!(err.contains("goals.jsonl:2: not a goals snapshot") && err.contains("hint:"), "{err}");
}

#[test]
fn next_takes_regressed_then_heavier_failing_then_unmeasured_goals() {
    let text = section("Light failing", "exit 1", "")
        + &section("Heavy failing", "exit 1", "- weight: 5")
        + &section("Flag is set", "test -f ok", "")
        + &section("Passing", "true", "- weight: 9");
    let (dir, ledger, goals) = project_with_goals(&text);
    let name = |history| weakest(&goals, &history).map(|(g, s)| (g.id.clone(), s.reason.name()));

    // Nothing measured: the heaviest unmeasured goal.
    assert_eq!(name(ledger.goal_history().unwrap()), Some(("passing".into(), "unmeasured")));

    set_ok(dir.path(), true);
    measure(&ledger, &goals, "2026-11-25T09:00:00Z");
    assert_eq!(name(ledger.goal_history().unwrap()), Some(("heavy-failing".into(), "failing")));

    set_ok(dir.path(), false);
    measure(&ledger, &goals, "2026-11-25T10:00:00Z");
    let history = ledger.goal_history().unwrap();
    let (goal, standing) = weakest(&goals, &history).unwrap();
    assert_eq!(goal.id, "flag-is-set");
    let Reason::Regressed { passed } = &standing.reason else { panic!("{standing:?}") };
    assert_eq!(passed.ts, at("2026-11-25T09:00:00Z"));
    assert_eq!(standing.last.as_ref().unwrap().ts, at("2026-11-25T10:00:00Z"));

    // Equal weights: the goal written first.
    let even = parse(Path::new("GOALS.md"), &(section("B", "exit 1", "") + &section("A", "exit 1", ""))).unwrap();
    assert_eq!(weakest(&even, &Default::default()).unwrap().0.id, "b");
}

#[test]
fn among_passing_goals_next_takes_the_flakiest_then_the_slowest() {
    let text = section("Fast", "true", "") + &section("Slow", "sleep 0.3", "") + &section("Flaky", "test -f ok", "");
    let (dir, ledger, goals) = project_with_goals(&text);
    for (i, ok) in [true, false, true].into_iter().enumerate() {
        set_ok(dir.path(), ok);
        measure(&ledger, &goals, &format!("2026-11-25T09:0{i}:00Z"));
    }
    let history = ledger.goal_history().unwrap();
    let (goal, standing) = weakest(&goals, &history).unwrap();
    assert_eq!((goal.id.as_str(), &standing.reason), ("flaky", &Reason::Flaky { flips: 2, runs: 3 }));

    let steady = &goals[..2];
    let (goal, standing) = weakest(steady, &history).unwrap();
    let Reason::Slow { median_ms } = standing.reason else { panic!("{standing:?}") };
    assert_eq!(goal.id, "slow");
    assert!(median_ms >= 300, "{median_ms}");
}

#[test]
fn next_proposes_the_goal_with_its_failure_related_items_and_a_step() {
    let text = "## Release notes are finished\n- gate: `echo 'notes.md:4: unresolved marker in the changelog'; exit 1`\n\
                - paths: notes.md\n\nThe changelog ships without open markers.\n";
    let (dir, ledger, goals) = project_with_goals(text);
    let related = Draft {
        title: "Resolve changelog markers before a release".into(),
        body: "Every unresolved marker in `notes.md` blocks the release script `scripts/release.sh`; \
               fix them first because the 2026-11-02 release failed on one."
            .into(),
        paths: vec!["notes.md".into()],
        ..Draft::default()
    };
    let unrelated = Draft {
        title: "Pin the cranelift optimization level".into(),
        body: "Set `opt-level = 3` for cranelift-codegen in `Cargo.toml`, because debug builds of the runtime crawl."
            .into(),
        ..Draft::default()
    };
    let item = ledger.add_learning(&related, at("2026-11-20T09:00:00Z"), true).unwrap();
    ledger.add_learning(&unrelated, at("2026-11-20T09:00:00Z"), true).unwrap();
    super::git_repo(dir.path());
    measure(&ledger, &goals, "2026-11-25T09:00:00Z");

    let next = ledger.next_goal(&goals, at("2026-11-25T10:00:00Z")).unwrap().unwrap();
    assert!(next.errors.is_empty(), "{:?}", next.errors);
    assert_eq!((next.goal.id.as_str(), next.standing.reason.name()), ("release-notes-are-finished", "failing"));
    let last = next.standing.last.as_ref().unwrap();
    assert_eq!(last.result.tail, "notes.md:4: unresolved marker in the changelog");
    assert_eq!(last.commit.as_ref().map(String::len), Some(40));
    let ids: Vec<&str> = next.related.iter().map(|h| h.item.id.as_str()).collect();
    assert_eq!(ids, [item.id.as_str()]);
    assert!(next.step.contains("Make `release-notes-are-finished` pass") && next.step.contains("goals check"));
}
