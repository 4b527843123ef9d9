//! Merge-conflict markers left in added lines. `=======` alone is also a
//! markdown heading underline, so it counts only beside a `<<<<<<<` or
//! `>>>>>>>` in the same file.

use super::{Check, Findings, reviewed_lines};
use crate::diff::FileDiff;

/// The kind of conflict marker `line` is, if any.
fn marker(line: &str) -> Option<&'static str> {
    let fenced =
        |fence: &str| line.strip_prefix(fence).is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']));
    if fenced("<<<<<<<") {
        Some("the start of a conflict (`<<<<<<<`)")
    } else if fenced(">>>>>>>") {
        Some("the end of a conflict (`>>>>>>>`)")
    } else if fenced("|||||||") {
        Some("the base of a conflict (`|||||||`)")
    } else if line.trim_end() == "=======" {
        Some("the middle of a conflict (`=======`)")
    } else {
        None
    }
}

pub fn check(file: &FileDiff, findings: &mut Findings) {
    if !findings.enabled(Check::ConflictMarker) {
        return;
    }
    let markers: Vec<(u32, &str, bool)> = reviewed_lines(file)
        .filter_map(|(line, text)| marker(text).map(|what| (line, what, text.starts_with(['<', '>']))))
        .collect();
    if !markers.iter().any(|&(_, _, fence)| fence) {
        return;
    }
    for (line, what, _) in markers {
        findings.at(Check::ConflictMarker, file.path(), line, format!("merge-conflict marker: {what}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::findings_on;

    #[test]
    fn markers_are_found_at_their_lines() {
        let found = findings_on("f.rs", &["fn a() {}", "<<<<<<< HEAD", "x", "=======", "y", ">>>>>>> topic"], check);
        assert_eq!(
            found,
            [
                (2, "merge-conflict marker: the start of a conflict (`<<<<<<<`)".to_string()),
                (4, "merge-conflict marker: the middle of a conflict (`=======`)".to_string()),
                (6, "merge-conflict marker: the end of a conflict (`>>>>>>>`)".to_string())
            ]
        );
    }

    #[test]
    fn underlines_and_longer_fences_are_not_markers() {
        assert!(findings_on("README.md", &["Title", "=======", "text"], check).is_empty());
        assert!(findings_on("a.txt", &["<<<<<<<< eight", "<<<<<<<x", "a <<<<<<< b"], check).is_empty());
    }
}
