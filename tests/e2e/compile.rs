//! `agentops compile` on a scratch project shaped like the demo: every
//! runtime's layout, user text kept, the ownership manifest (no-op second run,
//! `--check`, hand edits, removal), companion files, `--strict`, the Claude
//! Code plugin form and the token report. And `examples/demo` itself, compiled
//! for each runtime and as a plugin, as reviewed snapshots of the files written.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Output;

use crate::support::{Project, stderr, stdout};

const CONFIG: &str = r#"[policy]
allow = ["workspace.read"]

[[commands]]
name = "todo-report"
description = "List the TODO markers"
body = "Run the todo check.\n"

[[agents]]
name = "reviewer"
description = "Reviews code; read-only."
instructions = "You review code.\n"
tools = ["Read", "Grep"]

[mcp_servers.files]
command = "npx"
args = ["-y", "server-filesystem", "."]
"#;

const RULE: &str = "---\nid: R-20261125-3f1a9c2e\nkind: rule\ntitle: No TODO markers\npaths:\n- src/**\n\
    created: 2026-11-25T09:30:00Z\nstatus: active\n---\n\nResolve every TODO before committing.\n";

/// A project with one skill (a reference and an executable script, a hook
/// binding), a command, an agent, an MCP server and a ledger rule.
fn demo() -> Project {
    let p = Project::new();
    p.write(
        "skills/release-notes/SKILL.md",
        "---\nname: release-notes\ndescription: Use when preparing a release.\nlicense: MIT\n---\n# Notes\n",
    );
    p.write("skills/release-notes/skill.toml", "[[on]]\nevent = \"pre-tool-use\"\nmatcher = \"Bash\"\n");
    p.write("skills/release-notes/references/checklist.md", "- Added\r\n- Fixed\r\n");
    let script = p.write("skills/release-notes/scripts/collect.sh", "#!/bin/sh\ngit log --oneline\n");
    set_mode(&script, 0o755);
    p.write(".agents/agentops.toml", CONFIG);
    p.write(".agents/rules/R-20261125-3f1a9c2e.md", RULE);
    p
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn ok(out: &Output) -> String {
    assert!(out.status.success(), "stdout: {}\nstderr: {}", stdout(out), stderr(out));
    stdout(out)
}

fn summary(p: &Project, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["compile", "--json"];
    all.extend_from_slice(args);
    serde_json::from_str(&ok(&p.agentops(&all, ""))).unwrap()
}

fn read(p: &Project, rel: &str) -> String {
    std::fs::read_to_string(p.root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn every_runtime_gets_its_layout_and_a_second_compile_is_a_no_op() {
    let p = demo();
    let first = summary(&p, &["--runtime", "all"]);
    assert!(first["written"].as_array().unwrap().len() > 20, "{first}");
    for rel in [
        ".claude/skills/release-notes/SKILL.md",
        ".claude/commands/todo-report.md",
        ".claude/agents/reviewer.md",
        ".mcp.json",
        ".agents/skills/release-notes/SKILL.md",
        ".agents/skills/todo-report/SKILL.md",
        ".codex/config.toml",
        ".codex/hooks.json",
        ".cursor/rules/r-20261125-3f1a9c2e.mdc",
        ".cursor/hooks.json",
        "opencode.json",
        ".opencode/plugins/agentops.ts",
        ".opencode/skills/release-notes/references/checklist.md",
    ] {
        assert!(p.root().join(rel).is_file(), "{rel} missing");
    }
    let settings: serde_json::Value = serde_json::from_str(&read(&p, ".claude/settings.json")).unwrap();
    for (event, command) in [
        ("SessionStart", "agentops hook session-start --runtime claude-code"),
        ("Stop", "agentops hook stop --runtime claude-code"),
        ("PreToolUse", "agentops hook pre-tool-use --runtime claude-code"),
    ] {
        assert_eq!(settings["hooks"][event][0]["hooks"][0]["command"], command, "{settings}");
    }
    assert!(read(&p, "AGENTS.md").contains("Resolve every TODO"));
    assert!(read(&p, "CLAUDE.md").contains("<!-- agentops:begin -->"));
    let script = p.root().join(".cursor/skills/release-notes/scripts/collect.sh");
    assert_eq!(mode(&script), 0o755);
    assert_eq!(read(&p, ".claude/skills/release-notes/references/checklist.md"), "- Added\r\n- Fixed\r\n");
    let manifest = read(&p, ".agents/compiled.json");

    let second = summary(&p, &["--runtime", "all"]);
    assert_eq!(second["written"].as_array().unwrap().len(), 0, "{second}");
    assert_eq!(read(&p, ".agents/compiled.json"), manifest, "deterministic manifest");
    assert!(ok(&p.agentops(&["compile", "--check"], "")).starts_with("would write 0,"), "--check passes");
}

#[test]
fn user_text_and_keys_in_shared_files_survive() {
    let p = demo();
    let agents = "# Our project\n\nUse pnpm.\n";
    let settings = "{\n  \"model\": \"opus\",\n  \"permissions\": {\n    \"defaultMode\": \"plan\"\n  }\n}\n";
    p.write("AGENTS.md", agents);
    p.write(".claude/settings.json", settings);
    summary(&p, &[]);
    let merged = read(&p, "AGENTS.md");
    assert!(merged.starts_with(agents) && merged.contains("No TODO markers"), "{merged}");
    let v: serde_json::Value = serde_json::from_str(&read(&p, ".claude/settings.json")).unwrap();
    assert_eq!(v["model"], "opus");
    assert_eq!(v["permissions"]["defaultMode"], "plan");
    assert!(read(&p, ".claude/settings.json").starts_with("{\n  \"model\": \"opus\",\n  \"permissions\""));

    std::fs::remove_dir_all(p.root().join("skills")).unwrap();
    std::fs::remove_file(p.root().join(".agents/rules/R-20261125-3f1a9c2e.md")).unwrap();
    p.write(".agents/agentops.toml", "[policy]\nallow = []\n");
    let removed = summary(&p, &[]);
    assert!(!removed["removed"].as_array().unwrap().is_empty(), "{removed}");
    assert_eq!(read(&p, "AGENTS.md"), agents, "the managed section goes, the user's text stays");
    let v: serde_json::Value = serde_json::from_str(&read(&p, ".claude/settings.json")).unwrap();
    assert_eq!(v["model"], "opus");
    let gates = v["hooks"]["PreToolUse"].as_array().unwrap();
    assert!(gates.iter().all(|g| g.get("matcher").is_none()), "only the built-in gate is left: {v}");
    assert!(
        !p.root().join(".claude/skills/release-notes").exists(),
        "removing a skill removes its outputs and folders"
    );
    assert!(p.root().join(".claude/skills/research/SKILL.md").is_file(), "the built-in instructions stay");
    assert!(!p.root().join(".mcp.json").exists());
}

#[test]
fn every_runtime_gets_the_built_in_instructions_and_flows_unless_the_project_has_its_own() {
    let p = demo();
    p.write("skills/plan/SKILL.md", "---\nname: plan\ndescription: Our own planning rules.\n---\nOurs.\n");
    summary(&p, &[]);
    assert!(read(&p, ".claude/skills/research/SKILL.md").contains("agentops lookup"));
    assert!(read(&p, ".claude/skills/plan/SKILL.md").contains("Ours."), "the project's skill wins");
    let validation = read(&p, ".claude/commands/validation.md");
    assert!(validation.contains("agentops flow run validation $ARGUMENTS"), "{validation}");
    assert!(read(&p, ".opencode/commands/rpi.md").contains("agentops flow run rpi"));
    // Codex has no commands: the flows arrive as skills there.
    assert!(read(&p, ".agents/skills/dream/SKILL.md").contains("agentops flow run dream"));
}

#[test]
fn check_reports_a_stale_output_with_a_diff() {
    let p = demo();
    let before = p.agentops(&["compile", "--check"], "");
    assert_eq!(before.status.code(), Some(1), "nothing compiled yet");
    summary(&p, &[]);
    ok(&p.agentops(&["compile", "--check"], ""));
    p.write(
        "skills/release-notes/SKILL.md",
        "---\nname: release-notes\ndescription: Use when preparing a release.\nlicense: MIT\n---\n# Notes v2\n",
    );
    let dry = p.agentops(&["compile", "--dry-run"], "");
    assert!(ok(&dry).contains("+# Notes v2"));
    let check = p.agentops(&["compile", "--check"], "");
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    let diff = stdout(&check);
    assert!(
        diff.contains("--- a/.claude/skills/release-notes/SKILL.md") && diff.contains("-# Notes\n+# Notes v2"),
        "{diff}"
    );
    assert!(read(&p, ".claude/skills/release-notes/SKILL.md").contains("# Notes\n"), "--check writes nothing");
}

#[test]
fn a_hand_edited_output_is_kept_until_forced() {
    let p = demo();
    summary(&p, &[]);
    let rel = ".claude/commands/todo-report.md";
    p.write(rel, "my own version\n");
    let out = p.agentops(&["compile"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains(rel), "{}", stderr(&out));
    assert_eq!(read(&p, rel), "my own version\n");
    assert_eq!(p.agentops(&["compile"], "").status.code(), Some(1), "still reported on the next run");
    summary(&p, &["--force"]);
    assert!(read(&p, rel).contains("Run the todo check."));
}

#[test]
fn a_users_own_entry_under_a_name_we_manage_is_kept_until_forced() {
    let p = demo();
    let mcp = "{\n  \"mcpServers\": {\n    \"files\": {\n      \"command\": \"mine\"\n    }\n  }\n}\n";
    let codex = "# my config\n[mcp_servers.files] # my own server\ncommand = \"mine\"\n";
    p.write(".mcp.json", mcp);
    p.write(".codex/config.toml", codex);
    let out = p.agentops(&["compile"], "");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(
            "edited by hand, left alone: .codex/config.toml `mcp_servers.files`, .mcp.json `mcpServers.files`"
        ),
        "{err}"
    );
    assert_eq!((read(&p, ".mcp.json"), read(&p, ".codex/config.toml")), (mcp.to_string(), codex.to_string()));
    assert!(read(&p, "opencode.json").contains("server-filesystem"), "the rest is compiled");
    let again = p.agentops(&["compile", "--json"], "");
    assert_eq!(again.status.code(), Some(1), "still the user's on the next run");
    let report: serde_json::Value = serde_json::from_str(&stdout(&again)).unwrap();
    assert_eq!(report["hand_edited"].as_array().unwrap().len(), 2, "{report}");
    let check = p.agentops(&["compile", "--check"], "");
    assert_eq!(check.status.code(), Some(1));
    assert!(stdout(&check).contains("# .mcp.json `mcpServers.files`: edited by hand"), "{}", stdout(&check));

    // Ours once forced, and then, changed by hand, the user's again.
    summary(&p, &["--force"]);
    assert!(read(&p, ".mcp.json").contains("server-filesystem"));
    assert!(read(&p, ".codex/config.toml").starts_with("# my config\n[mcp_servers.files]\ncommand = \"npx\""));
    ok(&p.agentops(&["compile"], ""));
    let edited = read(&p, "opencode.json").replace("\"npx\"", "\"bunx\"");
    p.write("opencode.json", &edited);
    let out = p.agentops(&["compile"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("opencode.json `mcp.files`"), "{}", stderr(&out));
    assert_eq!(read(&p, "opencode.json"), edited);
}

#[test]
fn a_reader_that_stops_early_ends_the_output_quietly() {
    let p = demo();
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_agentops"))
        .arg("--project")
        .arg(p.root())
        .args(["compile", "--verbose"])
        .stdout(writer)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
    assert!(p.root().join(".agents/compiled.json").is_file(), "compiled all the same");
}

#[test]
fn strict_fails_on_a_drop_and_writes_nothing() {
    let p = demo();
    let out = p.agentops(&["compile", "--runtime", "codex", "--strict"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("dropped"), "{}", stdout(&out));
    assert!(!p.root().join("AGENTS.md").exists());
    ok(&p.agentops(&["compile", "--runtime", "claude-code", "--strict"], ""));
}

#[test]
fn unknown_keys_in_agentops_toml_are_usage_errors_with_a_line() {
    let p = demo();
    p.write(".agents/agentops.toml", "[compile]\nruntimes = [\"codex\"]\nbinray = \"x\"\n");
    let out = p.agentops(&["compile"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("agentops.toml:3"), "{}", stderr(&out));
}

#[test]
fn the_plugin_form_is_a_one_plugin_marketplace_with_its_own_manifest() {
    let p = demo();
    p.write(
        ".agents/agentops.toml",
        &format!("{CONFIG}\n[compile.plugin]\nname = \"demo-tools\"\nauthor = {{ name = \"Core team\" }}\n"),
    );
    let project = summary(&p, &[]);
    let first = summary(&p, &["--plugin"]);
    assert!(first["plugin"].as_str().unwrap().ends_with("plugin"), "{first}");
    let plugin: serde_json::Value = serde_json::from_str(&read(&p, "plugin/.claude-plugin/plugin.json")).unwrap();
    assert_eq!(
        (&plugin["name"], &plugin["version"], &plugin["author"]["name"]),
        (&"demo-tools".into(), &"0.1.0".into(), &"Core team".into())
    );
    let market: serde_json::Value = serde_json::from_str(&read(&p, "plugin/.claude-plugin/marketplace.json")).unwrap();
    assert_eq!(market["plugins"][0]["source"], "./");
    let hooks: serde_json::Value = serde_json::from_str(&read(&p, "plugin/hooks/hooks.json")).unwrap();
    assert_eq!(
        hooks["hooks"]["SessionStart"][0]["hooks"][0]["command"],
        "agentops hook session-start --runtime claude-code"
    );
    for rel in ["skills/release-notes/SKILL.md", "commands/todo-report.md", "agents/reviewer.md", ".mcp.json"] {
        assert!(p.root().join("plugin").join(rel).is_file(), "{rel} missing");
    }
    assert_eq!(mode(&p.root().join("plugin/skills/release-notes/scripts/collect.sh")), 0o755);
    let rules = first["fidelity"]["claude-code"].as_array().unwrap();
    assert!(rules.iter().any(|n| n["field"] == "rule" && n["treatment"] == "dropped"), "{first}");
    assert!(p.root().join(".agents/compiled-plugin.json").is_file());

    // Each form keeps its own manifest: neither removes the other's outputs.
    assert_eq!(summary(&p, &["--plugin"])["written"].as_array().unwrap().len(), 0);
    let again = summary(&p, &[]);
    assert_eq!((again["written"].as_array().unwrap().len(), again["removed"].as_array().unwrap().len()), (0, 0));
    assert_eq!(again["unchanged"], project["written"], "the project's outputs are all still there");
    assert!(p.root().join("plugin/.claude-plugin/plugin.json").is_file());
    let wrong = p.agentops(&["compile", "--plugin", "--runtime", "codex"], "");
    assert_eq!(wrong.status.code(), Some(2), "{}", stderr(&wrong));
}

#[test]
fn the_plugin_goes_where_out_says() {
    let p = demo();
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("dist");
    ok(&p.agentops(&["compile", "--plugin", "--out", dir.to_str().unwrap()], ""));
    let plugin: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join(".claude-plugin/plugin.json")).unwrap()).unwrap();
    assert!(plugin["name"].as_str().is_some_and(|n| !n.is_empty() && !n.starts_with('-')), "{plugin}");
    assert!(!p.root().join("plugin").exists());
    let root = p.agentops(&["compile", "--plugin", "--out", p.root().to_str().unwrap()], "");
    assert_eq!(root.status.code(), Some(2), "the project root holds the sources: {}", stderr(&root));
}

#[test]
fn the_token_report_holds_each_runtime_to_its_budget() {
    let p = demo();
    let report = summary(&p, &["--runtime", "all"]);
    let claude = &report["tokens"]["claude-code"];
    assert_eq!(claude["budget"], 8000, "{report}");
    let loads = claude["loads"].as_array().unwrap();
    assert!(loads.iter().any(|l| l["kind"] == "file" && l["name"] == "CLAUDE.md"), "{claude}");
    assert!(loads.iter().any(|l| l["kind"] == "session-start" && l["tokens"] == 1500), "{claude}");
    assert!(report["tokens"]["cursor"]["loads"].as_array().unwrap().iter().any(|l| l["name"] == "AGENTS.md"));
    let text = ok(&p.agentops(&["compile"], ""));
    assert!(text.contains("tokens:\n  claude-code: "), "{text}");

    p.write(".agents/agentops.toml", &format!("[compile]\ntoken_budget = {{ codex = 1000 }}\n\n{CONFIG}"));
    std::fs::remove_file(p.root().join("AGENTS.md")).unwrap();
    let over = p.agentops(&["compile"], "");
    assert_eq!(over.status.code(), Some(1));
    let err = stderr(&over);
    assert!(
        err.contains("codex loads") && err.contains("over its budget of 1000; largest: the session-start block (1500)"),
        "{err}"
    );
    assert!(!p.root().join("AGENTS.md").exists(), "over budget writes nothing");
    p.write(".agents/agentops.toml", &format!("[compile]\ntoken_budget = 0\n\n{CONFIG}"));
    ok(&p.agentops(&["compile"], ""));
}

#[test]
fn the_demo_compiles_for_each_runtime_to_its_reviewed_files() {
    for runtime in ["claude-code", "codex", "cursor", "opencode"] {
        let p = the_demo();
        ok(&p.agentops(&["compile", "--runtime", runtime], ""));
        let files = outputs(p.root(), &p.root().join(".agents/compiled.json"));
        insta::assert_snapshot!(format!("demo_{}", runtime.replace('-', "_")), files);
    }
}

#[test]
fn the_demo_compiles_to_its_reviewed_plugin() {
    let p = the_demo();
    ok(&p.agentops(&["compile", "--plugin"], ""));
    let files = outputs(&p.root().join("plugin"), &p.root().join(".agents/compiled-plugin.json"));
    insta::assert_snapshot!("demo_plugin", files);
}

/// `examples/demo` as a developer sees it, without what git ignores there
/// (build output, the skill's built component, the outputs of compiling the
/// demo in place), in a scratch project named `demo` like its folder, so the
/// plugin gets the name it gets there.
fn the_demo() -> Project {
    let p = Project::named("demo");
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let repo = git2::Repository::open(&workspace).expect("the workspace is a git repository");
    copy_not_ignored(&repo, Path::new("examples/demo"), p.root());
    p
}

/// Copies the folder `rel` of `repo`'s work tree into `to`, modes included,
/// leaving out what `.gitignore` ignores.
fn copy_not_ignored(repo: &git2::Repository, rel: &Path, to: &Path) {
    for entry in std::fs::read_dir(repo.workdir().unwrap().join(rel)).unwrap() {
        let entry = entry.unwrap();
        let (rel, target) = (rel.join(entry.file_name()), to.join(entry.file_name()));
        if repo.is_path_ignored(&rel).unwrap() {
            continue;
        }
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir(&target).unwrap();
            copy_not_ignored(repo, &rel, &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every output the ownership manifest at `manifest` records (its paths are
/// relative to `dir`), sorted by path: the mode and ownership of each, then
/// its text, or for a binary or executable file (a skill's file, copied byte
/// for byte) its size and BLAKE3.
fn outputs(dir: &Path, manifest: &Path) -> String {
    let manifest: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(manifest).unwrap()).unwrap();
    let files: BTreeMap<String, serde_json::Value> = serde_json::from_value(manifest["files"].clone()).unwrap();
    let mut out = String::new();
    for (rel, entry) in files {
        let path = dir.join(&rel);
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{rel}: {e}"));
        let mode = mode(&path);
        out += &format!("==> {rel} ({mode:o}, {})\n", entry["ownership"].as_str().unwrap());
        match std::str::from_utf8(&bytes).ok().filter(|_| mode & 0o111 == 0) {
            Some(text) => {
                out += text;
                if !text.ends_with('\n') {
                    out += "\n<no newline at end>\n";
                }
            }
            None => out += &format!("<{} bytes, blake3 {}>\n", bytes.len(), blake3::hash(&bytes).to_hex()),
        }
    }
    out
}
