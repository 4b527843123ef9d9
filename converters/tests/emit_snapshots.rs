//! The demo model's tree and fidelity report per runtime, as reviewed snapshots;
//! and emitting twice gives identical bytes.

use agentops_converters::{EmitOptions, Runtime, emit};

use crate::common::demo;

fn rendered(runtime: Runtime) -> String {
    let emitted = emit(&demo(), runtime, &EmitOptions::default()).unwrap();
    format!("{}\n--- fidelity ---\n{}", emitted.tree.render(), emitted.fidelity)
}

#[test]
fn claude_code() {
    insta::assert_snapshot!(rendered(Runtime::ClaudeCode));
}

#[test]
fn codex() {
    insta::assert_snapshot!(rendered(Runtime::Codex));
}

#[test]
fn cursor() {
    insta::assert_snapshot!(rendered(Runtime::Cursor));
}

#[test]
fn opencode() {
    insta::assert_snapshot!(rendered(Runtime::OpenCode));
}

#[test]
fn emitting_twice_gives_identical_bytes() {
    for runtime in Runtime::ALL {
        let a = emit(&demo(), runtime, &EmitOptions::default()).unwrap();
        let b = emit(&demo(), runtime, &EmitOptions::default()).unwrap();
        assert_eq!(a, b, "{runtime}");
    }
}

#[test]
fn the_binary_name_is_configurable() {
    let options = EmitOptions { binary: "/opt/bin/agentops".into() };
    let emitted = emit(&demo(), Runtime::Codex, &options).unwrap();
    let hooks = String::from_utf8(emitted.tree.get(".codex/hooks.json").unwrap().bytes.clone()).unwrap();
    assert!(hooks.contains("\"/opt/bin/agentops hook pre-tool-use --runtime codex\""), "{hooks}");
}

#[test]
fn only_drops_fail_strict() {
    let claude = emit(&demo(), Runtime::ClaudeCode, &EmitOptions::default()).unwrap();
    assert!(claude.fidelity.has_drops(), "agent permission and command agent are dropped");
    let mut simple = demo();
    simple.agents.clear();
    simple.commands.clear();
    let claude = emit(&simple, Runtime::ClaudeCode, &EmitOptions::default()).unwrap();
    assert!(!claude.fidelity.has_drops(), "{}", claude.fidelity);
}
