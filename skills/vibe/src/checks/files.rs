//! Whole-file checks: binary files are noted (their content is not read),
//! and files that grow too much in one change, or end up too large, are
//! oversized.

use super::{Check, Findings};
use crate::config::Config;
use crate::diff::FileDiff;
use crate::host::Host;

/// Files whose size vibe reads through the host, at most: each read copies
/// the whole file into the sandbox, and a huge change must still end in time.
pub const MAX_SIZE_READS: usize = 256;

/// Checks `file`; `measure` says whether its size may still be read.
pub fn check(file: &FileDiff, config: &Config, host: &dyn Host, measure: bool, findings: &mut Findings) {
    let size_matters = findings.enabled(Check::OversizedFile) || findings.enabled(Check::BinaryFile);
    let size = if measure && size_matters && !file.is_deleted() { host.file_size(file.path()) } else { None };
    if file.binary {
        let size = size.map(|bytes| format!(" ({})", human(bytes))).unwrap_or_default();
        findings.in_file(Check::BinaryFile, file.path(), format!("binary file{size}: noted, not scanned"));
    }
    let mut reasons = Vec::new();
    let (added, _) = file.counts();
    if added > config.max_added_lines {
        reasons.push(format!("adds {added} lines (limit {})", config.max_added_lines));
    }
    if let Some(bytes) = size.filter(|&bytes| bytes > config.max_file_bytes) {
        reasons.push(format!("is {} (limit {})", human(bytes), human(config.max_file_bytes)));
    }
    if !reasons.is_empty() {
        findings.in_file(Check::OversizedFile, file.path(), format!("oversized file: {}", reasons.join(" and ")));
    }
}

/// A byte count for people: `812 B`, `3.4 KiB`, `12.0 MiB`.
fn human(bytes: u64) -> String {
    match bytes {
        0..1024 => format!("{bytes} B"),
        1024..1_048_576 => format!("{:.1} KiB", bytes as f64 / 1024.0),
        _ => format!("{:.1} MiB", bytes as f64 / 1_048_576.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::{FakeHost, new_file_diff};
    use crate::diff;

    fn run(text: &str, host: &FakeHost, config: &Config) -> Vec<String> {
        let diff = diff::parse(text);
        let mut findings = Findings::new(config);
        for file in &diff.files {
            check(file, config, host, true, &mut findings);
        }
        findings.into_sorted().into_iter().map(|f| format!("{}: {}", f.path.unwrap_or_default(), f.message)).collect()
    }

    #[test]
    fn binary_files_are_noted_with_their_size() {
        let host = FakeHost::with_sizes(&[("logo.png", 2048)]);
        let found = run("Binary files /dev/null and b/logo.png differ\n", &host, &Config::default());
        assert_eq!(found, ["logo.png: binary file (2.0 KiB): noted, not scanned"]);
    }

    #[test]
    fn growth_and_size_over_the_limits() {
        let config = Config { max_added_lines: 2, max_file_bytes: 100, ..Config::default() };
        let host = FakeHost::with_sizes(&[("big.txt", 5 << 20), ("small.txt", 10)]);
        let text = new_file_diff("big.txt", &["a", "b", "c"]) + &new_file_diff("small.txt", &["a"]);
        assert_eq!(
            run(&text, &host, &config),
            ["big.txt: oversized file: adds 3 lines (limit 2) and is 5.0 MiB (limit 100 B)"]
        );
    }

    #[test]
    fn deleted_and_unreadable_files_are_not_measured() {
        let host = FakeHost::with_sizes(&[]);
        let text = "--- a/gone.bin\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n";
        assert!(run(text, &host, &Config { max_file_bytes: 0, ..Config::default() }).is_empty());
    }
}
