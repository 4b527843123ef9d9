//! Reading unified diffs: git's (`diff --git`, renames, copies, modes,
//! binary notes, quoted paths) and plain `diff -u` output.
//!
//! Hunks are read by their line counts, so a removed line that happens to
//! read `--- x` is not taken for a file header; a hunk that ends before its
//! counts say (a hand-edited or cut diff) ends at the first line that is not
//! a hunk line. Nothing here fails: text that is not a diff yields no files.

use std::borrow::Cow;

use super::{Diff, FileDiff, Hunk, Line, LineKind};

/// Parses `text` as a unified diff.
pub fn parse(text: &str) -> Diff<'_> {
    let mut parser = Parser::default();
    for line in text.split('\n') {
        parser.line(line.strip_suffix('\r').unwrap_or(line));
    }
    parser.finish()
}

#[derive(Default)]
struct Parser<'a> {
    files: Vec<FileDiff<'a>>,
    /// Whether the current file began with `diff --git` (paths carry `a/`, `b/`).
    git: bool,
    /// Whether the current file has had its `---` line.
    saw_old_header: bool,
    /// Lines the open hunk still expects on each side.
    hunk_left: Option<(u32, u32)>,
    /// The next new-side line number of the open hunk.
    next_new: u32,
}

impl<'a> Parser<'a> {
    fn line(&mut self, line: &'a str) {
        if self.hunk_line(line) {
            return;
        }
        if let Some(rest) = line.strip_prefix("diff --git ") {
            self.start_file(true);
            let (old, new) = git_header_paths(rest);
            let file = self.current();
            file.old_path = old;
            file.new_path = new;
        } else if let Some(rest) = line.strip_prefix("diff --cc ").or_else(|| line.strip_prefix("diff --combined ")) {
            // A merge's combined diff: its `@@@` hunks are not read, the file is still listed.
            self.start_file(false);
            let path = Some(unquote(rest));
            let file = self.current();
            (file.old_path, file.new_path) = (path.clone(), path);
        } else if let Some(rest) = line.strip_prefix("--- ") {
            let file_started = self.files.last().is_some_and(|f| f.hunks.is_empty() && !self.saw_old_header);
            if !file_started {
                self.start_file(false);
            }
            self.saw_old_header = true;
            self.current().old_path = header_path(rest);
        } else if let Some(rest) = line.strip_prefix("+++ ") {
            let git = self.git;
            let file = self.current();
            (file.old_path, file.new_path) = strip_prefixes(file.old_path.take(), header_path(rest), git);
        } else if line.starts_with("@@ ") {
            self.start_hunk(line);
        } else if let Some(rest) = line.strip_prefix("rename from ").or_else(|| line.strip_prefix("copy from ")) {
            self.current().old_path = Some(unquote(rest));
        } else if let Some(rest) = line.strip_prefix("rename to ").or_else(|| line.strip_prefix("copy to ")) {
            self.current().new_path = Some(unquote(rest));
        } else if line.starts_with("new file mode") {
            self.current().old_path = None;
        } else if line.starts_with("deleted file mode") {
            self.current().new_path = None;
        } else if let Some(rest) = line.strip_prefix("Binary files ") {
            self.binary_note(rest);
        } else if line == "GIT binary patch" {
            self.current().binary = true;
        }
        // Anything else (index, mode and similarity lines, stray text) says nothing we use.
    }

    /// Takes `line` as part of the open hunk, if there is one and it fits.
    fn hunk_line(&mut self, line: &'a str) -> bool {
        let Some((old_left, new_left)) = self.hunk_left else { return false };
        if line.starts_with('\\') {
            return true; // "\ No newline at end of file"
        }
        if old_left == 0 && new_left == 0 {
            self.hunk_left = None;
            return false;
        }
        let (kind, text) = match line.as_bytes().first() {
            // Some tools strip the lone space of an empty context line.
            None => (LineKind::Context, ""),
            Some(b' ') => (LineKind::Context, &line[1..]),
            Some(b'+') if new_left > 0 => (LineKind::Added, &line[1..]),
            Some(b'-') if old_left > 0 => (LineKind::Removed, &line[1..]),
            _ => {
                self.hunk_left = None;
                return false;
            }
        };
        let new_line = match kind {
            LineKind::Removed => None,
            _ => Some(self.next_new),
        };
        if new_line.is_some() {
            self.next_new = self.next_new.saturating_add(1);
        }
        let old_left = if kind == LineKind::Added { old_left } else { old_left.saturating_sub(1) };
        let new_left = if kind == LineKind::Removed { new_left } else { new_left.saturating_sub(1) };
        self.hunk_left = Some((old_left, new_left));
        if let Some(hunk) = self.current().hunks.last_mut() {
            hunk.lines.push(Line { kind, text, new_line });
        }
        true
    }

    fn start_hunk(&mut self, header: &str) {
        let Some(((_, old_len), (new_start, new_len))) = hunk_ranges(header) else { return };
        self.hunk_left = Some((old_len, new_len));
        // `+0,0` (nothing left on the new side) has no line 0 to number.
        self.next_new = new_start.max(1);
        self.current().hunks.push(Hunk { lines: Vec::new() });
    }

    fn start_file(&mut self, git: bool) {
        self.files.push(FileDiff::default());
        self.git = git;
        self.saw_old_header = false;
        self.hunk_left = None;
    }

    /// The file being read; hunks before any header belong to a nameless file.
    fn current(&mut self) -> &mut FileDiff<'a> {
        if self.files.is_empty() {
            self.start_file(false);
        }
        self.files.last_mut().expect("a file was just started")
    }

    /// `Binary files a/x and b/y differ`: marks the file binary, and names it
    /// when no header did.
    fn binary_note(&mut self, rest: &'a str) {
        let names = rest.strip_suffix(" differ").and_then(|names| names.split_once(" and "));
        let git = self.git;
        let file = self.current();
        file.binary = true;
        if let Some((old, new)) = names
            && file.old_path.is_none()
            && file.new_path.is_none()
        {
            (file.old_path, file.new_path) = strip_prefixes(header_path(old), header_path(new), git);
        }
    }

    fn finish(self) -> Diff<'a> {
        Diff { files: self.files }
    }
}

/// The path of a `---`/`+++` line or a binary note: `None` for
/// `/dev/null`, timestamps (after a tab) dropped.
fn header_path(text: &str) -> Option<Cow<'_, str>> {
    let text = text.split('\t').next().unwrap_or(text);
    (text != "/dev/null").then(|| unquote(text))
}

/// Removes the `a/` and `b/` prefixes git puts on paths: always after a
/// `diff --git` line, else when both named sides carry them (`diff -u`
/// output has none, and a real `b/` folder must survive).
fn strip_prefixes<'a>(
    old: Option<Cow<'a, str>>,
    new: Option<Cow<'a, str>>,
    git: bool,
) -> (Option<Cow<'a, str>>, Option<Cow<'a, str>>) {
    let prefixed = git
        || ((old.is_some() || new.is_some())
            && old.as_deref().is_none_or(|p| p.starts_with("a/"))
            && new.as_deref().is_none_or(|p| p.starts_with("b/")));
    if !prefixed {
        return (old, new);
    }
    (old.map(|p| strip_prefix(p, "a/")), new.map(|p| strip_prefix(p, "b/")))
}

/// `-a,b +c,d` of a hunk header; a missing count is 1.
fn hunk_ranges(header: &str) -> Option<((u32, u32), (u32, u32))> {
    let mut parts = header.strip_prefix("@@ ")?.split(' ');
    let old = range(parts.next()?.strip_prefix('-')?)?;
    let new = range(parts.next()?.strip_prefix('+')?)?;
    Some((old, new))
}

fn range(text: &str) -> Option<(u32, u32)> {
    match text.split_once(',') {
        Some((start, len)) => Some((start.parse().ok()?, len.parse().ok()?)),
        None => Some((text.parse().ok()?, 1)),
    }
}

/// The two paths of `diff --git a/x b/y`. Unquoted names may hold spaces, so
/// the split that gives equal names wins; renames also have their own lines.
fn git_header_paths(rest: &str) -> (Option<Cow<'_, str>>, Option<Cow<'_, str>>) {
    if rest.starts_with('"') {
        let end = closing_quote(rest).map_or(rest.len(), |i| i + 1);
        let (old, new) = rest.split_at(end);
        let new = new.trim_start();
        return (Some(strip_prefix(unquote(old), "a/")), Some(strip_prefix(unquote(new), "b/")));
    }
    let splits: Vec<usize> = rest.match_indices(" b/").map(|(i, _)| i).collect();
    let pick = splits.iter().find(|&&i| rest[..i].strip_prefix("a/") == Some(&rest[i + 3..])).or(splits.first());
    match pick {
        Some(&i) => (Some(strip_prefix(Cow::Borrowed(&rest[..i]), "a/")), Some(Cow::Borrowed(&rest[i + 3..]))),
        None => (None, None),
    }
}

fn strip_prefix<'a>(path: Cow<'a, str>, prefix: &str) -> Cow<'a, str> {
    match path {
        Cow::Borrowed(p) => Cow::Borrowed(p.strip_prefix(prefix).unwrap_or(p)),
        Cow::Owned(p) => Cow::Owned(p.strip_prefix(prefix).map(str::to_string).unwrap_or(p)),
    }
}

/// The index of the quote closing the C-style string that `text` opens.
fn closing_quote(text: &str) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in text.char_indices().skip(1) {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return Some(i),
            _ => {}
        }
    }
    None
}

/// A path as written in a header: git quotes names with unusual bytes in C
/// style (`"t\303\251st.txt"`); anything else is taken as is.
fn unquote(text: &str) -> Cow<'_, str> {
    let Some(inner) = text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) else {
        return Cow::Borrowed(text);
    };
    let mut bytes = Vec::with_capacity(inner.len());
    let mut chars = inner.bytes().peekable();
    while let Some(b) = chars.next() {
        if b != b'\\' {
            bytes.push(b);
            continue;
        }
        match chars.next() {
            Some(b'n') => bytes.push(b'\n'),
            Some(b't') => bytes.push(b'\t'),
            Some(b'r') => bytes.push(b'\r'),
            Some(b'a') => bytes.push(7),
            Some(b'b') => bytes.push(8),
            Some(b'f') => bytes.push(12),
            Some(b'v') => bytes.push(11),
            Some(d @ b'0'..=b'7') => {
                let mut value = u32::from(d - b'0');
                for _ in 0..2 {
                    match chars.peek() {
                        Some(&d @ b'0'..=b'7') => {
                            value = value * 8 + u32::from(d - b'0');
                            chars.next();
                        }
                        _ => break,
                    }
                }
                bytes.push(value as u8);
            }
            Some(other) => bytes.push(other),
            None => bytes.push(b'\\'),
        }
    }
    Cow::Owned(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths<'d>(diff: &'d Diff) -> Vec<(Option<&'d str>, Option<&'d str>)> {
        diff.files.iter().map(|f| (f.old_path.as_deref(), f.new_path.as_deref())).collect()
    }

    fn added<'f>(file: &'f FileDiff) -> Vec<(u32, &'f str)> {
        file.added().collect()
    }

    #[test]
    fn a_git_diff_with_an_edit_a_new_file_and_a_deletion() {
        let text = "\
diff --git a/src/lib.rs b/src/lib.rs
index 1111111..2222222 100644
--- a/src/lib.rs
+++ b/src/lib.rs
@@ -1,3 +1,4 @@ fn header()
 line one
-line two
+line 2
+line 2b
 line three
@@ -10 +11 @@
-old
+new
diff --git a/new.txt b/new.txt
new file mode 100644
index 0000000..3333333
--- /dev/null
+++ b/new.txt
@@ -0,0 +1,2 @@
+hello
+world
diff --git a/gone.txt b/gone.txt
deleted file mode 100644
--- a/gone.txt
+++ /dev/null
@@ -1 +0,0 @@
-bye
";
        let diff = parse(text);
        assert_eq!(
            paths(&diff),
            [(Some("src/lib.rs"), Some("src/lib.rs")), (None, Some("new.txt")), (Some("gone.txt"), None)]
        );
        assert_eq!(added(&diff.files[0]), [(2, "line 2"), (3, "line 2b"), (11, "new")]);
        assert_eq!(diff.files[0].counts(), (3, 2));
        assert_eq!(added(&diff.files[1]), [(1, "hello"), (2, "world")]);
        assert!(diff.files[2].is_deleted() && diff.files[2].path() == "gone.txt");
        assert_eq!(diff.files[2].counts(), (0, 1));
    }

    #[test]
    fn removed_lines_that_look_like_headers_stay_in_the_hunk() {
        let text = "--- a/x.md\n+++ b/x.md\n@@ -1,2 +1,2 @@\n--- a/old\n+++ b/new\n";
        let diff = parse(text);
        assert_eq!(diff.files.len(), 1);
        assert_eq!(added(&diff.files[0]), [(1, "++ b/new")]);
        assert_eq!(diff.files[0].counts(), (1, 1));
    }

    #[test]
    fn no_newline_markers_and_crlf_are_skipped() {
        let text = "--- a/f\r\n+++ b/f\r\n@@ -1 +1,2 @@\r\n-a\r\n\\ No newline at end of file\r\n+a\r\n+b\r\n\\ No newline at end of file\r\n";
        let diff = parse(text);
        assert_eq!(added(&diff.files[0]), [(1, "a"), (2, "b")]);
    }

    #[test]
    fn renames_copies_and_mode_changes_without_hunks() {
        let text = "\
diff --git a/old name.rs b/new name.rs
similarity index 100%
rename from old name.rs
rename to new name.rs
diff --git a/run.sh b/run.sh
old mode 100644
new mode 100755
diff --git a/a.rs b/b.rs
similarity index 90%
copy from a.rs
copy to b.rs
--- a/a.rs
+++ b/b.rs
@@ -1 +1 @@
-x
+y
";
        let diff = parse(text);
        assert_eq!(
            paths(&diff),
            [
                (Some("old name.rs"), Some("new name.rs")),
                (Some("run.sh"), Some("run.sh")),
                (Some("a.rs"), Some("b.rs"))
            ]
        );
        assert_eq!(added(&diff.files[2]), [(1, "y")]);
    }

    #[test]
    fn binary_files_are_noted() {
        let text = "\
diff --git a/logo.png b/logo.png
new file mode 100644
index 0000000..1234567
Binary files /dev/null and b/logo.png differ
diff --git a/blob.bin b/blob.bin
index 1..2 100644
GIT binary patch
literal 3
KcmZ?wWMBXQ05|{v
";
        let diff = parse(text);
        assert_eq!(paths(&diff), [(None, Some("logo.png")), (Some("blob.bin"), Some("blob.bin"))]);
        assert!(diff.files.iter().all(|f| f.binary && f.hunks.is_empty()));
        // A note without a `diff --git` line before it.
        let bare = parse("Binary files a/x.bin and b/x.bin differ\n");
        assert_eq!(paths(&bare), [(Some("x.bin"), Some("x.bin"))]);
    }

    #[test]
    fn quoted_paths_are_decoded() {
        let text = "diff --git \"a/t\\303\\251st.txt\" \"b/t\\303\\251st.txt\"\n--- \"a/t\\303\\251st.txt\"\n+++ \"b/t\\303\\251st.txt\"\n@@ -0,0 +1 @@\n+x\n";
        let diff = parse(text);
        assert_eq!(paths(&diff), [(Some("tést.txt"), Some("tést.txt"))]);
        assert_eq!(unquote("\"a\\tb\\\"c\\\\\""), "a\tb\"c\\");
    }

    #[test]
    fn plain_diff_u_output_with_timestamps() {
        let text = "--- lib.c\t2024-01-01 10:00:00\n+++ lib.c\t2024-01-02 10:00:00\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n--- b/other.c\n+++ b/other.c\n@@ -5 +5 @@\n-x\n+y\n";
        let diff = parse(text);
        assert_eq!(paths(&diff), [(Some("lib.c"), Some("lib.c")), (Some("b/other.c"), Some("b/other.c"))]);
        assert_eq!(added(&diff.files[1]), [(5, "y")]);
    }

    #[test]
    fn a_hunk_cut_short_ends_at_the_next_header() {
        let text = "--- a/x\n+++ b/x\n@@ -1,10 +1,10 @@\n+only one\ndiff --git a/y b/y\n--- a/y\n+++ b/y\n@@ -1 +1 @@\n-p\n+q\n";
        let diff = parse(text);
        assert_eq!(diff.files.len(), 2);
        assert_eq!(added(&diff.files[0]), [(1, "only one")]);
        assert_eq!(added(&diff.files[1]), [(1, "q")]);
    }

    #[test]
    fn an_empty_context_line_counts_as_context() {
        let diff = parse("--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n a\n\n-b\n+c\n");
        assert_eq!(added(&diff.files[0]), [(3, "c")]);
    }

    #[test]
    fn text_that_is_not_a_diff_has_no_files() {
        for text in ["", "hello\nworld\n", "@@ nonsense @@\n+x\n", "\0\u{1}\u{2}"] {
            assert!(parse(text).files.iter().all(|f| f.hunks.is_empty()), "{text:?}");
        }
    }
}
