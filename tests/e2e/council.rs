//! The built-in `council` skill through the real host: judges are the
//! scripts in tests/fixtures/judges, run in parallel by the `judge` import.

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::{Project, assert_skill_error, judges_config, stderr, stdout};

/// A project whose policy allows judges, with `judges` as `(name, vendor, args of the script)`.
fn council_project(judges: &[(&str, &str, &[&str])]) -> Project {
    let p = Project::new();
    let policy = "[policy]\nallow = [\"workspace.read\", \"git.read\", \"judge\"]\n";
    p.write(".agents/agentops.toml", &format!("{policy}{}", judges_config(judges)));
    p.write("plan.md", "# Plan\nShip the council.\n");
    p
}

fn council(p: &Project) -> (std::process::Output, Value) {
    let plan = p.root().join("plan.md").display().to_string();
    let out = p.agentops(&["run", "council", "--input", &plan, "--json"], "");
    let answer = serde_json::from_str(&stdout(&out)).unwrap_or(Value::Null);
    (out, answer)
}

#[test]
fn agreeing_judges_pass_and_their_findings_are_kept() {
    let p = council_project(&[("alpha", "anthropic", &["verdict.sh", "pass"]), ("beta", "openai", &["fenced.sh"])]);
    let (out, answer) = council(&p);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(answer["data"]["consensus"], "PASS", "{answer}");
    assert_eq!(answer["data"]["judges"][1]["vendor"], "openai");

    let p = council_project(&[
        ("alpha", "anthropic", &["verdict.sh", "fail", "unchecked unwrap"]),
        ("beta", "anthropic", &["verdict.sh", "warn"]),
    ]);
    let (out, answer) = council(&p);
    assert_eq!(out.status.code(), Some(1), "a FAIL blocks: {answer}");
    assert_eq!(answer["data"]["consensus"], "FAIL");
    let finding = &answer["findings"][0];
    assert_eq!(
        (&finding["rule"], &finding["path"], &finding["line"]),
        (&"judge/alpha".into(), &"src/app.rs".into(), &3.into()),
        "{answer}"
    );
}

#[test]
fn vendors_that_split_disagree_and_warnings_warn() {
    let p = council_project(&[
        ("alpha", "anthropic", &["verdict.sh", "pass"]),
        ("beta", "openai", &["verdict.sh", "fail", "race"]),
    ]);
    let (out, answer) = council(&p);
    assert_eq!((out.status.code(), &answer["data"]["consensus"]), (Some(1), &"DISAGREE".into()), "{answer}");
    let p = council_project(&[
        ("alpha", "anthropic", &["verdict.sh", "pass"]),
        ("beta", "openai", &["verdict.sh", "warn"]),
    ]);
    let (out, answer) = council(&p);
    assert_eq!((out.status.code(), &answer["data"]["consensus"]), (Some(0), &"WARN".into()), "{answer}");
    assert_eq!(answer["verdict"], "warn");
}

#[test]
fn judges_that_hang_crash_or_babble_abstain_with_the_reason() {
    let pidfile = tempfile::NamedTempFile::new().unwrap();
    let pidfile_path = pidfile.path().display().to_string();
    let p = council_project(&[
        ("hanging", "a", &["hang.sh", &pidfile_path]),
        ("babbling", "b", &["garbage.sh"]),
        ("crashing", "c", &["crash.sh"]),
        ("steady", "d", &["needle.sh", "Ship the council"]),
    ]);
    let start = Instant::now();
    let (out, answer) = council(&p);
    let took = start.elapsed();
    assert_eq!(out.status.code(), Some(0), "{answer}{}", stderr(&out));
    assert_eq!(answer["data"]["consensus"], "PASS", "the one judge that answered got the material: {answer}");
    // Every configured judge is asked, in name order; each abstention says why.
    let note = |judge: &str| {
        let judges = answer["data"]["judges"].as_array().unwrap();
        judges.iter().find(|j| j["judge"] == judge).unwrap()["note"].as_str().unwrap().to_string()
    };
    assert!(note("hanging").contains("no answer within 700 ms"), "{answer}");
    assert!(note("babbling").contains("no JSON verdict"), "{answer}");
    assert!(note("crashing").contains("exited with exit status: 3: judge: model quota exhausted"), "{answer}");
    assert_eq!(answer["data"]["judges"][0]["judge"], "babbling");
    // In parallel: the hanging judge's timeout is the whole wait, not the sum.
    assert!(took < Duration::from_secs(5), "took {took:?}");
    // The hanging judge's own child was killed with it.
    let pid = std::fs::read_to_string(pidfile.path()).unwrap();
    std::thread::sleep(Duration::from_millis(100));
    let stat = std::fs::read_to_string(format!("/proc/{}/stat", pid.trim())).unwrap_or_default();
    assert!(stat.is_empty() || stat.contains(") Z "), "the judge's child {pid} still runs: {stat}");
}

#[test]
fn judges_need_the_policy_and_a_configuration() {
    let p = Project::new();
    let plan = p.write("plan.md", "# Plan\n").display().to_string();
    let out = p.agentops(&["run", "council", "--input", &plan], "");
    assert_skill_error(&out, &["agentops:skill/judge", "policy"]);
    p.write(".agents/agentops.toml", "[policy]\nallow = [\"workspace.read\", \"git.read\", \"judge\"]\n");
    let out = p.agentops(&["run", "council", "--input", &plan], "");
    assert_skill_error(&out, &["no judges are configured", "[judges.NAME]"]);
    p.write(
        ".agents/agentops.toml",
        "[policy]\nallow = [\"judge\", \"workspace.read\", \"git.read\"]\n[judges.x]\ncommand = []\n",
    );
    let out = p.agentops(&["run", "council", "--input", &plan], "");
    assert_skill_error(&out, &["agentops.toml:3", "judge `x` has no command"]);
}
