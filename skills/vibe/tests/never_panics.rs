//! No diff, however malformed, makes vibe panic: a panic would end the review
//! with a trap instead of a verdict.

use agentops_skill_sdk::Hit;
use proptest::prelude::*;
use vibe::{Config, Host, parse_diff, review};

/// Every file is 10 bytes; the ledger has one rule for everything.
struct Quiet;

impl Host for Quiet {
    fn file_size(&self, _path: &str) -> Option<u64> {
        Some(10)
    }

    fn scoped(&self, paths: &[String], _limit: u32) -> Result<Vec<Hit>, String> {
        let hit = Hit {
            id: "R-1".into(),
            kind: "rule".into(),
            title: "t".into(),
            body: String::new(),
            paths: paths.to_vec(),
            score: 1.0,
            tier: "gold".into(),
        };
        Ok(vec![hit])
    }

    fn warn(&self, _message: &str) {}
}

/// Lines built from a diff's sharp edges: headers, hunk headers with odd
/// counts, markers, quotes, braces, and the tokens the checks look for.
fn diffish() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        Just("diff --git a/x.rs b/x.rs".to_string()),
        Just("diff --git \"a/\\303\\251\" \"b/\\303".to_string()),
        Just("--- a/src/lib.rs".to_string()),
        Just("+++ b/src/lib.rs".to_string()),
        Just("--- /dev/null".to_string()),
        Just("+++ /dev/null".to_string()),
        Just("@@ -1,3 +1,4 @@".to_string()),
        Just("@@ -0,0 +4294967295,4294967295 @@".to_string()),
        Just("@@ -1 +1 @@".to_string()),
        Just("@@ -x,y +z @@".to_string()),
        Just("rename from \"a".to_string()),
        Just("Binary files a/x and b/x differ".to_string()),
        Just("\\ No newline at end of file".to_string()),
        Just("+fn f() { if x { {{{{ }".to_string()),
        Just("+def f():".to_string()),
        Just("+        print(x)  # TODO".to_string()),
        Just("+<<<<<<< HEAD".to_string()),
        Just("+=======".to_string()),
        Just("+password = \"hunter22\"".to_string()),
        Just("+'\\".to_string()),
        Just("+\"\"\"".to_string()),
        Just("+/*".to_string()),
        Just("-removed".to_string()),
        Just(" context".to_string()),
        Just(String::new()),
        any::<String>().prop_map(|s| format!("+{s}")),
        any::<String>(),
    ];
    prop::collection::vec(line, 0..40).prop_map(|lines| lines.join("\n"))
}

proptest! {
    #[test]
    fn arbitrary_text_parses_without_panic(text in any::<String>()) {
        let diff = parse_diff(&text);
        for file in &diff.files {
            let _ = (file.path(), file.counts(), file.added().count());
        }
    }

    #[test]
    fn diff_shaped_text_is_reviewed_without_panic(text in diffish()) {
        let _ = review(&text, &Config::default(), &Quiet);
    }

    #[test]
    fn new_side_line_numbers_rise_within_a_hunk(text in diffish()) {
        for file in parse_diff(&text).files {
            for hunk in &file.hunks {
                let numbers: Vec<u32> = hunk.lines.iter().filter_map(|line| line.new_line).collect();
                prop_assert!(numbers.windows(2).all(|w| w[0] < w[1] || w[1] == u32::MAX), "{numbers:?}");
            }
        }
    }

    #[test]
    fn tiny_limits_still_end_with_a_verdict(text in diffish(), lines in 1usize..5, bytes in 1usize..64) {
        let config = Config { max_diff_lines: lines, max_diff_bytes: bytes, max_function_lines: 1, max_nesting: 0, ..Config::default() };
        let _ = review(&text, &config, &Quiet);
    }
}
