//! Source changed without any test changed: no test file in the diff, and no
//! added line that writes a test inside a source file (Rust's `#[test]`).

use agentops_skill_sdk::glob::any_match;

use super::{Check, Findings};
use crate::config::Config;
use crate::diff::{Diff, FileDiff};
use crate::scan::find_token;

fn extension(path: &str) -> Option<&str> {
    path.rsplit('/').next()?.rsplit_once('.').map(|(_, extension)| extension)
}

fn is_source(file: &FileDiff, config: &Config) -> bool {
    let path = file.path();
    let by_extension =
        extension(path).is_some_and(|e| config.source_extensions.iter().any(|s| s.eq_ignore_ascii_case(e)));
    by_extension
        && !file.is_deleted()
        && !any_match(&config.test_paths, path)
        && !any_match(&config.generated_paths, path)
}

fn touches_tests(file: &FileDiff, config: &Config) -> bool {
    any_match(&config.test_paths, file.path())
        || file.added().any(|(_, text)| config.test_markers.iter().any(|marker| find_token(text, marker).is_some()))
}

pub fn check(diff: &Diff, config: &Config, findings: &mut Findings) {
    if !findings.enabled(Check::UntestedChange) || diff.files.iter().any(|file| touches_tests(file, config)) {
        return;
    }
    let sources: Vec<&str> = diff.files.iter().filter(|file| is_source(file, config)).map(FileDiff::path).collect();
    let Some(first) = sources.first() else { return };
    let mut named = sources.iter().take(3).map(|path| format!("`{path}`")).collect::<Vec<_>>().join(", ");
    if sources.len() > 3 {
        named.push_str(&format!(" and {} more", sources.len() - 3));
    }
    let files = if sources.len() == 1 { "file" } else { "files" };
    findings.in_file(
        Check::UntestedChange,
        first,
        format!("{} source {files} changed and no test: {named}", sources.len()),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::new_file_diff;
    use crate::diff;

    fn messages(text: &str) -> Vec<String> {
        let diff = diff::parse(text);
        let config = Config::default();
        let mut findings = Findings::new(&config);
        check(&diff, &config, &mut findings);
        findings.into_sorted().into_iter().map(|f| f.message).collect()
    }

    #[test]
    fn source_without_tests_is_reported() {
        let text = new_file_diff("src/a.rs", &["fn a() {}"])
            + &new_file_diff("web/b.ts", &["x"])
            + &new_file_diff("README.md", &["x"]);
        assert_eq!(messages(&text), ["2 source files changed and no test: `src/a.rs`, `web/b.ts`"]);
    }

    #[test]
    fn a_test_file_or_an_inline_test_is_enough() {
        for test in [
            new_file_diff("tests/e2e.rs", &["x"]),
            new_file_diff("pkg/a_test.go", &["x"]),
            new_file_diff("web/b.test.ts", &["x"]),
            new_file_diff("src/c.rs", &["#[cfg(test)]", "mod tests {}"]),
        ] {
            let text = new_file_diff("src/a.rs", &["fn a() {}"]) + &test;
            assert!(messages(&text).is_empty(), "{test}");
        }
    }

    #[test]
    fn docs_generated_files_and_deletions_need_no_test() {
        let deleted = "--- a/src/old.rs\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n";
        let text = new_file_diff("docs/a.md", &["x"]) + &new_file_diff("Cargo.lock", &["x"]) + deleted;
        assert!(messages(&text).is_empty());
    }
}
