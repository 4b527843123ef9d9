//! A small fixed model that touches every kind of item, and a helper that
//! writes an emitted tree to disk.

use std::collections::BTreeMap;
use std::path::Path;

use agentops_converters::model::{
    Agent, AgentMode, Bundle, Command, CompanionFile, HookBinding, HookCommand, HookEvent, McpServer, McpTransport,
    Permissions, Rule, Skill,
};
use agentops_converters::{RelativePath, Tree};

pub fn demo() -> Bundle {
    let skill = Skill {
        name: "tdd".into(),
        description: "Use when writing code: red, green, refactor. Never skip the red step: it's the proof.".into(),
        body: "# TDD\r\n\r\nWrite the failing test first.\r\n".into(),
        extra: serde_json::from_str(r#"{"license": "MIT", "allowed-tools": ["Read", "Bash"]}"#).unwrap(),
        files: vec![
            CompanionFile {
                path: RelativePath::new("references/cycle.md").unwrap(),
                bytes: b"red\ngreen\n".to_vec(),
                executable: false,
            },
            CompanionFile {
                path: RelativePath::new("scripts/check.sh").unwrap(),
                bytes: b"#!/bin/sh\nexit 0\n".to_vec(),
                executable: true,
            },
            CompanionFile {
                path: RelativePath::new("assets/logo.bin").unwrap(),
                bytes: vec![0, 159, 146, 150, 255],
                executable: false,
            },
        ],
        hooks: vec![HookBinding {
            event: HookEvent::PreToolUse,
            matcher: Some("Bash".into()),
            command: HookCommand::Bridge,
        }],
    };
    Bundle {
        skills: vec![skill],
        commands: vec![Command {
            name: "review".into(),
            description: Some("Review the current diff".into()),
            body: "Review $ARGUMENTS with care.\n".into(),
            argument_hint: Some("[files]".into()),
            model: Some("sonnet".into()),
            agent: Some("reviewer".into()),
            subtask: Some(true),
            ..Default::default()
        }],
        agents: vec![Agent {
            name: "reviewer".into(),
            description: "Reviews code for bugs: read-only.".into(),
            instructions: "You review code.\nBe specific.\n".into(),
            tools: Some(vec!["Read".into(), "Grep".into()]),
            model: Some("opus".into()),
            mode: Some(AgentMode::Subagent),
            permission: Some(Permissions { deny: vec!["Edit".into()], ..Default::default() }),
            ..Default::default()
        }],
        rules: vec![
            Rule {
                id: "no-unwrap".into(),
                title: "No unwrap in libraries".into(),
                body: "Return errors instead.\n".into(),
                globs: vec!["src/**/*.rs".into()],
                description: Some("Rust library code".into()),
                always_apply: false,
            },
            Rule {
                id: "small-commits".into(),
                title: "Small commits".into(),
                body: "One concern per commit.\n".into(),
                always_apply: true,
                ..Default::default()
            },
        ],
        hooks: vec![
            HookBinding { event: HookEvent::SessionStart, matcher: None, command: HookCommand::Bridge },
            HookBinding { event: HookEvent::Stop, matcher: None, command: HookCommand::Bridge },
            HookBinding { event: HookEvent::SessionEnd, matcher: None, command: HookCommand::Bridge },
        ],
        mcp_servers: vec![
            McpServer {
                name: "ledger".into(),
                transport: McpTransport::Stdio {
                    command: "agentops".into(),
                    args: vec!["mcp".into()],
                    env: BTreeMap::from([("RUST_LOG".into(), "warn".into())]),
                },
                extra: Default::default(),
            },
            McpServer {
                name: "docs".into(),
                transport: McpTransport::Http {
                    url: "https://example.test/mcp".into(),
                    headers: BTreeMap::from([("X-Team".into(), "core".into())]),
                },
                extra: Default::default(),
            },
        ],
        permissions: Permissions {
            allow: vec!["Bash(git diff:*)".into()],
            ask: vec![],
            deny: vec!["Read(./.env)".into()],
        },
    }
}

/// Writes every file of `tree` under `root`, with its exec bit.
pub fn write_tree(root: &Path, tree: &Tree) {
    for (path, file) in tree.files() {
        let dest = root.join(path.as_str());
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::write(&dest, &file.bytes).unwrap();
        #[cfg(unix)]
        if file.executable {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&dest, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
    }
}
