//! Unified diffs of planned changes, for `--check` and `--dry-run`: what is on
//! disk (`a/`) against what compiling would leave (`b/`).

use similar::TextDiff;

use super::plan::{Action, State};

/// The diff of one changed path; binary files and mode changes get one line.
pub fn render(action: &Action) -> String {
    let path = &action.path;
    let old = action.old.as_deref().unwrap_or_default();
    let new = action.new.as_deref().unwrap_or_default();
    let (Ok(old_text), Ok(new_text)) = (std::str::from_utf8(old), std::str::from_utf8(new)) else {
        return format!("Binary files a/{path} and b/{path} differ\n");
    };
    let note: String = action
        .hand_edited()
        .iter()
        .map(|what| format!("# {what}: edited by hand; compiling leaves it alone unless --force\n"))
        .collect();
    let (a, b) = (
        if action.old.is_some() { format!("a/{path}") } else { "/dev/null".into() },
        if action.new.is_some() { format!("b/{path}") } else { "/dev/null".into() },
    );
    let body = TextDiff::from_lines(old_text, new_text).unified_diff().context_radius(3).header(&a, &b).to_string();
    match (body.is_empty(), action.state) {
        // Only a key of the user's, which compiling leaves as it is.
        (true, State::Unchanged) => note,
        (true, _) => format!("{note}# {path}: mode changes to {}\n", if action.executable { "755" } else { "644" }),
        (false, _) => format!("{note}{body}"),
    }
}
