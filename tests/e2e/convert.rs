//! `agentops import` and `agentops convert` on scratch projects: the
//! superpowers plugin imported into a project's sources (byte-exact, kept on
//! a second run unless --force, compiled for Codex), Claude Code files into
//! agentops.toml, and a conversion written elsewhere that leaves the
//! project's sources alone.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::support::{Project, stderr, stdout};

/// The superpowers corpus (tests/fixtures/superpowers, see its README).
fn corpus() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/superpowers");
    assert!(root.join("skills").is_dir(), "no superpowers corpus at {}", root.display());
    root
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_str(&stdout(out)).unwrap_or_else(|e| panic!("{e}: {}\n{}", stdout(out), stderr(out)))
}

/// Every file under `dir` with its bytes, by relative path.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.insert(path.strip_prefix(dir).unwrap().display().to_string(), std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

#[test]
fn superpowers_imports_byte_exact_keeps_on_rerun_and_compiles() {
    let p = Project::new();
    let corpus = corpus();
    let path = corpus.to_str().unwrap();
    let out = p.agentops(&["import", "--from", "claude-code", "--path", path, "--json"], "");
    assert!(out.status.success(), "{}", stderr(&out));
    let summary = json(&out);
    assert_eq!(summary["written"].as_array().unwrap().len(), 14, "{summary}");
    assert_eq!(summary["skipped"][0]["path"], ".claude-plugin/plugin.json", "{summary}");
    let original = tree(&corpus.join("skills"));
    let imported = tree(&p.root().join("skills"));
    for (rel, bytes) in original.iter().filter(|(rel, _)| !rel.ends_with("/SKILL.md")) {
        assert_eq!(imported.get(rel), Some(bytes), "{rel}");
    }

    let again = p.agentops(&["import", "--from", "claude-code", "--path", path], "");
    assert_eq!(again.status.code(), Some(1), "{}", stdout(&again));
    assert!(stdout(&again).contains("kept (the project has them; --force replaces)"), "{}", stdout(&again));
    assert!(stderr(&again).contains("--force"), "{}", stderr(&again));
    let forced = p.agentops(&["import", "--from", "claude-code", "--path", path, "--force"], "");
    assert!(forced.status.success(), "{}", stderr(&forced));

    let compiled = p.agentops(&["compile", "--runtime", "codex"], "");
    assert!(compiled.status.success(), "{}", stderr(&compiled));
    let rel = "writing-skills/examples/CLAUDE_MD_TESTING.md";
    let codex = std::fs::read(p.root().join(".agents/skills").join(rel)).unwrap();
    assert_eq!(codex, original[rel]);
}

#[test]
fn claude_code_files_become_agentops_toml_entries_next_to_the_users_text() {
    let p = Project::new();
    let user = "# mine\n[policy]\nallow = [\"workspace.read\"]\n";
    p.write(".agents/agentops.toml", user);
    p.write(".claude/commands/review.md", "---\ndescription: Review the diff\nallowed-tools: Read\n---\nReview.\n");
    p.write(".claude/agents/reviewer.md", "---\nname: reviewer\ndescription: Reviews.\ncolor: red\n---\nBe kind.\n");
    p.write(".mcp.json", r#"{"mcpServers": {"docs": {"type": "http", "url": "https://docs.test/mcp"}}}"#);
    p.write(
        ".claude/settings.json",
        r#"{"hooks": {"Stop": [{"hooks": [{"type": "command", "command": "say done"}]}]}}"#,
    );
    let out = p.agentops(&["import", "--from", "claude-code"], "");
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(p.root().join(".agents/agentops.toml")).unwrap();
    assert!(text.starts_with(user), "{text}");
    for needle in [
        "name = \"review\"",
        "allowed-tools = \"Read\"",
        "name = \"reviewer\"",
        "color = \"red\"",
        "[mcp_servers.docs]",
    ] {
        assert!(text.contains(needle), "{needle} in {text}");
    }
    assert!(stdout(&out).contains("hook `stop` command: dropped (the source has no shell hooks"), "{}", stdout(&out));

    // The sources compile back into the same Claude Code command, extra key included.
    let compiled = p.agentops(&["compile", "--runtime", "claude-code", "--force"], "");
    assert!(compiled.status.success(), "{}\n{}", stdout(&compiled), stderr(&compiled));
    let command = std::fs::read_to_string(p.root().join(".claude/commands/review.md")).unwrap();
    assert_eq!(command, "---\ndescription: Review the diff\nallowed-tools: Read\n---\nReview.\n");
}

#[test]
fn convert_writes_elsewhere_and_leaves_the_sources_alone() {
    let p = Project::new();
    p.write("skills/notes/SKILL.md", "---\nname: notes\ndescription: Keep notes.\n---\nWrite them down.\n");
    p.write(".agents/agentops.toml", "[[commands]]\nname = \"mine\"\nbody = \"x\"\n");
    p.write(".claude/skills/tdd/SKILL.md", "---\nname: tdd\ndescription: Test first.\n---\nRed, green.\n");
    p.write(".claude/skills/tdd/references/cycle.md", "red\r\ngreen\r\n");
    p.write(".claude/commands/review.md", "---\ndescription: Review\n---\nReview $ARGUMENTS.\n");
    p.write("CLAUDE.md", "Use pnpm.\n");
    let before = tree(p.root());
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().to_str().unwrap();

    let dry =
        p.agentops(&["convert", "--from", "claude-code", "--to", "codex,opencode", "--out", out, "--dry-run"], "");
    assert!(dry.status.success(), "{}", stderr(&dry));
    assert!(stdout(&dry).contains("would write"), "{}", stdout(&dry));
    assert!(tree(out_dir.path()).is_empty());

    let run = p.agentops(&["convert", "--from", "claude-code", "--to", "codex,opencode", "--out", out, "--json"], "");
    assert!(run.status.success(), "{}", stderr(&run));
    let summary = json(&run);
    assert!(summary["fidelity"]["codex"].to_string().contains("written as a skill"), "{summary}");
    let written = tree(out_dir.path());
    assert_eq!(written[".agents/skills/tdd/references/cycle.md"], b"red\r\ngreen\r\n");
    assert_eq!(written[".opencode/skills/tdd/references/cycle.md"], b"red\r\ngreen\r\n");
    assert!(
        written.contains_key(".agents/skills/review/SKILL.md") && written.contains_key(".opencode/commands/review.md")
    );
    let agents = String::from_utf8(written["AGENTS.md"].clone()).unwrap();
    assert!(agents.contains("## CLAUDE.md") && agents.contains("Use pnpm."), "{agents}");
    assert_eq!(tree(p.root()), before, "the project was touched");

    std::fs::write(out_dir.path().join(".opencode/commands/review.md"), "mine\n").unwrap();
    let again = p.agentops(&["convert", "--from", "claude-code", "--to", "opencode", "--out", out], "");
    assert_eq!(again.status.code(), Some(1), "{}", stdout(&again));
    assert!(stderr(&again).contains(".opencode/commands/review.md"), "{}", stderr(&again));
    assert_eq!(std::fs::read_to_string(out_dir.path().join(".opencode/commands/review.md")).unwrap(), "mine\n");
    let forced = p.agentops(&["convert", "--from", "claude-code", "--to", "opencode", "--out", out, "--force"], "");
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert!(
        std::fs::read_to_string(out_dir.path().join(".opencode/commands/review.md"))
            .unwrap()
            .contains("Review $ARGUMENTS.")
    );
}

#[test]
fn convert_leaves_a_users_own_entry_under_a_name_it_writes_until_forced() {
    let p = Project::new();
    p.write(".mcp.json", r#"{"mcpServers": {"docs": {"command": "docs-server"}}}"#);
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().to_str().unwrap();
    let config = out_dir.path().join(".codex/config.toml");
    std::fs::create_dir_all(config.parent().unwrap()).unwrap();
    let mine = "# mine\n[mcp_servers.docs]\ncommand = \"my-docs\"\n";
    std::fs::write(&config, mine).unwrap();

    let run = p.agentops(&["convert", "--from", "claude-code", "--to", "codex", "--out", out, "--json"], "");
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    assert_eq!(json(&run)["kept_keys"][0], ".codex/config.toml `mcp_servers.docs`", "{}", stdout(&run));
    assert!(std::fs::read_to_string(&config).unwrap().starts_with(mine), "the user's entry and comment stay");

    let forced = p.agentops(&["convert", "--from", "claude-code", "--to", "codex", "--out", out, "--force"], "");
    assert!(forced.status.success(), "{}", stderr(&forced));
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(text.contains("docs-server") && !text.contains("my-docs"), "{text}");
}
