//! Property tests: no input makes a parser panic, and every error is located
//! in the file it came from.

use std::path::Path;

use proptest::prelude::*;

use crate::{Policy, SkillMd, SkillToml};

/// Text that looks enough like the real files to reach deep into the parsers.
fn fragments() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("---\n".to_string()),
        Just("name: demo\n".to_string()),
        Just("description: x\n".to_string()),
        Just("[skill]\n".to_string()),
        Just("[[on]]\nevent = \"stop\"\n".to_string()),
        Just("[capabilities]\nimports = [\"judge\"]\n".to_string()),
        Just("[policy]\n".to_string()),
        "[ -~\n\r\t:=\\[\\]{}\"'#-]{0,40}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..8).prop_map(|parts| parts.concat())
}

proptest! {
    #[test]
    fn skill_md_never_panics(text in fragments()) {
        let path = Path::new("skills/demo/SKILL.md");
        if let Err(e) = SkillMd::parse(path, &text, "demo") {
            prop_assert!(e.to_string().starts_with("skills/demo/SKILL.md"));
            prop_assert!(e.line.is_none_or(|l| l >= 1 && l <= text.lines().count().max(1) + 1), "line {:?}", e.line);
        }
    }

    #[test]
    fn skill_toml_never_panics(text in fragments()) {
        let path = Path::new("skills/demo/skill.toml");
        if let Err(e) = SkillToml::parse(path, &text) {
            prop_assert!(e.to_string().starts_with("skills/demo/skill.toml"));
        }
    }

    #[test]
    fn policy_never_panics(text in fragments()) {
        let path = Path::new(".agents/agentops.toml");
        if let Err(e) = Policy::parse(path, &text) {
            prop_assert!(e.to_string().starts_with(".agents/agentops.toml"));
        }
    }
}
