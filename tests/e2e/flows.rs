//! Flows: components that invoke other skills through the host, only those
//! their skill.toml lists, never themselves, each step recorded.

use serde_json::Value;

use crate::support::{Project, assert_skill_error, stderr, stdout};

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
