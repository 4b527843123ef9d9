//! Models no runtime may receive are refused with the item and field named.

use agentops_converters::model::{Bundle, Command, McpServer, McpTransport, Rule, Skill};
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
