//! Selecting items for `list`: by kind, status, tag and path.

use crate::item::{Item, Kind, Status};

/// Conditions an item must all meet; an empty filter selects everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub kind: Option<Kind>,
    pub status: Option<Status>,
    /// Exact tag, case-insensitive.
    pub tag: Option<String>,
    /// A project-relative file path one of the item's `paths` globs must match.
    pub path: Option<String>,
}

impl Filter {
    pub fn matches(&self, item: &Item) -> bool {
        self.kind.is_none_or(|k| item.kind == k)
            && self.status.is_none_or(|s| item.status == s)
            && self.tag.as_ref().is_none_or(|t| item.tags.iter().any(|it| it.eq_ignore_ascii_case(t)))
            && self.path.as_ref().is_none_or(|p| item.paths.iter().any(|glob| path_matches(glob, p)))
    }
}

/// Whether a project-relative `path` falls under an item's `glob` (`*` within
/// a folder, `**` across folders). A glob that does not parse matches nothing.
pub(crate) fn path_matches(glob: &str, path: &str) -> bool {
    globset::GlobBuilder::new(glob).literal_separator(true).build().is_ok_and(|g| g.compile_matcher().is_match(path))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontmatter::parse;

    #[test]
    fn every_condition_must_hold() {
        let text = "---\nid: L-1\nkind: learning\ntitle: t\ncreated: 2026-01-01T00:00:00Z\n\
            tags: [Build]\npaths: ['host/**/*.rs']\n---\n";
        let item = parse(std::path::Path::new("L-1.md"), text.as_bytes()).unwrap();
        assert!(Filter::default().matches(&item));
        assert!(Filter { kind: Some(Kind::Learning), tag: Some("build".into()), ..Filter::default() }.matches(&item));
        assert!(Filter { path: Some("host/ledger/src/lib.rs".into()), ..Filter::default() }.matches(&item));
        assert!(!Filter { path: Some("docs/ledger.md".into()), ..Filter::default() }.matches(&item));
        assert!(!Filter { status: Some(Status::Retired), ..Filter::default() }.matches(&item));
        assert!(!Filter { kind: Some(Kind::Rule), ..Filter::default() }.matches(&item));
    }
}
