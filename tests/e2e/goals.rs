//! `agentops goals measure`, `check` and `next` on a real project whose gate
//! flips through a file.

use crate::support::{Project, stderr, stdout};

const GOALS: &str = "# Goals\n\n## Flag is set\n- gate: `test -f flag`\n- weight: 3\n\n\
    The flag file exists.\n\n## Never passes\n- gate: `echo not yet; exit 4`\n";

fn project() -> Project {
    let p = Project::new();
    assert!(p.agentops(&["init", "-q"], "").status.success());
    p.write("GOALS.md", GOALS);
    p.write("flag", "");
    p
}

fn json(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_str(&stdout(out)).unwrap_or_else(|e| panic!("{e}: {}{}", stdout(out), stderr(out)))
}

#[test]
fn measure_prints_the_table_and_appends_one_snapshot_per_run() {
    let p = project();
    let out = p.agentops(&["goals", "measure"], "");
    let text = stdout(&out);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(text.lines().any(|l| l.starts_with("flag-is-set") && l.contains("pass")), "{text}");
    assert!(text.lines().any(|l| l.starts_with("never-passes") && l.contains("fail(4)")), "{text}");
    assert!(text.contains("fitness 0.750 (3 of 4 weight passing)"), "{text}");

    let only = p.agentops(&["goals", "measure", "--json", "--goal", "never-passes"], "");
    let snapshot = &json(&only)["snapshot"];
    assert_eq!(snapshot["goals"].as_array().unwrap().len(), 1);
    assert_eq!((snapshot["goals"][0]["tail"].as_str(), snapshot["fitness"].as_f64()), (Some("not yet"), Some(0.0)));

    let log = std::fs::read_to_string(p.root().join(".agents/log/goals.jsonl")).unwrap();
    assert_eq!(log.lines().count(), 2);

    let unknown = p.agentops(&["goals", "measure", "--goal", "nope"], "");
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("no goal with id `nope`"), "{}", stderr(&unknown));
    std::fs::write(p.root().join("GOALS.md"), "## Broken\n- weight: 2\n").unwrap();
    let broken = p.agentops(&["goals", "measure"], "");
    assert_eq!(broken.status.code(), Some(2));
    assert!(stderr(&broken).contains("GOALS.md:1: goal `Broken` has no gate"), "{}", stderr(&broken));
}

#[test]
fn check_fails_once_a_passing_goal_breaks_and_next_proposes_it() {
    let p = project();
    let first = p.agentops(&["goals", "check"], "");
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(stdout(&first).contains("no earlier snapshot"), "{}", stdout(&first));
    assert!(stdout(&first).contains("check: pass"), "{}", stdout(&first));

    std::fs::remove_file(p.root().join("flag")).unwrap();
    let broken = p.agentops(&["goals", "check"], "");
    assert_eq!(broken.status.code(), Some(1), "{}", stdout(&broken));
    let text = stdout(&broken);
    assert!(text.contains("check: FAIL: 1 goal regressed: flag-is-set"), "{text}");
    assert!(text.contains("failing    never-passes"), "never-passing goals are reported: {text}");

    let quiet = p.agentops(&["goals", "check", "--quiet"], "");
    assert_eq!(quiet.status.code(), Some(1));
    assert!(stdout(&quiet).is_empty() && stderr(&quiet).contains("regressed: flag-is-set"), "{}", stderr(&quiet));

    let next = json(&p.agentops(&["goals", "next", "--json"], ""));
    assert_eq!(
        (next["goal"]["id"].as_str(), next["reason"]["name"].as_str()),
        (Some("flag-is-set"), Some("regressed"))
    );
    assert_eq!(next["last"]["result"]["status"], "fail");
    let text = stdout(&p.agentops(&["goals", "next"], ""));
    assert!(text.starts_with("next: flag-is-set (Flag is set, weight 3)\nwhy: regressed: passed at "), "{text}");
    assert!(text.contains("step: Regression: `flag-is-set` passed at"), "{text}");

    p.write("flag", "");
    let fixed = p.agentops(&["goals", "check", "--json"], "");
    assert!(fixed.status.success(), "{}", stdout(&fixed));
    let fixed = json(&fixed);
    assert_eq!((fixed["passed"].as_bool(), fixed["goals"][0]["change"].as_str()), (Some(true), Some("held")));
}
