//! The Claude Code plugin form: the demo model's plugin folder as a reviewed
//! snapshot, metadata checks, and the one-plugin marketplace.

use agentops_converters::{Author, EmitOptions, Plugin, emit_plugin};

use crate::common::demo;

pub fn plugin() -> Plugin {
    Plugin {
        name: "demo-tools".into(),
        description: "Review and TDD workflows".into(),
        version: "1.2.0".into(),
        author: Author { name: "Core team".into(), email: Some("core@example.test".into()), url: None },
        homepage: None,
        repository: Some("https://example.test/demo-tools".into()),
        license: Some("MIT".into()),
        keywords: vec!["review".into(), "tdd".into()],
    }
}

#[test]
fn demo_plugin() {
    let emitted = emit_plugin(&demo(), &plugin(), &EmitOptions::default()).unwrap();
    insta::assert_snapshot!(format!("{}\n--- fidelity ---\n{}", emitted.tree.render(), emitted.fidelity));
}

#[test]
fn emitting_twice_gives_identical_bytes() {
    let a = emit_plugin(&demo(), &plugin(), &EmitOptions::default()).unwrap();
    let b = emit_plugin(&demo(), &plugin(), &EmitOptions::default()).unwrap();
    assert_eq!(a, b);
}

#[test]
fn optional_metadata_is_left_out_and_the_marketplace_lists_the_plugin_here() {
    let bare = Plugin { repository: None, license: None, keywords: vec![], ..plugin() };
    let emitted = emit_plugin(&demo(), &bare, &EmitOptions::default()).unwrap();
    let json =
        |path: &str| -> serde_json::Value { serde_json::from_slice(&emitted.tree.get(path).unwrap().bytes).unwrap() };
    let manifest = json(".claude-plugin/plugin.json");
    let keys: Vec<&String> = manifest.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["name", "description", "version", "author"], "{manifest}");
    let marketplace = json(".claude-plugin/marketplace.json");
    assert_eq!(marketplace["owner"], serde_json::json!({"name": "Core team", "email": "core@example.test"}));
    assert_eq!(marketplace["plugins"][0]["source"], "./");
    assert_eq!(marketplace["plugins"][0]["name"], marketplace["name"]);
}

#[test]
fn bad_metadata_is_refused_with_its_field() {
    for (bad, field) in [
        (Plugin { name: "Demo Tools".into(), ..plugin() }, "plugin: name"),
        (Plugin { description: "two\nlines".into(), ..plugin() }, "plugin: description"),
        (Plugin { version: String::new(), ..plugin() }, "plugin: version"),
        (Plugin { author: Author { name: " ".into(), email: None, url: None }, ..plugin() }, "plugin: author.name"),
    ] {
        let err = emit_plugin(&demo(), &bad, &EmitOptions::default()).unwrap_err();
        assert!(err.to_string().starts_with(field), "{err}");
    }
}
