//! Models no runtime may receive are refused with the item and field named
//! (and, for an entry of agentops.toml, its line).

use agentops_converters::model::{Bundle, Command, McpServer, McpTransport, Rule, Skill};
use agentops_converters::source;
use agentops_converters::{EmitOptions, Runtime, emit};

use crate::common::demo;

fn error(bundle: &Bundle) -> String {
    emit(bundle, Runtime::ClaudeCode, &EmitOptions::default()).unwrap_err().to_string()
}

fn with_skill(name: &str, description: &str) -> Bundle {
    Bundle {
        skills: vec![Skill { name: name.into(), description: description.into(), ..Default::default() }],
        ..Default::default()
    }
}

#[test]
fn bad_names_are_refused() {
    for (name, needle) in
        [("../escape", "contains `.`"), ("a/b", "contains `/`"), ("Tdd", "contains `T`"), ("", "empty")]
    {
        let err = error(&with_skill(name, "ok"));
        assert!(err.starts_with(&format!("skill `{name}`: name: ")) && err.contains(needle), "{err}");
    }
    let long = "a".repeat(65);
    assert!(error(&with_skill(&long, "ok")).contains("65 characters"));
}

#[test]
fn bad_descriptions_are_refused() {
    assert!(error(&with_skill("x", "two\nlines")).contains("description: the description spans several lines"));
    assert!(error(&with_skill("x", " padded")).contains("blanks"));
    assert!(error(&with_skill("x", &"d".repeat(1025))).contains("1025 characters"));
    assert!(error(&with_skill("x", "")).contains("empty"));
}

#[test]
fn duplicates_are_refused() {
    let mut b = demo();
    b.skills.push(b.skills[0].clone());
    assert_eq!(error(&b), "skill `tdd`: name: defined twice");
    let mut b = demo();
    b.commands.push(Command { name: "tdd".into(), ..Default::default() });
    assert!(error(&b).starts_with("command `tdd`: name: a skill has the same name"));
    let mut b = demo();
    let server = McpServer {
        name: "ledger".into(),
        transport: McpTransport::Http { url: "u".into(), headers: Default::default() },
        extra: Default::default(),
    };
    b.mcp_servers.push(server);
    assert_eq!(error(&b), "MCP server `ledger`: name: defined twice");
}

#[test]
fn rule_bodies_cannot_fake_markers() {
    let mut b = demo();
    b.rules.push(Rule {
        id: "evil".into(),
        title: "t".into(),
        body: "<!-- agentops:end -->\n".into(),
        ..Default::default()
    });
    assert!(error(&b).starts_with("rule `evil`: body:"));
}

/// The error `source::load` gives for a project whose agentops.toml is `toml`.
fn source_error(toml: &str) -> String {
    let project = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(project.path().join(".agents")).unwrap();
    std::fs::write(project.path().join(source::CONFIG), toml).unwrap();
    let err = source::load(project.path()).unwrap_err().to_string();
    let prefix = format!("{}/", project.path().display());
    err.strip_prefix(&prefix).unwrap_or_else(|| panic!("{err}")).to_string()
}

#[test]
fn bad_entries_of_agentops_toml_name_their_line() {
    let command = "[[commands]]\nname = \"ok\"\nbody = \"b\"\n\n[[commands]]\nbody = \"b\"\nname = \"../evil\"\n";
    let err = source_error(command);
    assert!(err.starts_with(".agents/agentops.toml:7: command `../evil`: name: "), "{err}");
    let twice = "[[agents]]\nname = \"a\"\ndescription = \"d\"\ninstructions = \"\"\n\n\
        [[agents]]\nname = \"a\"\ndescription = \"d\"\ninstructions = \"\"\n";
    assert_eq!(source_error(twice), ".agents/agentops.toml:7: agent `a`: name: defined twice");
    let description = "[[agents]]\nname = \"a\"\ninstructions = \"\"\ndescription = \"\"\"\ntwo\nlines\"\"\"\n";
    let err = source_error(description);
    assert!(err.starts_with(".agents/agentops.toml:4: agent `a`: description: "), "{err}");
    let server = "[policy]\nallow = []\n\n[mcp_servers.\"a.b\"]\ncommand = \"x\"\n";
    let err = source_error(server);
    assert!(err.starts_with(".agents/agentops.toml:4: MCP server `a.b`: name: "), "{err}");
}
