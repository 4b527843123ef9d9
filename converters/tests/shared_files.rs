//! Emitted shared files merged into files a user already has: their text
//! survives, a second merge changes nothing, removal leaves them as they were,
//! a key of ours the user holds with their own value is theirs, and a file we
//! cannot merge into is an error naming the line at fault.

use std::path::Path;

use agentops_converters::merge::{Managed, Merged, OwnedKey};
use agentops_converters::model::{Bundle, McpTransport};
use agentops_converters::{EmitOptions, Ownership, Runtime, emit};

use crate::common::demo;

fn managed(runtime: Runtime, path: &str) -> Managed {
    managed_of(&demo(), runtime, path)
}

fn managed_of(bundle: &Bundle, runtime: Runtime, path: &str) -> Managed {
    let emitted = emit(bundle, runtime, &EmitOptions::default()).unwrap();
    match &emitted.tree.get(path).unwrap().ownership {
        Ownership::Shared(m) => m.clone(),
        Ownership::Owned => panic!("{path} should be shared"),
    }
}

/// Merges the demo's part of `path` into `existing`, as a first compile does.
fn merge(runtime: Runtime, path: &str, existing: &str) -> Merged {
    managed(runtime, path).apply(Path::new(path), Some(existing), &[], false).unwrap()
}

fn key(path: &str) -> Vec<String> {
    path.split('.').map(String::from).collect()
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
    let once = m.apply(path, Some(user), &[], false).unwrap().text;
    assert_eq!(m.apply(path, Some(&once), &[], false).unwrap().text, once, "idempotent");
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
    let once = merge(Runtime::Codex, "AGENTS.md", user).text;
    assert!(once.starts_with(user) && once.contains("## Small commits"), "{once}");
    assert_eq!(merge(Runtime::Codex, "AGENTS.md", &once).text, once);
    let gone = Managed::Markdown(String::new()).apply(Path::new("AGENTS.md"), Some(&once), &[], false).unwrap();
    assert_eq!(gone.text, user);
}

#[test]
fn codex_config_keeps_comments_and_drops_stale_servers() {
    let user = "# personal\nmodel = \"o3\" # fast\n";
    let m = managed(Runtime::Codex, ".codex/config.toml");
    let path = Path::new(".codex/config.toml");
    let once = m.apply(path, Some(user), &[], false).unwrap();
    assert!(once.text.starts_with(user), "{}", once.text);
    assert!(once.text.contains("[mcp_servers.ledger]") && once.text.contains("[mcp_servers.docs]"), "{}", once.text);
    assert_eq!(m.apply(path, Some(&once.text), &once.owned, false).unwrap(), once, "idempotent");
    let gone = Managed::Toml(Default::default()).apply(path, Some(&once.text), &once.owned, false).unwrap();
    assert_eq!(gone.text, user, "servers no longer produced are removed");
}

/// Each runtime's file of MCP servers, the user's own `ledger` server in it
/// (the demo defines one too), and that key's path.
fn users_own_ledger_server() -> [(Runtime, &'static str, &'static str, &'static str); 4] {
    [
        (
            Runtime::ClaudeCode,
            ".mcp.json",
            "{\"mcpServers\": {\"ledger\": {\"command\": \"mine\"}}}\n",
            "mcpServers.ledger",
        ),
        (
            Runtime::Cursor,
            ".cursor/mcp.json",
            "{\"mcpServers\": {\"ledger\": {\"command\": \"mine\"}}}\n",
            "mcpServers.ledger",
        ),
        (
            Runtime::OpenCode,
            "opencode.json",
            "{\"mcp\": {\"ledger\": {\"type\": \"local\", \"command\": [\"mine\"]}}}\n",
            "mcp.ledger",
        ),
        (
            Runtime::Codex,
            ".codex/config.toml",
            "# my config\n[mcp_servers.ledger] # my own\ncommand = \"mine\"\n",
            "mcp_servers.ledger",
        ),
    ]
}

#[test]
fn a_key_the_user_wrote_before_us_is_theirs_until_forced() {
    for (runtime, path, user, ledger) in users_own_ledger_server() {
        let m = managed(runtime, path);
        let merged = m.apply(Path::new(path), Some(user), &[], false).unwrap();
        assert_eq!(merged.kept, [key(ledger)], "{path}");
        assert!(merged.text.contains("mine"), "{path}: {}", merged.text);
        assert!(merged.text.contains("example.test/mcp"), "{path}: the other server is written: {}", merged.text);
        assert!(merged.owned.iter().all(|k| k.path != key(ledger)), "{path}: not recorded as ours");
        if path.ends_with(".toml") {
            assert!(merged.text.starts_with(user), "{path}: the user's table and comment stay: {}", merged.text);
        }
        let again = m.apply(Path::new(path), Some(&merged.text), &merged.owned, false).unwrap();
        assert_eq!((&again.text, &again.kept), (&merged.text, &merged.kept), "{path}: still theirs next time");

        let forced = m.apply(Path::new(path), Some(user), &[], true).unwrap();
        assert!(forced.kept.is_empty() && !forced.text.contains("mine"), "{path}: {}", forced.text);
        assert!(forced.owned.iter().any(|k| k.path == key(ledger)), "{path}: ours once forced");
        if path.ends_with(".toml") {
            assert!(forced.text.starts_with("# my config\n[mcp_servers.ledger]\n"), "{path}: {}", forced.text);
        }
    }
}

#[test]
fn a_key_recorded_by_a_manifest_without_hashes_stays_ours() {
    // Manifests written before values were hashed record bare key paths.
    let recorded: Vec<OwnedKey> = serde_json::from_str(r#"[["mcpServers", "ledger"]]"#).unwrap();
    assert_eq!(recorded[0].hash, None);
    let user = r#"{"mcpServers": {"ledger": {"command": "an-older-agentops"}}}"#;
    let merged =
        managed(Runtime::ClaudeCode, ".mcp.json").apply(Path::new(".mcp.json"), Some(user), &recorded, false).unwrap();
    assert!(merged.kept.is_empty() && !merged.text.contains("an-older-agentops"), "{}", merged.text);
    assert!(merged.owned.iter().all(|k| k.hash.is_some()), "recorded with a hash from now on");
}

#[test]
fn a_key_we_wrote_follows_the_source_until_the_user_changes_it() {
    let path = Path::new(".mcp.json");
    let mut earlier_source = demo();
    earlier_source.mcp_servers[0].transport =
        McpTransport::Stdio { command: "agentops".into(), args: vec!["serve".into()], env: Default::default() };
    let earlier = managed_of(&earlier_source, Runtime::ClaudeCode, ".mcp.json").apply(path, None, &[], false).unwrap();
    let m = managed(Runtime::ClaudeCode, ".mcp.json");
    let updated = m.apply(path, Some(&earlier.text), &earlier.owned, false).unwrap();
    assert!(updated.kept.is_empty() && updated.text.contains("\"mcp\"") && !updated.text.contains("serve"));

    let edited = updated.text.replace("\"mcp\"", "\"mine\"");
    let kept = m.apply(path, Some(&edited), &updated.owned, false).unwrap();
    assert_eq!(kept.kept, [key("mcpServers.ledger")]);
    assert_eq!(kept.text, edited, "the user's change stays");
    let gone = Managed::Json(Default::default()).apply(path, Some(&edited), &updated.owned, false).unwrap();
    assert!(gone.text.contains("mine") && !gone.text.contains("docs"), "only our unchanged keys go: {}", gone.text);
}

#[test]
fn a_malformed_user_file_is_an_error_with_its_line() {
    let m = managed(Runtime::OpenCode, "opencode.json");
    let err = m.apply(Path::new("opencode.json"), Some("{\n  \"theme\": \"x\",\n}\n"), &[], false).unwrap_err();
    assert!(err.to_string().starts_with("opencode.json:3: not valid JSON"), "{err}");
}

#[test]
fn a_key_of_the_wrong_shape_is_an_error_at_its_line() {
    let error = |runtime, path: &str, text: &str| {
        managed(runtime, path).apply(Path::new(path), Some(text), &[], false).unwrap_err().to_string()
    };
    let opencode = "{\n  \"theme\": \"x\",\n  \"mcp\": [\n  ]\n}\n";
    let err = error(Runtime::OpenCode, "opencode.json", opencode);
    assert!(err.starts_with("opencode.json:3: `mcp` is not an object; agentops needs to add `mcp."), "{err}");
    // The same name elsewhere, earlier, is not the key at fault.
    let settings =
        "{\n  \"env\": {\"SessionStart\": []},\n  \"hooks\": {\n    \"Stop\": [],\n    \"SessionStart\": {}\n  }\n}";
    let err = error(Runtime::ClaudeCode, ".claude/settings.json", settings);
    assert_eq!(err, ".claude/settings.json:5: `hooks.SessionStart` is not an array");
    let err = error(Runtime::ClaudeCode, ".claude/settings.json", "{\n  \"model\": \"opus\",\n  \"hooks\": 3\n}");
    assert_eq!(err, ".claude/settings.json:3: `hooks` is not an object");
    let err = error(Runtime::Codex, ".codex/config.toml", "model = \"o3\"\n\nmcp_servers = 3\n");
    assert!(err.starts_with(".codex/config.toml:3: `mcp_servers` is not a table"), "{err}");
}
