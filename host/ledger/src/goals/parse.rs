//! `GOALS.md` to [`Goal`]s (format in docs/goals.md).
//!
//! Every level-2 heading starts a goal, which runs to the next level-1 or
//! level-2 heading; text outside goals (a `# Goals` title, an introduction)
//! is not read. The first block under the heading must be the field list,
//! one `key: value` per item; the rest of the section is the description.
//! Field values are taken from the source text, not the rendered markdown,
//! so a gate reads exactly as written (`*`, `_` and `\` included).

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use super::value::{self, Bad};
use super::{DEFAULT_TIMEOUT, Goal};
use crate::error::FileError;

/// The fields a goal may set.
const FIELDS: &str = "gate, weight, timeout, paths, id";
const DEFAULT_WEIGHT: u32 = 1;

/// Parses the goals file at `path` (named in errors) with content `text`.
pub fn parse(path: &Path, text: &str) -> Result<Vec<Goal>, FileError> {
    let lines = Lines::new(text);
    let mut goals: Vec<Goal> = Vec::new();
    for section in sections(text) {
        let goal = goal(path, text, &lines, &section)?;
        if let Some(first) = goals.iter().find(|g| g.id == goal.id) {
            return Err(FileError::new(
                path,
                Some(goal.line),
                format!("goal id `{}` is already taken by the goal at line {}", goal.id, first.line),
                "give each goal its own title, or set `- id: NAME` on one of them",
            ));
        }
        goals.push(goal);
    }
    if goals.is_empty() {
        return Err(FileError::new(
            path,
            None,
            "no goals: no `## Title` heading",
            "write one `## Title` section per goal with `- gate: COMMAND` under it (docs/goals.md)",
        ));
    }
    Ok(goals)
}

/// A goal's section of the file.
struct Section {
    title: String,
    heading: Range<usize>,
    /// The first top-level block after the heading.
    first: Option<Block>,
    /// Where the next level-1 or level-2 heading (or the file) starts.
    end: usize,
}

struct Block {
    range: Range<usize>,
    /// The ranges of its items when the block is a list.
    items: Option<Vec<Range<usize>>>,
}

/// Splits `text` into goal sections, recording only what [`goal`] reads.
fn sections(text: &str) -> Vec<Section> {
    let mut sections = Vec::new();
    let mut open: Option<Section> = None;
    // The level-1 or level-2 heading being read, with its text so far.
    let mut heading: Option<(HeadingLevel, Range<usize>, String)> = None;
    let mut depth = 0usize;
    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    if let Tag::Heading { level: level @ (HeadingLevel::H1 | HeadingLevel::H2), .. } = tag {
                        if let Some(mut section) = open.take() {
                            section.end = range.start;
                            sections.push(section);
                        }
                        heading = Some((level, range, String::new()));
                    } else if let Some(section) = open.as_mut().filter(|s| s.first.is_none()) {
                        let items = matches!(tag, Tag::List(_)).then(Vec::new);
                        section.first = Some(Block { range, items });
                    }
                } else if depth == 1 && matches!(tag, Tag::Item) {
                    // Only the items of the first block: later lists belong to the description.
                    let first = open.as_mut().and_then(|s| s.first.as_mut());
                    if let Some(Block { range: list, items: Some(items) }) = first
                        && range.start < list.end
                    {
                        items.push(range);
                    }
                }
                depth += 1;
            }
            Event::End(end) => {
                depth = depth.saturating_sub(1);
                if depth == 0
                    && matches!(end, TagEnd::Heading(_))
                    && let Some((HeadingLevel::H2, heading, title)) = heading.take()
                {
                    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
                    open = Some(Section { title, heading, first: None, end: text.len() });
                }
            }
            Event::Text(t) | Event::InlineHtml(t) if heading.is_some() => push(&mut heading, &t),
            Event::Code(t) if heading.is_some() => push(&mut heading, &format!("`{t}`")),
            Event::SoftBreak | Event::HardBreak if heading.is_some() => push(&mut heading, " "),
            Event::Rule if depth == 0 => {
                if let Some(section) = open.as_mut().filter(|s| s.first.is_none()) {
                    section.first = Some(Block { range, items: None });
                }
            }
            _ => {}
        }
    }
    sections.extend(open);
    sections
}

fn push(heading: &mut Option<(HeadingLevel, Range<usize>, String)>, text: &str) {
    if let Some((_, _, title)) = heading {
        title.push_str(text);
    }
}

/// The goal of one section, its fields checked.
fn goal(path: &Path, text: &str, lines: &Lines, section: &Section) -> Result<Goal, FileError> {
    let line = lines.line(section.heading.start);
    let at = |offset: usize, (message, hint): Bad| FileError::new(path, Some(lines.line(offset)), message, hint);
    if section.title.is_empty() {
        return Err(at(section.heading.start, ("a goal heading has no title".into(), "write `## Title`".into())));
    }
    let Some(Block { range: list, items: Some(items) }) = &section.first else {
        return Err(at(
            section.heading.start,
            (
                format!("goal `{}` has no field list", section.title),
                "put `- gate: COMMAND` right under the heading, before any other text".into(),
            ),
        ));
    };
    let mut fields = Fields::default();
    for item in items {
        fields.read(strip_marker(&text[item.clone()])).map_err(|bad| at(item.start, bad))?;
    }
    let Some(gate) = fields.gate else {
        return Err(at(
            section.heading.start,
            (
                format!("goal `{}` has no gate", section.title),
                "add `- gate: COMMAND`: a shell command that exits 0 when the goal is met".into(),
            ),
        ));
    };
    let id = match fields.id {
        Some(id) => id,
        None => match value::slug(&section.title) {
            slug if slug.is_empty() => {
                return Err(at(
                    section.heading.start,
                    (
                        format!("the title `{}` gives an empty id", section.title),
                        "use letters or digits in the title, or set `- id: NAME`".into(),
                    ),
                ));
            }
            slug => slug,
        },
    };
    Ok(Goal {
        id,
        title: section.title.clone(),
        line,
        gate,
        weight: fields.weight.unwrap_or(DEFAULT_WEIGHT),
        timeout: fields.timeout.unwrap_or(DEFAULT_TIMEOUT),
        paths: fields.paths.unwrap_or_default(),
        description: text[list.end..section.end].trim().to_string(),
    })
}

/// The fields read so far.
#[derive(Default)]
struct Fields {
    gate: Option<String>,
    weight: Option<u32>,
    timeout: Option<std::time::Duration>,
    paths: Option<Vec<String>>,
    id: Option<String>,
}

impl Fields {
    /// Reads one item of the field list, its marker stripped.
    fn read(&mut self, item: &str) -> Result<(), Bad> {
        if item.contains('\n') {
            return Err((
                "a field spans several lines".into(),
                "keep each field on one line, and leave a blank line between the field list and the description".into(),
            ));
        }
        let Some((key, raw)) = item.split_once(':') else {
            return Err((format!("`{item}` is not a field"), format!("write `- key: value`; the fields are {FIELDS}")));
        };
        let key = key.trim().to_ascii_lowercase();
        let raw = value::unquote(raw.trim())?;
        let twice = || (format!("`{key}` is given twice"), "keep one of them".to_string());
        match key.as_str() {
            "gate" if self.gate.is_some() => return Err(twice()),
            "gate" if raw.trim().is_empty() => {
                return Err(("the gate is empty".into(), "write the shell command that checks the goal".into()));
            }
            "gate" => self.gate = Some(raw.trim().to_string()),
            "weight" if self.weight.is_some() => return Err(twice()),
            "weight" => self.weight = Some(value::weight(raw)?),
            "timeout" if self.timeout.is_some() => return Err(twice()),
            "timeout" => self.timeout = Some(value::timeout(raw)?),
            "paths" if self.paths.is_some() => return Err(twice()),
            "paths" => self.paths = Some(value::paths(raw)?),
            "id" if self.id.is_some() => return Err(twice()),
            "id" => self.id = Some(value::id(raw)?),
            _ => return Err((format!("unknown field `{key}`"), format!("the fields are {FIELDS}"))),
        }
        Ok(())
    }
}

/// A list item's source without its marker (`-`, `*`, `+`, `1.` or `1)`).
fn strip_marker(item: &str) -> &str {
    let item = item.trim_start();
    let rest = match item.strip_prefix(['-', '*', '+']) {
        Some(rest) => rest,
        None => {
            let digits = item.bytes().take_while(u8::is_ascii_digit).count();
            item[digits..].strip_prefix(['.', ')']).unwrap_or(item)
        }
    };
    rest.trim()
}

/// Byte offsets to 1-based line numbers.
struct Lines(Vec<usize>);

impl Lines {
    fn new(text: &str) -> Self {
        Lines(std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect())
    }

    fn line(&self, offset: usize) -> usize {
        self.0.partition_point(|&start| start <= offset)
    }
}
