//! A unified diff as vibe reads it: the files it touches and, for each, the
//! hunks with their lines numbered on the new side, since findings point at
//! the file as it is after the change.
//!
//! The model borrows the diff text; only quoted paths (git's C-style quoting
//! of unusual names) are decoded into owned strings.

mod cap;
mod parse;

use std::borrow::Cow;

pub use cap::cap;
pub use parse::parse;

/// Every file of a diff, in the order the diff lists them.
#[derive(Debug, Default, PartialEq)]
pub struct Diff<'a> {
    pub files: Vec<FileDiff<'a>>,
}

/// One file's part of a diff.
#[derive(Debug, Default, PartialEq)]
pub struct FileDiff<'a> {
    /// The path before the change; `None` for a new file (`/dev/null`).
    pub old_path: Option<Cow<'a, str>>,
    /// The path after the change; `None` for a deleted file.
    pub new_path: Option<Cow<'a, str>>,
    /// Whether git reported the file as binary (no lines to read).
    pub binary: bool,
    pub hunks: Vec<Hunk<'a>>,
}

/// A run of changed lines with their context.
#[derive(Debug, PartialEq)]
pub struct Hunk<'a> {
    pub lines: Vec<Line<'a>>,
}

/// One line of a hunk, without its `+`/`-`/` ` marker and line ending.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Line<'a> {
    pub kind: LineKind,
    pub text: &'a str,
    /// The 1-based line in the new file; `None` for removed lines.
    pub new_line: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Context,
    Added,
    Removed,
}

impl FileDiff<'_> {
    /// The path findings name: the new one, or the old one for a deletion.
    pub fn path(&self) -> &str {
        self.new_path.as_deref().or(self.old_path.as_deref()).unwrap_or("")
    }

    pub fn is_deleted(&self) -> bool {
        self.new_path.is_none() && self.old_path.is_some()
    }

    /// The added lines, each with its new-side line number.
    pub fn added(&self) -> impl Iterator<Item = (u32, &str)> {
        self.hunks.iter().flat_map(|hunk| &hunk.lines).filter_map(|line| match (line.kind, line.new_line) {
            (LineKind::Added, Some(number)) => Some((number, line.text)),
            _ => None,
        })
    }

    /// How many lines the change adds and removes.
    pub fn counts(&self) -> (usize, usize) {
        let lines = self.hunks.iter().flat_map(|hunk| &hunk.lines);
        lines.fold((0, 0), |(added, removed), line| match line.kind {
            LineKind::Added => (added + 1, removed),
            LineKind::Removed => (added, removed + 1),
            LineKind::Context => (added, removed),
        })
    }
}

impl<'a> Hunk<'a> {
    /// The lines as they read after the change (context and added), in order.
    pub fn new_side(&self) -> impl Iterator<Item = &Line<'a>> {
        self.lines.iter().filter(|line| line.kind != LineKind::Removed)
    }
}
