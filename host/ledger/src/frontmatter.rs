//! Reading and writing an item file: `---`, YAML frontmatter, `---`, markdown.
//!
//! Parsing goes through a YAML value first, so a wrong type or a missing key is
//! reported with the line of the key rather than a serde path, and keys this
//! version does not know are kept in file order for the rewrite. Writing emits
//! the known keys in a fixed order, then the unknown ones, then the body
//! untouched: the body is never re-rendered from a markdown parse.

use std::path::Path;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_norway::{Mapping, Value};

use crate::error::FileError;
use crate::ids::is_valid_id;
use crate::item::{Citations, DEFAULT_UTILITY, Item, Kind, Scores, Source, Status, Tier};
use crate::time::Timestamp;
use agentops_manifest::lines::{line_of_key, line_of_offset};

/// The keys this version reads, in the order it writes them.
const KNOWN_KEYS: [&str; 18] = [
    "id",
    "kind",
    "title",
    "category",
    "tags",
    "paths",
    "created",
    "updated",
    "last_applied",
    "source",
    "scores",
    "quality",
    "tier",
    "utility",
    "citations",
    "status",
    "supersedes",
    "superseded_by",
];

/// The category of an item that names none.
pub const DEFAULT_CATEGORY: &str = "general";

/// The frontmatter starts on line 2, after the opening `---`.
const YAML_FIRST_LINE: usize = 2;

/// Parses the bytes of the item file at `path`.
///
/// The file name must be `<id>.md`, and when the file sits in a kind folder
/// (`learnings/`, ...) its `kind` must match that folder.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Item, FileError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        FileError::new(
            path,
            Some(line_of_offset(bytes, e.valid_up_to())),
            format!("the file is not valid UTF-8 (byte {})", e.valid_up_to()),
            "save the file as UTF-8",
        )
    })?;
    let (yaml, body) = split(path, text)?;
    let map = match serde_norway::from_str::<Value>(yaml) {
        Ok(Value::Mapping(map)) => map,
        Ok(Value::Null) => Mapping::new(),
        Ok(_) => {
            return Err(FileError::new(
                path,
                Some(YAML_FIRST_LINE),
                "the frontmatter is not a set of `key: value` lines",
                "write `id: ...`, `kind: ...`, `title: ...`, `created: ...` between the `---` lines",
            ));
        }
        Err(e) => {
            return Err(FileError::new(
                path,
                // From the byte offset, counting `\n` only: YAML also breaks
                // lines at a lone `\r`, which no editor shows as a line.
                e.location().map(|l| line_of_offset(yaml.as_bytes(), l.index()) + YAML_FIRST_LINE - 1),
                format!("the frontmatter is not valid YAML: {}", to_file_lines(&e.to_string())),
                "quote values that contain `: ` or start with a special character",
            ));
        }
    };
    let mut fields = Fields::new(path, yaml, map);

    let id: String = fields.required("id", "a string like `L-20261125-3fa2b1c9`")?;
    if !is_valid_id(&id) {
        return Err(fields.error("id", format!("`{id}` is not a valid id"), "use letters, digits, `-`, `_` and `.`"));
    }
    if path.file_stem().and_then(|s| s.to_str()) != Some(id.as_str()) {
        return Err(fields.error(
            "id",
            format!("the id `{id}` differs from the file name"),
            format!("rename the file to `{id}.md` or fix the id"),
        ));
    }
    let kind: Kind = fields.required("kind", "one of learning, pattern, rule, finding, handoff")?;
    let folder = path.parent().and_then(Path::file_name).and_then(|f| f.to_str());
    let kind_folder = folder.filter(|f| Kind::ALL.iter().any(|k| k.folder() == *f));
    if let Some(folder) = kind_folder.filter(|f| *f != kind.folder()) {
        return Err(fields.error(
            "kind",
            format!("a {} lives in `{}/`, not `{folder}/`", kind.name(), kind.folder()),
            format!("move the file to `{}/` or fix the kind", kind.folder()),
        ));
    }
    let title: String = fields.required("title", "a one-line summary")?;
    if title.trim().is_empty() {
        return Err(fields.error("title", "the title is empty", "write a one-line summary"));
    }
    let created = fields.required_time("created")?;
    let updated = fields.optional_time("updated")?.unwrap_or(created);
    let last_applied = fields.optional_time("last_applied")?;
    let scores: Option<Scores> = fields.optional("scores", "a map of five numbers between 0 and 1")?;
    if let Some(scores) = &scores {
        for (axis, value) in scores.axes() {
            fields.check_unit(&format!("scores.{axis}"), "scores", value)?;
        }
    }
    let quality: Option<f64> = fields.optional("quality", "a number between 0 and 1")?;
    if let Some(q) = quality {
        fields.check_unit("quality", "quality", q)?;
    }
    let utility = fields.optional("utility", "a number between 0 and 1")?.unwrap_or(DEFAULT_UTILITY);
    fields.check_unit("utility", "utility", utility)?;

    let item = Item {
        id,
        kind,
        title,
        category: fields.optional("category", "a string")?.unwrap_or_else(|| DEFAULT_CATEGORY.to_string()),
        tags: fields.optional("tags", "a list of strings")?.unwrap_or_default(),
        paths: fields.optional("paths", "a list of glob strings")?.unwrap_or_default(),
        created,
        updated,
        last_applied,
        source: fields
            .optional::<Source>("source", "a map of session, transcript, commit, author")?
            .unwrap_or_default(),
        scores,
        quality,
        tier: fields.optional::<Tier>("tier", "one of gold, silver, bronze, discard")?,
        utility,
        citations: fields
            .optional::<Citations>("citations", "a map of retrieved, applied, helpful, harmful counts")?
            .unwrap_or_default(),
        status: fields.optional::<Status>("status", "one of active, superseded, retired")?.unwrap_or_default(),
        supersedes: fields.optional("supersedes", "a list of ids")?.unwrap_or_default(),
        superseded_by: fields.optional("superseded_by", "an id")?,
        extra: fields.extra,
        body: body.to_string(),
    };
    Ok(item)
}

/// The text of the item file: known keys in a fixed order, then unknown keys in
/// their original order, then the body unchanged.
pub fn render(path: &Path, item: &Item) -> Result<String, FileError> {
    let doc = Document {
        id: &item.id,
        kind: item.kind,
        title: &item.title,
        category: &item.category,
        tags: &item.tags,
        paths: &item.paths,
        created: item.created.to_string(),
        updated: item.updated.to_string(),
        last_applied: item.last_applied.map(|t| t.to_string()),
        source: (!item.source.is_empty()).then_some(&item.source),
        scores: item.scores.as_ref(),
        quality: item.quality,
        tier: item.tier,
        utility: item.utility,
        citations: &item.citations,
        status: item.status,
        supersedes: &item.supersedes,
        superseded_by: item.superseded_by.as_deref(),
        extra: &item.extra,
    };
    let yaml = serde_norway::to_string(&doc).map_err(|e| {
        FileError::new(path, None, format!("cannot write the frontmatter: {e}"), "check the item's extra keys")
    })?;
    Ok(format!("---\n{yaml}---\n{}", item.body))
}

/// The frontmatter as written; field order is file order.
#[derive(Serialize)]
struct Document<'a> {
    id: &'a str,
    kind: Kind,
    title: &'a str,
    category: &'a str,
    tags: &'a [String],
    paths: &'a [String],
    created: String,
    updated: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_applied: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a Source>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scores: Option<&'a Scores>,
    #[serde(skip_serializing_if = "Option::is_none")]
    quality: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tier: Option<Tier>,
    utility: f64,
    citations: &'a Citations,
    status: Status,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    supersedes: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    superseded_by: Option<&'a str>,
    #[serde(flatten)]
    extra: &'a Mapping,
}

/// Rewrites the parser's "line N" (counted from the frontmatter's first line)
/// as lines of the file, so the message agrees with the `path:line` prefix.
fn to_file_lines(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find("line ") {
        let (before, after) = rest.split_at(at + "line ".len());
        out.push_str(before);
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let word_start = !rest[..at].ends_with(char::is_alphanumeric);
        match after[..digits].parse::<usize>() {
            Ok(n) if word_start => out.push_str(&(n + YAML_FIRST_LINE - 1).to_string()),
            _ => out.push_str(&after[..digits]),
        }
        rest = &after[digits..];
    }
    out.push_str(rest);
    out
}

/// Splits `---\n<yaml>\n---\n<body>`; accepts a BOM and CRLF line ends.
fn split<'a>(path: &Path, text: &'a str) -> Result<(&'a str, &'a str), FileError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text.strip_prefix("---\n").or_else(|| text.strip_prefix("---\r\n")).ok_or_else(|| {
        FileError::new(
            path,
            Some(1),
            "an item file must start with YAML frontmatter between `---` lines",
            "begin the file with a line `---`, the frontmatter keys, and another `---`",
        )
    })?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Ok((&rest[..offset], &rest[offset + line.len()..]));
        }
        offset += line.len();
    }
    Err(FileError::new(path, Some(1), "the frontmatter is never closed", "add a line `---` after the last key"))
}

/// The frontmatter keys of one file, taken one by one; what is left at the
/// end is `extra`.
struct Fields<'a> {
    path: &'a Path,
    yaml: &'a str,
    known: Mapping,
    extra: Mapping,
}

impl<'a> Fields<'a> {
    fn new(path: &'a Path, yaml: &'a str, map: Mapping) -> Self {
        let (mut known, mut extra) = (Mapping::new(), Mapping::new());
        for (key, value) in map {
            let is_known = key.as_str().is_some_and(|k| KNOWN_KEYS.contains(&k));
            if is_known {
                known.insert(key, value)
            } else {
                extra.insert(key, value)
            };
        }
        Fields { path, yaml, known, extra }
    }

    /// An error on the line of `key` (the frontmatter's first line when the
    /// key is absent).
    fn error(&self, key: &str, message: impl Into<String>, hint: impl Into<String>) -> FileError {
        let line = line_of_key(self.yaml, key, YAML_FIRST_LINE).unwrap_or(YAML_FIRST_LINE);
        FileError::new(self.path, Some(line), message, hint)
    }

    fn optional<T: DeserializeOwned>(&mut self, key: &str, expected: &str) -> Result<Option<T>, FileError> {
        match self.known.remove(key) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => serde_norway::from_value(value).map(Some).map_err(|e| {
                self.error(key, format!("`{key}` must be {expected}: {e}"), format!("write `{key}:` as {expected}"))
            }),
        }
    }

    fn required<T: DeserializeOwned>(&mut self, key: &str, expected: &str) -> Result<T, FileError> {
        self.optional(key, expected)?.ok_or_else(|| {
            FileError::new(
                self.path,
                Some(1),
                format!("the frontmatter has no `{key}`"),
                format!("add `{key}:` with {expected}"),
            )
        })
    }

    fn optional_time(&mut self, key: &str) -> Result<Option<Timestamp>, FileError> {
        const EXPECTED: &str = "an RFC 3339 timestamp like `2026-11-25T09:30:00Z`";
        let Some(text) = self.optional::<String>(key, EXPECTED)? else { return Ok(None) };
        Timestamp::parse(&text).map(Some).ok_or_else(|| {
            self.error(key, format!("`{key}: {text}` is not {EXPECTED}"), format!("write `{key}:` as {EXPECTED}"))
        })
    }

    fn required_time(&mut self, key: &str) -> Result<Timestamp, FileError> {
        self.optional_time(key)?.ok_or_else(|| {
            FileError::new(
                self.path,
                Some(1),
                format!("the frontmatter has no `{key}`"),
                format!("add `{key}:` as an RFC 3339 timestamp like `2026-11-25T09:30:00Z`"),
            )
        })
    }

    /// Checks that `value` (named `name`, under top-level `key`) is in [0, 1].
    fn check_unit(&self, name: &str, key: &str, value: f64) -> Result<(), FileError> {
        if (0.0..=1.0).contains(&value) {
            Ok(())
        } else {
            Err(self.error(
                key,
                format!("`{name}` is {value}; it must be between 0 and 1"),
                "write a number between 0 and 1",
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "---\nid: L-20261125-3fa2b1c9\nkind: learning\ntitle: Use nextest\n\
        created: 2026-11-25T09:30:00Z\nreviewer: alice\n---\n\nRun `cargo nextest run`.\n";

    fn path() -> &'static Path {
        Path::new(".agents/learnings/L-20261125-3fa2b1c9.md")
    }

    #[test]
    fn a_lone_carriage_return_is_not_a_line_of_the_error() {
        let err = parse(path(), b"---\nid: x\n[A\r\rA\n---\nbody\n").unwrap_err();
        assert!(err.line.is_some_and(|l| l <= 4), "{err}");
    }

    #[test]
    fn parses_a_minimal_file_with_defaults() {
        let item = parse(path(), GOOD.as_bytes()).unwrap();
        assert_eq!(item.id, "L-20261125-3fa2b1c9");
        assert_eq!(item.kind, Kind::Learning);
        assert_eq!(item.category, DEFAULT_CATEGORY);
        assert_eq!(item.updated, item.created);
        assert_eq!(item.status, Status::Active);
        assert_eq!(item.utility, DEFAULT_UTILITY);
        assert_eq!(item.body, "\nRun `cargo nextest run`.\n");
        assert_eq!(item.extra.get("reviewer").and_then(Value::as_str), Some("alice"));
    }

    #[test]
    fn render_then_parse_is_identity() {
        let mut item = parse(path(), GOOD.as_bytes()).unwrap();
        item.scores =
            Some(Scores { specificity: 0.5, actionability: 1.0, novelty: 0.25, context: 0.0, confidence: 0.7 });
        item.tier = Some(Tier::Silver);
        item.quality = Some(0.6);
        item.supersedes = vec!["L-1".into()];
        item.source.commit = Some("abc".into());
        item.last_applied = Some(item.created);
        let text = render(path(), &item).unwrap();
        assert_eq!(parse(path(), text.as_bytes()).unwrap(), item);
        assert!(text.ends_with("reviewer: alice\n---\n\nRun `cargo nextest run`.\n"), "{text}");
        assert_eq!(render(path(), &parse(path(), text.as_bytes()).unwrap()).unwrap(), text);
    }

    #[test]
    fn reports_the_line_of_each_problem() {
        let head = "---\nid: L-20261125-3fa2b1c9\nkind: learning\ntitle: t\n";
        let cases: Vec<(&str, String, usize, &str)> = vec![
            ("no frontmatter", "# x".into(), 1, "must start with"),
            ("unclosed", "---\nid: x\n".into(), 1, "never closed"),
            ("bad yaml", format!("{head}tags: [a\n---\n"), 6, "not valid YAML"),
            ("not a map", "---\n- a\n---\n".into(), 2, "not a set"),
            ("missing id", "---\nkind: learning\n---\n".into(), 1, "no `id`"),
            ("missing created", format!("{head}---\n"), 1, "no `created`"),
            ("wrong type", format!("{head}created: 2026-11-25T09:30:00Z\ntags: 5\n---\n"), 6, "`tags` must be"),
            ("bad time", format!("{head}created: yesterday\n---\n"), 5, "not an RFC 3339"),
            ("bad kind", "---\nid: L-20261125-3fa2b1c9\nkind: memo\n---\n".into(), 3, "unknown variant"),
            ("wrong folder", "---\nid: L-20261125-3fa2b1c9\nkind: rule\n---\n".into(), 3, "lives in `rules/`"),
            ("id mismatch", "---\nid: L-2\n---\n".into(), 2, "differs from the file name"),
            ("out of range", format!("{head}created: 2026-11-25T09:30:00Z\nutility: 2\n---\n"), 6, "between 0 and 1"),
            (
                "unknown score",
                format!("{head}created: 2026-11-25T09:30:00Z\nscores: {{x: 1}}\n---\n"),
                6,
                "unknown field",
            ),
        ];
        for (case, text, line, needle) in cases {
            let err = parse(path(), text.as_bytes()).expect_err(case);
            assert_eq!(err.line, Some(line), "{case}: {err}");
            assert!(err.to_string().contains(needle), "{case}: {err}");
            assert!(err.to_string().starts_with(".agents/learnings/L-20261125-3fa2b1c9.md:"), "{case}: {err}");
        }
    }

    #[test]
    fn yaml_messages_count_lines_of_the_file() {
        assert_eq!(
            to_file_lines("x at line 4 column 1, y at line 3 column 8"),
            "x at line 5 column 1, y at line 4 column 8"
        );
        assert_eq!(to_file_lines("no number: line x, inline 7"), "no number: line x, inline 7");
    }

    #[test]
    fn reports_non_utf8_with_its_line() {
        let mut bytes = GOOD.as_bytes().to_vec();
        bytes.extend_from_slice(b"more\n\xff\n");
        let err = parse(path(), &bytes).unwrap_err();
        assert_eq!(err.line, Some(11), "{err}");
        assert!(err.message.contains("UTF-8"));
    }

    #[test]
    fn accepts_crlf_and_bom() {
        let text = format!("\u{feff}{}", GOOD.replace('\n', "\r\n"));
        let item = parse(path(), text.as_bytes()).unwrap();
        assert_eq!(item.title, "Use nextest");
    }
}
