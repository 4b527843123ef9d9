//! Hostile skills must not hurt the host: each attack is stopped with a
//! specific, readable error and exit code 3, and the next skill runs fine.

use crate::support::{Project, assert_skill_error, stderr, stdout};

/// A project with the hostile guest installed, a granted `docs/` folder, a
/// file outside the project and a symlink pointing out of it.
fn hostile_project(capabilities: &str) -> Project {
    let p = Project::new();
    p.write("docs/readme.txt", "granted content");
    p.write(".git/config", "[core]\nsecret = yes\n");
    std::fs::write(p.root().parent().unwrap().join("outside.txt"), "outside secret").ok();
    std::os::unix::fs::symlink("/etc", p.root().join("link-out")).unwrap();
    p.install_guest(
        "hostile",
        "hostile",
        &format!("[capabilities]\n{capabilities}\n[limits]\ntimeout_ms = 300\nmemory_mb = 16\noutput_kb = 8\n"),
    );
    p
}

fn run_mode(p: &Project, mode: &str) -> std::process::Output {
    p.agentops(&["run", "hostile", "--arg", &format!("mode={mode}")], "")
}

#[test]
fn each_attack_is_stopped_with_a_specific_error() {
    let p = hostile_project("imports = [\"workspace.read\"]\nread = [\"docs\"]\nwrite = [\"docs\"]");
    let cases = [
        ("read-passwd", "/etc/passwd"),
        ("read-outside", "outside.txt"),
        ("write", "write docs/planted.txt"),
        ("env", "the environment is empty"),
        ("workspace-escape", "every path outside the project was refused"),
        ("loop", "ran past its deadline of 300 ms"),
        ("memory-bomb", "past its cap of 16777216 bytes"),
        ("recursion", "overflowed its stack"),
        ("stdout-flood", "wrote more than 8192 bytes to stdout"),
        ("panic", "panicked: hostile/src/lib.rs:"),
    ];
    for (mode, expected) in cases {
        let out = run_mode(&p, mode);
        assert_skill_error(&out, &[expected]);
        let (out, err) = (stdout(&out), stderr(&out));
        assert!(!out.contains("LEAKED") && !err.contains("root:x:0"), "{mode} leaked: {out}{err}");
    }
    assert!(!p.root().join("docs/planted.txt").exists(), "a write without the policy's grant went through");
    // The host is healthy: the same skill runs correctly right after.
    let out = run_mode(&p, "read-granted");
    assert_eq!(
        (out.status.code(), stdout(&out).trim()),
        (Some(0), "hostile: PASS — granted content"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_workspace_import_reads_lists_and_diffs_inside_the_project() {
    let p = hostile_project("imports = [\"workspace.read\", \"git.read\"]");
    p.write("secrets/key.txt", "hidden");
    p.write(
        ".agents/agentops.toml",
        "[policy]\nallow = [\"workspace.read\", \"git.read\"]\nprivate = [\"secrets/**\"]\n",
    );
    let repo = git2::Repository::open(p.root()).unwrap();
    let mut index = repo.index().unwrap();
    for path in ["docs/readme.txt", "secrets/key.txt"] {
        index.add_path(path.as_ref()).unwrap();
    }
    index.write().unwrap();
    let out = p.agentops(&["run", "hostile", "--json", "--arg", "mode=workspace-tour"], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["data"][0], serde_json::json!(["docs/readme.txt"]), "private files are not listed");
    assert_eq!(v["data"][1], "granted content");
    let diff = v["data"][2].as_str().unwrap();
    assert!(diff.contains("+++ b/docs/readme.txt") && diff.contains("+granted content"), "{diff}");
    assert!(!diff.contains("hidden"), "a private file leaked through the diff: {diff}");
}

#[test]
fn the_network_is_refused_at_load() {
    let p = Project::new();
    p.install_guest("socket", "socket", "");
    let out = p.agentops(&["run", "socket"], "");
    assert_skill_error(&out, &["was denied the network (it imports `wasi:sockets/"]);
}

#[test]
fn an_import_the_manifest_did_not_declare_is_refused_at_load() {
    let p = hostile_project("");
    assert_skill_error(
        &run_mode(&p, "ok"),
        &["needs the `workspace.read` capability", "add \"workspace.read\" to `imports`"],
    );
}

#[test]
fn a_capability_the_policy_refuses_is_named_as_such() {
    let p = hostile_project("imports = [\"workspace.read\"]");
    p.write(".agents/agentops.toml", "[policy]\nallow = []\n");
    assert_skill_error(&run_mode(&p, "ok"), &["the project policy does not allow `workspace.read`"]);
}

/// Many attacks in one process: the runtime keeps serving correct results.
#[test]
fn one_runtime_survives_every_attack_in_a_row() {
    use agentops_manifest::{Policy, SkillToml, grant};
    use agentops_runtime::{ComponentCache, LoadSpec, Request, Runtime, Verdict};

    let p = hostile_project("");
    let cache = ComponentCache::at(p.root().join("cache")).unwrap();
    let runtime = Runtime::new(cache).unwrap();
    let manifest = SkillToml::parse(
        "skill.toml".as_ref(),
        "[capabilities]\nimports = [\"workspace.read\"]\n[limits]\ntimeout_ms = 200\nmemory_mb = 16\noutput_kb = 8\n",
    )
    .unwrap();
    let grant = grant(&manifest, &Policy::default());
    let bytes = crate::support::guest("hostile");
    let skill = runtime
        .load(&LoadSpec {
            name: "hostile",
            component: &bytes,
            digest: None,
            grant: &grant,
            project_root: p.root(),
            private: &[],
        })
        .unwrap();
    let request = |mode: &str| Request {
        args: vec![("mode".into(), mode.into())],
        input: None,
        event: None,
        config: "{}".into(),
    };
    for round in 0..2 {
        for mode in ["loop", "memory-bomb", "recursion", "stdout-flood", "panic", "read-passwd", "env"] {
            assert!(skill.run(&request(mode)).is_err(), "round {round}: {mode} was not stopped");
            let healthy = skill.run(&request("ok")).unwrap();
            assert_eq!(healthy.outcome.verdict, Verdict::Pass, "round {round} after {mode}");
        }
    }
}

#[test]
fn an_invalid_private_glob_is_a_configuration_error() {
    let p = hostile_project("imports = [\"workspace.read\"]");
    p.write(".agents/agentops.toml", "[policy]\nprivate = [\"secrets/[\"]\n");
    let out = run_mode(&p, "ok");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("invalid glob `secrets/[`"), "{}", stderr(&out));
}
