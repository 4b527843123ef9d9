//! One review: cap the diff, parse it, run every check on every file, ask
//! the ledger about the changed paths, and sum it up in an outcome whose
//! verdict the worst finding decides.

use agentops_skill_sdk::glob::any_match;
use agentops_skill_sdk::{Outcome, Severity};
use serde::Serialize;

use crate::checks::{self, Check, Findings, Place, files::MAX_SIZE_READS};
use crate::config::Config;
use crate::diff::{self, Diff};
use crate::host::Host;

/// What the outcome's `data` holds, for machines.
#[derive(Debug, Serialize)]
struct Summary<'a> {
    files: usize,
    added: usize,
    removed: usize,
    binary: Vec<&'a str>,
    /// Lines of the diff examined, and of the whole diff when it was cut.
    examined_lines: usize,
    total_lines: Option<usize>,
}

/// Reviews the unified diff `text`.
pub fn review(text: &str, config: &Config, host: &dyn Host) -> Outcome {
    let capped = diff::cap(text, config.max_diff_bytes, config.max_diff_lines);
    let diff = diff::parse(capped.text);
    let mut findings = Findings::new(config);
    if let Some((lines, bytes)) = capped.cut_from {
        let message = format!(
            "the diff has {lines} lines ({bytes} bytes); only the first {} lines were examined (max_diff_lines {}, max_diff_bytes {})",
            capped.lines(),
            config.max_diff_lines,
            config.max_diff_bytes
        );
        findings.add(Check::Truncated, Place::Change, message, Check::Truncated.fix());
    }
    for (index, file) in diff.files.iter().enumerate() {
        let generated = any_match(&config.generated_paths, file.path());
        checks::conflict::check(file, &mut findings);
        checks::secrets::check(file, config, generated, &mut findings);
        if !generated {
            checks::files::check(file, config, host, index < MAX_SIZE_READS, &mut findings);
            checks::debug::check(file, &mut findings);
            checks::todo::check(file, &mut findings);
            checks::functions::check(file, config, &mut findings);
        }
    }
    checks::untested::check(&diff, config, &mut findings);
    let context = checks::ledger::check(&diff, config, host, &mut findings);
    let summary = summarize(&diff, capped.lines(), capped.cut_from.map(|(lines, _)| lines));
    let message = message(&summary, &findings_count(&findings));
    let mut outcome = Outcome::from_findings(findings.into_sorted()).message(message).data(&summary);
    if let Some(context) = context {
        outcome = outcome.context(context);
    }
    outcome
}

fn summarize<'a>(diff: &'a Diff, examined_lines: usize, total_lines: Option<usize>) -> Summary<'a> {
    let (added, removed) =
        diff.files.iter().map(|file| file.counts()).fold((0, 0), |(a, r), (fa, fr)| (a + fa, r + fr));
    let binary = diff.files.iter().filter(|file| file.binary).map(|file| file.path()).collect();
    Summary { files: diff.files.len(), added, removed, binary, examined_lines, total_lines }
}

/// Findings per severity, worst first, skipping severities with none.
fn findings_count(findings: &Findings) -> Vec<(usize, &'static str)> {
    let severities = [
        (Severity::Critical, "critical"),
        (Severity::Significant, "significant"),
        (Severity::Minor, "minor"),
        (Severity::Info, "info"),
    ];
    severities
        .iter()
        .map(|&(severity, name)| (findings.count(severity), name))
        .filter(|&(count, _)| count > 0)
        .collect()
}

fn message(summary: &Summary, counts: &[(usize, &str)]) -> String {
    if summary.files == 0 {
        return "nothing to review: the diff is empty (stage a change, or pass --arg base=REF)".to_string();
    }
    let files = if summary.files == 1 { "file" } else { "files" };
    let found = if counts.is_empty() {
        "nothing found".to_string()
    } else {
        counts.iter().map(|(count, name)| format!("{count} {name}")).collect::<Vec<_>>().join(", ")
    };
    format!("{} {files}, +{} -{}: {found}", summary.files, summary.added, summary.removed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::{FakeHost, hit, new_file_diff};
    use agentops_skill_sdk::Verdict;

    #[test]
    fn a_clean_change_with_its_test_passes() {
        let text = new_file_diff("src/add.rs", &["pub fn add(a: u8, b: u8) -> u8 {", "    a + b", "}"])
            + &new_file_diff("tests/add.rs", &["#[test]", "fn adds() { assert_eq!(add(1, 2), 3); }"]);
        let outcome = review(&text, &Config::default(), &FakeHost::default());
        assert_eq!(outcome.verdict, Verdict::Pass, "{:?}", outcome.findings);
        assert_eq!(outcome.message.as_deref(), Some("2 files, +5 -0: nothing found"));
        assert_eq!(outcome.context, None);
    }

    #[test]
    fn a_secret_a_marker_and_a_leftover_fail_with_their_lines() {
        let key = format!("AKIA{}", "Q7ZP".repeat(4));
        let text = new_file_diff(
            "src/app.js",
            &[
                "const a = 1;",
                &format!("const key = \"{key}\";"),
                "<<<<<<< HEAD",
                "=======",
                ">>>>>>> x",
                "console.log(a);",
            ],
        );
        let outcome = review(&text, &Config::default(), &FakeHost::default());
        assert_eq!(outcome.verdict, Verdict::Fail);
        let found: Vec<(&str, Option<u32>)> = outcome.findings.iter().map(|f| (f.rule.as_str(), f.line)).collect();
        assert_eq!(
            found,
            [
                ("vibe/secret", Some(2)),
                ("vibe/conflict-marker", Some(3)),
                ("vibe/conflict-marker", Some(4)),
                ("vibe/conflict-marker", Some(5)),
                ("vibe/untested-change", None),
                ("vibe/debug-leftover", Some(6))
            ]
        );
        assert!(!outcome.findings[0].message.contains(&key), "the secret is not repeated");
        assert_eq!(outcome.message.as_deref(), Some("1 file, +6 -0: 4 critical, 2 minor"));
    }

    #[test]
    fn a_huge_diff_is_cut_and_says_so() {
        let lines: Vec<String> = (0..500).map(|i| format!("line {i}")).collect();
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let text = new_file_diff("notes.txt", &refs);
        let config = Config { max_diff_lines: 100, ..Config::default() };
        let outcome = review(&text, &config, &FakeHost::default());
        assert_eq!(outcome.verdict, Verdict::Warn);
        assert_eq!(outcome.findings[0].rule, "vibe/truncated");
        assert!(outcome.findings[0].message.starts_with("the diff has 503 lines"), "{}", outcome.findings[0].message);
        let data: serde_json::Value = serde_json::from_str(outcome.data.as_deref().unwrap()).unwrap();
        assert_eq!((data["examined_lines"].as_u64(), data["total_lines"].as_u64()), (Some(100), Some(503)));
    }

    #[test]
    fn an_empty_diff_passes_with_a_hint_and_ledger_items_reach_the_context() {
        let outcome = review("", &Config::default(), &FakeHost::default());
        assert_eq!(outcome.verdict, Verdict::Pass);
        assert!(outcome.message.unwrap().contains("--arg base=REF"));

        let host = FakeHost::with_hits(vec![hit("R-9", "rule", "Keep handlers small", &["src/**"])]);
        let text = new_file_diff("src/h.rs", &["fn h() {}", "#[test]", "fn t() {}"]);
        let outcome = review(&text, &Config::default(), &host);
        assert_eq!(outcome.verdict, Verdict::Warn);
        assert_eq!(outcome.findings[0].path.as_deref(), Some("src/h.rs"));
        assert!(outcome.context.unwrap().contains("[R-9] (rule) Keep handlers small"));
    }

    #[test]
    fn generated_files_are_only_checked_for_known_secrets_and_markers() {
        let text =
            new_file_diff("Cargo.lock", &["checksum = \"9f2c4e8a1b7d3f6e0a5c9b2d4e7f1a3c9f2c\"", "# TODO later"]);
        let config = Config { max_added_lines: 1, ..Config::default() };
        assert_eq!(review(&text, &config, &FakeHost::default()).verdict, Verdict::Pass);
    }
}
