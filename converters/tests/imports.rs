//! Each importer on a project shaped like a real one (hand-written files,
//! keys the model lacks, hooks it does not bind), as a reviewed snapshot of
//! the model and of what was skipped; and malformed files, one folder per
//! case, each refused with the file and line named.

use std::path::{Path, PathBuf};

use agentops_converters::Runtime;
use agentops_converters::import::{Imported, import};

fn fixtures(kind: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import").join(kind)
}

/// The import of a valid fixture: companion files as path, mode and size,
/// then the model, then what was skipped.
fn rendered(runtime: Runtime) -> String {
    let Imported { mut bundle, skipped } = import(&fixtures("valid").join(runtime.as_str()), runtime).unwrap();
    let mut files = String::new();
    for skill in &mut bundle.skills {
        for f in std::mem::take(&mut skill.files) {
            let mode = if f.executable { "755" } else { "644" };
            files.push_str(&format!("{}/{} ({mode}, {} bytes)\n", skill.name, f.path, f.bytes.len()));
        }
    }
    let skipped: Vec<String> = skipped.iter().map(ToString::to_string).collect();
    format!("--- companion files ---\n{files}--- model ---\n{bundle:#?}\n--- skipped ---\n{}\n", skipped.join("\n"))
}

#[test]
fn claude_code_project() {
    insta::assert_snapshot!(rendered(Runtime::ClaudeCode));
}

#[test]
fn codex_project() {
    insta::assert_snapshot!(rendered(Runtime::Codex));
}

#[test]
fn cursor_project() {
    insta::assert_snapshot!(rendered(Runtime::Cursor));
}

#[test]
fn opencode_project() {
    insta::assert_snapshot!(rendered(Runtime::OpenCode));
}

#[test]
fn malformed_files_are_refused_with_file_and_line() {
    let dir = fixtures("invalid");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    cases.sort();
    assert!(cases.len() >= 10, "{}", dir.display());
    for case in cases {
        let expect = std::fs::read_to_string(case.join("expect")).unwrap();
        let field = |name: &str| {
            let prefix = format!("{name}: ");
            expect
                .lines()
                .find_map(|l| l.strip_prefix(&prefix))
                .unwrap_or_else(|| panic!("{}: no {name}", case.display()))
        };
        let runtime = Runtime::parse(field("runtime")).unwrap();
        let err = import(&case, runtime).expect_err(&case.display().to_string());
        let shown = err.to_string().replace(&format!("{}/", case.display()), "");
        assert!(
            shown.starts_with(field("error")),
            "{}:\n  got      {shown}\n  expected {}",
            case.display(),
            field("error")
        );
        assert!(err.line.is_some() || shown.contains("not a command name"), "{shown}");
    }
}
