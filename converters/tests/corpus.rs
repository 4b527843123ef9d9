//! A real plugin: the superpowers corpus (14 skills with reference documents,
//! shipped as a Claude Code plugin with Codex and Cursor manifests beside).
//! Imported as Claude Code, converted to every runtime: every companion file
//! arrives byte for byte with its mode, every name and description
//! validates, and each runtime's files read back to the same skills. Its
//! plugin manifests are the ground truth of the plugin form.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use agentops_converters::import::import;
use agentops_converters::{EmitOptions, Plugin, Runtime, emit, emit_plugin};
use serde_json::Value;

use crate::common::write_tree;

/// The superpowers corpus (tests/fixtures/superpowers, see its README).
fn corpus() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/superpowers");
    assert!(root.join(".claude-plugin/plugin.json").is_file(), "no superpowers corpus at {}", root.display());
    root
}

/// Every file under `dir`, by path relative to it: bytes and exec bit.
fn files(dir: &Path) -> BTreeMap<String, (Vec<u8>, bool)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            use std::os::unix::fs::PermissionsExt;
            let exec = std::fs::metadata(&path).unwrap().permissions().mode() & 0o111 != 0;
            let rel = path.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            out.insert(rel, (std::fs::read(&path).unwrap(), exec));
        }
    }
    out
}

#[test]
fn superpowers_converts_to_every_runtime_byte_exact() {
    let root = corpus();
    let imported = import(&root, Runtime::ClaudeCode).unwrap();
    let bundle = &imported.bundle;
    assert_eq!(bundle.skills.len(), 14, "{:?}", bundle.skills.iter().map(|s| &s.name).collect::<Vec<_>>());
    bundle.validate().unwrap_or_else(|e| panic!("the corpus does not validate: {e}"));
    let skipped: Vec<String> = imported.skipped.iter().map(ToString::to_string).collect();
    assert_eq!(skipped.len(), 1, "{skipped:#?}");
    assert!(
        skipped[0].starts_with(".claude-plugin/plugin.json:1: plugin metadata (`name`, `description`"),
        "{skipped:#?}"
    );

    let originals = files(&root.join("skills"));
    let companions = originals.keys().filter(|p| !p.ends_with("/SKILL.md")).count();
    assert!(companions >= 25, "{companions} companion files");
    for runtime in Runtime::ALL {
        let emitted = emit(bundle, runtime, &EmitOptions::default()).unwrap();
        let dir = tempfile::tempdir().unwrap();
        write_tree(dir.path(), &emitted.tree);
        let written = files(&dir.path().join(runtime.skills_dir()));
        for (rel, original) in originals.iter().filter(|(p, _)| !p.ends_with("/SKILL.md")) {
            assert_eq!(written.get(rel), Some(original), "{runtime}: {rel} differs or is missing");
        }
        let back = import(dir.path(), runtime).unwrap().bundle;
        assert_eq!(back.skills, bundle.skills, "{runtime}: the skills read back differ");
    }
}

/// The corpus as a plugin again, with its own metadata: plugin.json comes out
/// byte for byte, the marketplace lists it as the corpus's marketplace does,
/// and the skills read back unchanged.
#[test]
fn superpowers_as_a_plugin_gives_back_its_manifests() {
    let root = corpus();
    let json = |path: &Path| -> Value { serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap() };
    let original = json(&root.join(".claude-plugin/plugin.json"));
    let text = |key: &str| original.get(key).and_then(Value::as_str).map(String::from);
    let plugin = Plugin {
        name: text("name").unwrap(),
        description: text("description").unwrap(),
        version: text("version").unwrap(),
        author: serde_json::from_value(original["author"].clone()).unwrap(),
        homepage: text("homepage"),
        repository: text("repository"),
        license: text("license"),
        keywords: serde_json::from_value(original["keywords"].clone()).unwrap(),
    };
    let bundle = import(&root, Runtime::ClaudeCode).unwrap().bundle;
    let emitted = emit_plugin(&bundle, &plugin, &EmitOptions::default()).unwrap();
    let written = |rel: &str| emitted.tree.get(rel).unwrap_or_else(|| panic!("{rel} missing")).bytes.clone();
    assert_eq!(
        String::from_utf8(written(".claude-plugin/plugin.json")).unwrap(),
        std::fs::read_to_string(root.join(".claude-plugin/plugin.json")).unwrap()
    );
    let marketplace: Value = serde_json::from_slice(&written(".claude-plugin/marketplace.json")).unwrap();
    let theirs = json(&root.join(".claude-plugin/marketplace.json"));
    assert_eq!(marketplace["plugins"], theirs["plugins"]);
    assert_eq!(marketplace["owner"], theirs["owner"]);

    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), &emitted.tree);
    assert_eq!(import(dir.path(), Runtime::ClaudeCode).unwrap().bundle.skills, bundle.skills);
}
