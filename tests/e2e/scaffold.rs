//! `agentops skill new`, `build`, `skills list` and `doctor` on a fresh project.

use std::process::Command;

use crate::support::{Project, stderr, stdout};

/// Guest builds share one target folder across tests.
fn guest_target() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("scaffold-target")
}

#[test]
fn a_new_skill_builds_runs_and_passes_its_own_test_first_try() {
    let p = Project::new();
    let out = p.agentops(&["skill", "new", "todo-finder"], "");
    assert!(out.status.success(), "{}", stderr(&out));
    // Outside the agentops repository the SDK is written into the project.
    assert!(p.root().join(".agents/sdk/0.1.0/skills-sdk/src/lib.rs").is_file());
    assert!(p.root().join(".agents/sdk/0.1.0/wit/skill.wit").is_file());

    let out = p.agentops_env(&["build", "todo-finder"], &[("CARGO_TARGET_DIR", guest_target())]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("built todo-finder: skills/todo-finder/todo-finder.wasm"), "{}", stdout(&out));

    let notes = p.write("notes.md", "ship it\nTODO: docs\n");
    let out = p.agentops(&["run", "todo-finder", "--json", "--input", notes.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["verdict"], "warn");
    assert_eq!(v["findings"][0]["line"], 2);
    assert_eq!(v["findings"][0]["rule"], "todo-finder/marker");

    let test = Command::new(env!("CARGO"))
        .args(["test", "--quiet", "--manifest-path"])
        .arg(p.root().join("skills/todo-finder/Cargo.toml"))
        .env("CARGO_TARGET_DIR", guest_target().join("native"))
        .output()
        .unwrap();
    assert!(test.status.success(), "{}", String::from_utf8_lossy(&test.stderr));
    assert!(String::from_utf8_lossy(&test.stdout).contains("2 passed"), "{}", String::from_utf8_lossy(&test.stdout));

    let out = p.agentops(&["skills", "list", "--json"], "");
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let names: Vec<&str> = v["skills"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    // The built-ins are listed beside the project's own skill, all sorted by name.
    assert!(names.contains(&"guard") && names.is_sorted(), "{names:?}");
    let todo_finder = v["skills"].as_array().unwrap().iter().find(|s| s["name"] == "todo-finder").unwrap();
    assert_eq!(todo_finder["state"], "ready");
}

#[test]
fn an_instructions_only_skill_is_listed_and_has_nothing_to_run() {
    let p = Project::new();
    let out = p.agentops(&["skill", "new", "release-notes", "--instructions-only"], "");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!p.root().join("skills/release-notes/Cargo.toml").exists());
    let out = p.agentops(&["skills", "list"], "");
    assert!(
        stdout(&out).lines().any(|l| l.starts_with("release-notes") && l.contains("instructions")),
        "{}",
        stdout(&out)
    );
    let out = p.agentops(&["run", "release-notes"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("instructions only"), "{}", stderr(&out));
}

#[test]
fn bad_names_and_existing_skills_are_usage_errors() {
    let p = Project::new();
    for (args, needle) in [
        (vec!["skill", "new", "Bad_Name"], "kebab-case"),
        (vec!["skill", "new", "guard-x"], ""),
        (vec!["skill", "new", "guard-x"], "already exists"),
        (vec!["run", "nope"], "there is no skill named `nope`"),
    ] {
        let out = p.agentops(&args, "");
        if needle.is_empty() {
            assert!(out.status.success(), "{}", stderr(&out));
        } else {
            assert_eq!(out.status.code(), Some(2), "{args:?}");
            assert!(stderr(&out).contains(needle), "{args:?}: {}", stderr(&out));
        }
    }
}

#[test]
fn a_malformed_skill_is_reported_with_file_and_line_and_the_rest_still_works() {
    let p = Project::new();
    p.write("skills/broken/SKILL.md", "---\nname: broken\ndescription: [unclosed\n---\n");
    p.write("skills/typo/SKILL.md", "---\nname: typo\ndescription: ok\n---\n");
    p.write("skills/typo/skill.toml", "[limits]\ntimeout = 5\n");
    let out = p.agentops(&["skills", "list"], "");
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("skills/broken/SKILL.md:4: the frontmatter is not valid YAML"), "{err}");
    assert!(err.contains("skills/typo/skill.toml:2: unknown field `timeout`"), "{err}");
    assert!(stdout(&out).contains("guard"), "the built-in is still listed");
    let out = p.agentops(&["run", "broken"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("its folder does not parse"), "{}", stderr(&out));
    let out = p.agentops(&["run", "guard", "--input", "-"], r#"{"tool_name":"Bash","tool_input":{"command":"ls"}}"#);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn doctor_reports_what_it_checks() {
    let p = Project::new();
    let out = p.agentops(&["doctor", "--json"], "");
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let checks: Vec<&str> = v["checks"].as_array().unwrap().iter().map(|c| c["check"].as_str().unwrap()).collect();
    for expected in ["agentops", "cargo", "rustc", "wasm target", "cache", "project", "policy", "skills"] {
        assert!(checks.contains(&expected), "{expected} missing from {checks:?}");
    }
    assert_eq!(v["ok"], true, "{v}");
    p.write(".agents/agentops.toml", "[policy]\nallow = [\"network\"]\n");
    let out = p.agentops(&["doctor"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).contains("agentops.toml:2"), "{}", stdout(&out));
}
