//! An import written into a project's own source (`agentops import`): the
//! source reads back as the same commands, agents, servers and skills; the
//! user's agentops.toml keeps its text; an item the project has is kept
//! unless forced; what the source cannot hold is listed.

use std::path::Path;

use agentops_converters::import::import;
use agentops_converters::model::Bundle;
use agentops_converters::source::{self, CONFIG, export};
use agentops_converters::{Runtime, Subject};

use crate::common::write_tree;

fn claude_fixture() -> Bundle {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/valid/claude-code");
    import(&dir, Runtime::ClaudeCode).unwrap().bundle
}

#[test]
fn an_exported_import_loads_back_as_the_same_items() {
    let imported = claude_fixture();
    let project = tempfile::tempdir().unwrap();
    let out = export(project.path(), &imported, false).unwrap();
    assert!(out.kept.is_empty(), "{:?}", out.kept);
    write_tree(project.path(), &out.files);
    let loaded = source::load(project.path()).unwrap().bundle;
    assert_eq!(loaded.skills, imported.skills);
    assert_eq!(loaded.commands, imported.commands);
    assert_eq!(loaded.agents, imported.agents);
    assert_eq!(loaded.mcp_servers, imported.mcp_servers);
    let notes: Vec<String> = out.notes.iter().map(|n| format!("{} {}: {}", n.item, n.field, n.why)).collect();
    assert_eq!(
        notes,
        [
            "hook `pre-tool-use` command: compile adds the built-in hooks and binds skills through skill.toml `[[on]]`",
            "hook `pre-tool-use` command: the source has no shell hooks; it stays in the runtime's hook file",
            "permissions allow/ask/deny: the source has no permission rules; they stay in the runtime's settings",
            "rule `claude-md` rule: written by hand in CLAUDE.md, where it stays; compile leaves it alone",
            "rule `r-20261125-3f1a9c2e` rule: rules come from the ledger; capture it with `agentops learn add`",
        ]
    );
}

#[test]
fn existing_items_are_kept_unless_forced_and_user_text_survives() {
    let imported = claude_fixture();
    let project = tempfile::tempdir().unwrap();
    let user =
        "# mine\n[policy]\nallow = [\"workspace.read\"]\n\n[[commands]]\nname = \"standup\"\nbody = \"Mine.\\n\"\n";
    std::fs::create_dir_all(project.path().join(".agents")).unwrap();
    std::fs::write(project.path().join(CONFIG), user).unwrap();
    std::fs::create_dir_all(project.path().join("skills/review")).unwrap();

    let out = export(project.path(), &imported, false).unwrap();
    assert_eq!(out.kept, [Subject::Skill("review".into()), Subject::Command("standup".into())]);
    assert!(out.files.get("skills/review/SKILL.md").is_none());
    let text = String::from_utf8(out.files.get(CONFIG).unwrap().bytes.clone()).unwrap();
    assert!(text.starts_with(user), "{text}");
    assert!(text.contains("name = \"fix-issue\"") && text.contains("[mcp_servers.github]"), "{text}");

    let forced = export(project.path(), &imported, true).unwrap();
    assert!(forced.kept.is_empty());
    assert!(forced.files.get("skills/review/SKILL.md").is_some());
    let text = String::from_utf8(forced.files.get(CONFIG).unwrap().bytes.clone()).unwrap();
    assert!(text.starts_with("# mine\n[policy]") && !text.contains("Mine."), "{text}");
}

#[test]
fn a_malformed_agentops_toml_names_its_line() {
    let project = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(project.path().join(".agents")).unwrap();
    std::fs::write(project.path().join(CONFIG), "[policy]\nallow = [\n").unwrap();
    let err = export(project.path(), &claude_fixture(), false).unwrap_err().to_string();
    assert!(
        err.contains("agentops.toml:3: not valid TOML") || err.contains("agentops.toml:2: not valid TOML"),
        "{err}"
    );
    std::fs::write(project.path().join(CONFIG), "commands = 3\n").unwrap();
    let err = export(project.path(), &claude_fixture(), false).unwrap_err().to_string();
    assert!(err.contains("agentops.toml:1: `commands` is not"), "{err}");
}
