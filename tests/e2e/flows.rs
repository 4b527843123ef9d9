//! Flows: components that invoke other skills through the host, only those
//! their skill.toml lists, never themselves, each step recorded.

use serde_json::Value;

use crate::support::{Project, assert_skill_error, judges_config, stderr, stdout, transcript_fixture};

const RM_ROOT: &str = r#"{"tool_name":"Bash","tool_input":{"command":"rm -rf /"}}"#;

/// A project with the flow-probe guest as the flow `probe`, the hostile
/// guest, and an instruction-only skill `notes`.
fn flow_project() -> Project {
    let p = Project::new();
    p.install_guest(
        "flow-probe",
        "probe",
        "kind = \"flow\"\ninvokes = [\"guard\", \"notes\", \"probe\", \"ghost\", \"hostile\"]\n",
    );
    p.install_guest(
        "hostile",
        "hostile",
        "[capabilities]\nimports = [\"workspace.read\"]\n[limits]\ntimeout_ms = 300\n",
    );
    p.write(
        "skills/notes/SKILL.md",
        "---\nname: notes\ndescription: Notes for the agent.\n---\nWrite the plan in docs/plan.md first.\n",
    );
    p.write("call.json", RM_ROOT);
    p
}

fn flow(p: &Project, invoke: &str, extra: &[&str]) -> (std::process::Output, Value) {
    let input = p.root().join("call.json").display().to_string();
    let mut args = vec!["flow", "run", "probe", "--json", "--input", &input];
    let invoke = format!("invoke={invoke}");
    args.extend(["--arg", &invoke]);
    args.extend(extra);
    let out = p.agentops(&args, "");
    let answer = serde_json::from_str(&stdout(&out)).unwrap_or(Value::Null);
    (out, answer)
}

#[test]
fn a_flow_invokes_skills_and_instructions_and_records_each_step() {
    let p = flow_project();
    let (out, answer) = flow(&p, "notes,guard", &[]);
    assert_eq!(out.status.code(), Some(1), "guard's FAIL fails the flow: {answer}{}", stderr(&out));
    let data = &answer["data"];
    assert_eq!(data[0][0], "notes");
    assert_eq!(data[0][2], "Write the plan in docs/plan.md first.", "instructions come back as context");
    assert_eq!((&data[1][0], &data[1][1]), (&"guard".into(), &"fail".into()), "{answer}");
    let steps = answer["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 2);
    assert_eq!(
        (&steps[1]["skill"], &steps[1]["verdict"], &steps[1]["depth"]),
        (&"guard".into(), &"fail".into(), &1.into())
    );

    // `agentops run` runs a flow the same way.
    let input = p.root().join("call.json").display().to_string();
    let out = p.agentops(&["run", "probe", "-v", "--input", &input, "--arg", "invoke=notes"], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("  notes PASS"), "-v lists the steps: {}", stderr(&out));
}

#[test]
fn flows_nest_and_report_the_depth_of_each_step() {
    let p = flow_project();
    p.install_guest("flow-probe", "outer", "kind = \"flow\"\ninvokes = [\"probe\"]\n");
    let input = p.root().join("call.json").display().to_string();
    let out = p.agentops(
        &["flow", "run", "outer", "--json", "--input", &input, "--arg", "invoke=probe", "--arg", "pass=invoke=guard"],
        "",
    );
    let answer: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let steps: Vec<(String, u64)> = answer["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["skill"].as_str().unwrap().to_string(), s["depth"].as_u64().unwrap()))
        .collect();
    assert_eq!(steps, [("guard".to_string(), 2), ("probe".to_string(), 1)], "{answer}");
    assert_eq!(out.status.code(), Some(1), "guard's FAIL travels up: {answer}");
}

#[test]
fn unlisted_missing_recursive_and_broken_skills_are_refused_per_step() {
    let p = flow_project();
    p.write("skills/unlisted/SKILL.md", "---\nname: unlisted\ndescription: Not in invokes.\n---\nx\n");
    let (_, answer) = flow(&p, "unlisted,ghost,probe,hostile", &["--arg", "pass=mode=loop"]);
    let data = answer["data"].as_array().unwrap_or_else(|| panic!("{answer}"));
    let error = |i: usize| data[i][1].as_str().unwrap().to_string();
    assert!(error(0).contains("Denied") && error(0).contains("not `unlisted`"), "{}", error(0));
    assert!(error(1).contains("InvalidInput") && error(1).contains("no skill named `ghost`"), "{}", error(1));
    assert!(error(2).contains("would run inside itself: probe → probe"), "{}", error(2));
    assert!(error(3).contains("ran past its deadline of 300 ms"), "the step's own limit: {}", error(3));
    // The steps the host ran are recorded; the unlisted one never reached it.
    let steps: Vec<&str> = answer["steps"].as_array().unwrap().iter().map(|s| s["skill"].as_str().unwrap()).collect();
    assert_eq!(steps, ["ghost", "probe", "hostile"]);
}

#[test]
fn only_flows_invoke_and_flow_run_takes_only_flows() {
    let p = Project::new();
    p.install_guest("flow-probe", "plain", "");
    let out = p.agentops(&["run", "plain", "--arg", "invoke=guard"], "");
    assert_skill_error(&out, &["agentops:skill/skills", "invoking other skills is for flows", "kind = \"flow\""]);
    let out = p.agentops(&["flow", "run", "guard"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("`guard` is a skill, not a flow"), "{}", stderr(&out));
}

/// A repository with one commit and, staged, a change with two debugging
/// leftovers and a test.
fn reviewed_project(policy: &str) -> Project {
    let p = Project::new();
    p.write(".agents/agentops.toml", policy);
    p.write("src/lib.rs", "pub fn add(a: i32, b: i32) -> i32 {\n    a + b\n}\n");
    p.stage(&["src/lib.rs"]);
    p.commit("add");
    p.write("src/lib.rs", "pub fn add(a: i32, b: i32) -> i32 {\n    dbg!(a);\n    dbg!(b);\n    a + b\n}\n");
    p.write("tests/add.rs", "#[test]\nfn adds() {\n    assert_eq!(agentops_demo::add(1, 2), 3);\n}\n");
    p.stage(&["src/lib.rs", "tests/add.rs"]);
    p
}

fn flow_json(p: &Project, args: &[&str]) -> (Option<i32>, Value) {
    let mut full = vec!["flow", "run"];
    full.extend(args);
    full.push("--json");
    let out = p.agentops(&full, "");
    let answer =
        serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&out), stderr(&out)));
    (out.status.code(), answer)
}

#[test]
fn validation_reviews_skips_council_without_judges_and_records_what_recurs() {
    let p =
        reviewed_project("[policy]\nallow = [\"workspace.read\", \"git.read\", \"ledger.read\", \"ledger.write\"]\n");
    assert!(p.agentops(&["init"], "").status.success());
    let (code, answer) = flow_json(&p, &["validation"]);
    assert_eq!(code, Some(0), "a WARN does not block: {answer}");
    assert_eq!(answer["verdict"], "warn");
    assert_eq!(
        answer["message"], "vibe WARN → council skipped (the policy does not allow `judge`) → post-mortem PASS",
        "{answer}"
    );
    let lines: Vec<u64> = answer["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "vibe/debug-leftover")
        .map(|f| f["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [2, 3]);
    // The recurring leftover became a learning in the ledger.
    let learnings: Vec<_> = std::fs::read_dir(p.root().join(".agents/learnings")).unwrap().collect();
    assert_eq!(learnings.len(), 1, "post-mortem proposed one learning");
    let steps: Vec<&str> = answer["steps"].as_array().unwrap().iter().map(|s| s["skill"].as_str().unwrap()).collect();
    assert_eq!(steps, ["vibe", "council", "post-mortem"]);
}

#[test]
fn validation_hands_the_session_transcript_to_post_mortem() {
    let p =
        reviewed_project("[policy]\nallow = [\"workspace.read\", \"git.read\", \"ledger.read\", \"ledger.write\"]\n");
    assert!(p.agentops(&["init"], "").status.success());
    std::fs::copy(transcript_fixture("claude-code/session-lessons.jsonl"), p.root().join("session.jsonl")).unwrap();
    let learnings = || -> Vec<String> {
        std::fs::read_dir(p.root().join(".agents/learnings"))
            .unwrap()
            .map(|entry| std::fs::read_to_string(entry.unwrap().path()).unwrap())
            .collect()
    };

    // A transcript post-mortem cannot forge skips that step, naming it, and writes nothing.
    let (code, answer) = flow_json(&p, &["validation", "--arg", "transcript=nowhere.jsonl"]);
    assert_eq!(code, Some(0), "{answer}");
    let message = answer["message"].as_str().unwrap();
    assert!(message.contains("post-mortem skipped") && message.contains("`nowhere.jsonl` does not exist"), "{message}");
    assert!(learnings().is_empty());

    let (code, answer) = flow_json(&p, &["validation", "--arg", "transcript=session.jsonl"]);
    assert_eq!(code, Some(0), "{answer}");
    assert!(answer["message"].as_str().unwrap().ends_with("post-mortem PASS"), "{answer}");
    let learnings = learnings();
    assert_eq!(learnings.len(), 4, "the recurring leftover and three lessons of the transcript");
    assert!(learnings.iter().any(|l| l.contains("The cache refactor renamed `Store` to `LruStore`")), "{learnings:#?}");
}

#[test]
fn validation_asks_the_configured_judges_and_their_verdict_gates_the_flow() {
    let policy = "[policy]\nallow = [\"workspace.read\", \"git.read\", \"judge\", \"ledger.read\"]\n";
    let split = judges_config(&[("a", "anthropic", &["verdict.sh", "pass"]), ("o", "openai", &["verdict.sh", "fail"])]);
    let p = reviewed_project(&format!("{policy}{split}"));
    let (code, answer) = flow_json(&p, &["validation"]);
    assert_eq!(code, Some(1), "vendors that split block: {answer}");
    assert!(answer["message"].as_str().unwrap().contains("stopped at council"), "{answer}");
    let steps: Vec<&str> = answer["steps"].as_array().unwrap().iter().map(|s| s["skill"].as_str().unwrap()).collect();
    assert_eq!(steps, ["vibe", "council"], "post-mortem never ran");

    let warned =
        judges_config(&[("a", "anthropic", &["verdict.sh", "pass"]), ("o", "openai", &["verdict.sh", "warn"])]);
    let p = reviewed_project(&format!("{policy}{warned}"));
    let (code, answer) = flow_json(&p, &["validation"]);
    assert_eq!(code, Some(0), "a WARN does not block: {answer}");
    assert_eq!(answer["message"], "vibe WARN → council WARN → post-mortem PASS", "{answer}");
}

#[test]
fn validation_stops_at_the_first_fail() {
    let p = reviewed_project("");
    p.write("src/conflict.rs", "<<<<<<< HEAD\nlet a = 1;\n=======\nlet a = 2;\n>>>>>>> topic\n");
    p.stage(&["src/conflict.rs"]);
    let (code, answer) = flow_json(&p, &["validation"]);
    assert_eq!(code, Some(1), "{answer}");
    assert!(answer["message"].as_str().unwrap().contains("stopped at vibe"), "{answer}");
    assert_eq!(answer["steps"].as_array().unwrap().len(), 1, "council and post-mortem never ran");
}

#[test]
fn rpi_hands_out_instructions_gates_the_plan_and_limits_retries() {
    let p = reviewed_project("");
    let (code, answer) = flow_json(&p, &["rpi"]);
    assert_eq!(code, Some(0));
    let context = answer["context"].as_str().unwrap();
    assert!(context.contains("# research") && context.contains("# plan"), "{context}");

    let thin = p.write("thin.md", "# Plan\n\nDo the thing somehow.\n").display().to_string();
    let (code, answer) = flow_json(&p, &["rpi", "--input", &thin]);
    assert_eq!(code, Some(1), "pre-mortem gates a thin plan: {answer}");
    assert!(answer["message"].as_str().unwrap().starts_with("the plan is not ready"), "{answer}");

    let plan = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/plans/good.md"),
    )
    .unwrap();
    let good = p.write("plan.md", &plan).display().to_string();
    let (code, answer) = flow_json(&p, &["rpi", "--input", &good]);
    assert_eq!(code, Some(0), "{answer}");
    assert!(answer["context"].as_str().unwrap().contains("# implement"), "{answer}");

    // A change that fails validation: the next attempt is named, and past the limit a person is asked.
    p.write("src/key.rs", "const KEY: &str = \"ghp_0123456789abcdefghijABCDEFGHIJklmnopqr\";\n");
    p.stage(&["src/key.rs"]);
    let (code, answer) = flow_json(&p, &["rpi", "--input", &good, "--arg", "phase=validate"]);
    assert_eq!(code, Some(1), "{answer}");
    assert!(answer["message"].as_str().unwrap().contains("--arg attempt=2"), "{answer}");
    let (_, answer) = flow_json(&p, &["rpi", "--input", &good, "--arg", "phase=validate", "--arg", "attempt=3"]);
    assert!(answer["findings"].as_array().unwrap().iter().any(|f| f["rule"] == "rpi/retry-limit"), "{answer}");
}

#[test]
fn dream_forges_new_transcripts_promotes_and_reports_and_reads_nothing_twice() {
    let p = Project::new();
    assert!(p.agentops(&["init"], "").status.success());
    let config = p.root().join(".agents/agentops.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{text}\n[policy]\nallow = [\"ledger.read\", \"ledger.write\"]\n")).unwrap();
    // A Claude Code transcript of this project, where Claude Code keeps them.
    let home = tempfile::tempdir().unwrap();
    let encoded: String =
        p.root().to_string_lossy().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    let folder = home.path().join(".claude/projects").join(encoded);
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::copy(transcript_fixture("claude-code/session-lessons.jsonl"), folder.join("session.jsonl")).unwrap();
    let env = [("HOME", home.path().to_path_buf())];

    let out = p.agentops_env(&["flow", "run", "dream", "--json"], &env);
    let answer: Value = serde_json::from_str(&stdout(&out)).unwrap_or_else(|_| panic!("{}", stderr(&out)));
    let message = answer["message"].as_str().unwrap();
    assert!(message.starts_with("forge: 1 transcripts read, "), "{answer}");
    assert!(message.contains("promote: nothing to promote") && message.contains("flywheel: "), "{message}");
    assert!(message.contains("harvest: no projects to harvest"), "{message}");
    let captured = std::fs::read_dir(p.root().join(".agents/learnings")).unwrap().count();
    assert!(captured >= 1, "the transcript's lessons were captured: {answer}");

    let out = p.agentops_env(&["flow", "run", "dream", "--json"], &env);
    let again: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(again["message"].as_str().unwrap().contains("0 learnings captured"), "{again}");
    assert_eq!(std::fs::read_dir(p.root().join(".agents/learnings")).unwrap().count(), captured);

    // Without ledger.write the writing steps are reported, and the report still runs.
    std::fs::write(&config, text).unwrap();
    let out = p.agentops_env(&["flow", "run", "dream", "--json"], &env);
    let denied: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let rules: Vec<&str> = denied["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, ["dream/forge", "dream/harvest", "dream/promote"], "{denied}");
    assert!(denied["message"].as_str().unwrap().contains("flywheel: "), "{denied}");
}

#[test]
fn dream_harvests_the_projects_it_is_given_into_the_global_ledger() {
    let p = Project::new();
    assert!(p.agentops(&["init"], "").status.success());
    let config = p.root().join(".agents/agentops.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{text}\n[policy]\nallow = [\"ledger.read\", \"ledger.write\"]\n")).unwrap();
    let other = Project::new();
    assert!(other.agentops(&["init"], "").status.success());
    other.write(
        ".agents/rules/R-20261101-0badf00d.md",
        "---\nid: R-20261101-0badf00d\nkind: rule\ntitle: Pin wasmtime exactly\ncreated: 2026-11-01T00:00:00Z\n---\n\
         Newer wasmtime needs a newer rustc than CI has.\n",
    );
    let from = format!("from={}", other.root().display());
    let out = p.agentops(&["flow", "run", "dream", "--json", "--arg", &from], "");
    let answer: Value = serde_json::from_str(&stdout(&out)).unwrap_or_else(|_| panic!("{}", stderr(&out)));
    assert!(answer["message"].as_str().unwrap().contains("harvest: 1 copied into the global ledger"), "{answer}");
    assert!(p.global.path().join(".agents/rules/R-20261101-0badf00d.md").is_file());
}

#[test]
fn evolve_proposes_the_weakest_goal_with_the_implement_instructions() {
    let p = Project::new();
    assert!(p.agentops(&["init"], "").status.success());
    p.write(
        "GOALS.md",
        "# Goals\n\n## Builds\n- gate: `true`\n\n## Docs are spelled right\n- gate: `false`\n- weight: 2\n\nRun the speller.\n",
    );
    assert!(p.agentops(&["goals", "measure"], "").status.success());
    let out = p.agentops(&["flow", "run", "evolve", "--json"], "");
    let answer: Value = serde_json::from_str(&stdout(&out)).unwrap_or_else(|_| panic!("{}", stderr(&out)));
    assert_eq!(answer["message"], "next: Docs are spelled right (docs-are-spelled-right)", "{answer}");
    let context = answer["context"].as_str().unwrap();
    assert!(context.contains("false") && context.contains("# implement"), "{context}");
}

#[test]
fn retro_turns_a_retrospective_into_drafts_or_ledger_learnings() {
    let p = Project::new();
    let retro = p
        .write(
            "retro.md",
            "## What went well\n- Pairing on the cache refactor was great\n\n## What went wrong\n\
             - The migration in db/migrate/0042.sql ran twice because deploy.sh retried without a lock; \
             take the advisory lock in deploy.sh before migrating.\n",
        )
        .display()
        .to_string();
    // No ledger.write: the draft comes back.
    let out = p.agentops(&["run", "retro", "--input", &retro, "--json"], "");
    let answer: Value = serde_json::from_str(&stdout(&out)).unwrap_or_else(|_| panic!("{}", stderr(&out)));
    let learnings = answer["learnings"].as_array().unwrap();
    assert_eq!(learnings.len(), 1, "praise is not a lesson: {answer}");
    assert!(learnings[0]["title"].as_str().unwrap().starts_with("The migration in db/migrate/0042.sql ran twice"));
    // With ledger.write: proposed to the ledger, which scores it.
    assert!(p.agentops(&["init"], "").status.success());
    let config = p.root().join(".agents/agentops.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{text}\n[policy]\nallow = [\"ledger.read\", \"ledger.write\"]\n")).unwrap();
    let out = p.agentops(&["run", "retro", "--input", &retro, "--json"], "");
    let answer: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let id = answer["data"]["proposed"][0]["id"].as_str().unwrap_or_else(|| panic!("{answer}"));
    let item = std::fs::read_to_string(p.root().join(format!(".agents/learnings/{id}.md"))).unwrap();
    assert!(item.contains("tier:") && item.contains("retro"), "{item}");
    // Nothing to learn from is a clear error.
    let empty = p.write("empty.md", "\n").display().to_string();
    let out = p.agentops(&["run", "retro", "--input", &empty], "");
    assert_skill_error(&out, &["no retrospective given"]);
}
