//! Emitted shared files merged into files a user already has: their text
//! survives, a second merge changes nothing, and removal leaves them as they were.

use std::path::Path;

use agentops_converters::merge::Managed;
use agentops_converters::{EmitOptions, Ownership, Runtime, emit};

use crate::common::demo;

fn managed(runtime: Runtime, path: &str) -> Managed {
    let emitted = emit(&demo(), runtime, &EmitOptions::default()).unwrap();
    match &emitted.tree.get(path).unwrap().ownership {
        Ownership::Shared(m) => m.clone(),
        Ownership::Owned => panic!("{path} should be shared"),
    }
}

#[test]
fn claude_settings_keep_user_hooks_and_keys() {
    let user = r#"{
  "model": "opus",
  "hooks": {
    "PreToolUse": [{"matcher": "Edit", "hooks": [{"type": "command", "command": "./lint.sh"}]}],
    "Notification": [{"hooks": [{"type": "command", "command": "notify-send hi"}]}]
  },
  "permissions": {"defaultMode": "plan"}
}"#;
    let m = managed(Runtime::ClaudeCode, ".claude/settings.json");
    let path = Path::new(".claude/settings.json");
    let once = m.apply(path, Some(user), &[]).unwrap();
    assert_eq!(m.apply(path, Some(&once), &[]).unwrap(), once, "idempotent");
    let v: serde_json::Value = serde_json::from_str(&once).unwrap();
    assert_eq!(v["model"], "opus");
    assert_eq!(v["permissions"]["defaultMode"], "plan");
    assert_eq!(v["hooks"]["PreToolUse"][0]["hooks"][0]["command"], "./lint.sh");
    assert_eq!(v["hooks"]["Notification"][0]["hooks"][0]["command"], "notify-send hi");
    assert_eq!(v["hooks"]["PreToolUse"][1]["matcher"], "Bash");
    let order: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(order, ["model", "hooks", "permissions"]);
}

#[test]
fn agents_md_keeps_user_text_and_removes_cleanly() {
    let user = "# Project\n\nUse pnpm, not npm.\n";
    let m = managed(Runtime::Codex, "AGENTS.md");
    let once = m.apply(Path::new("AGENTS.md"), Some(user), &[]).unwrap();
    assert!(once.starts_with(user) && once.contains("## Small commits"), "{once}");
    assert_eq!(m.apply(Path::new("AGENTS.md"), Some(&once), &[]).unwrap(), once);
    let gone = Managed::Markdown(String::new()).apply(Path::new("AGENTS.md"), Some(&once), &[]).unwrap();
    assert_eq!(gone, user);
}

#[test]
fn codex_config_keeps_comments_and_drops_stale_servers() {
    let user = "# personal\nmodel = \"o3\" # fast\n\n[mcp_servers.old]\ncommand = \"old\"\n";
    let m = managed(Runtime::Codex, ".codex/config.toml");
    let path = Path::new(".codex/config.toml");
    let stale = vec![vec!["mcp_servers".to_string(), "gone".to_string()]];
    let once = m.apply(path, Some(user), &stale).unwrap();
    assert!(once.starts_with(user), "{once}");
    assert!(once.contains("[mcp_servers.ledger]") && once.contains("[mcp_servers.docs]"), "{once}");
    assert_eq!(m.apply(path, Some(&once), &m.owned_keys()).unwrap(), once);
}

#[test]
fn a_malformed_user_file_is_an_error_with_its_line() {
    let m = managed(Runtime::OpenCode, "opencode.json");
    let err = m.apply(Path::new("opencode.json"), Some("{\n  \"theme\": \"x\",\n}\n"), &[]).unwrap_err();
    assert!(err.to_string().starts_with("opencode.json:3: not valid JSON"), "{err}");
}
