//! Reading a markdown plan with pulldown-cmark into its parts.
//!
//! A heading that names a part opens a section; a level-1 heading that names
//! none is the title; a deeper heading inside a section is one of its units
//! (a step or a risk written as a sub-heading), and what follows it is that
//! unit's content. A paragraph such as `**Rollback:** revert the deploy`
//! opens a section of its own. Content under headings that name nothing is
//! kept only as prose. Code blocks are neither content nor prose.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::lines::Lines;
use super::{Item, Plan, Section};
use crate::sections::{self, SectionKind};

/// Level given to a section opened by a `Label:` paragraph: deeper than any
/// heading, so the next heading closes it.
const LABEL_LEVEL: u8 = 7;

/// Column headers of a risk table that hold the mitigation.
const MITIGATION_COLUMNS: &[&str] = &["mitigat", "response", "fallback", "contingency", "plan b", "prevention"];

pub fn parse(text: &str) -> Plan {
    let lines = Lines::new(text);
    let mut builder = Builder::default();
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        builder.event(event, lines.line_of(range.start));
    }
    builder.plan
}

#[derive(Default)]
struct Table {
    in_head: bool,
    head: Vec<String>,
    row: Vec<String>,
    row_line: u32,
    cell: String,
}

#[derive(Default)]
struct Builder {
    plan: Plan,
    /// The open section, when its heading named a part.
    current: Option<usize>,
    current_level: u8,
    /// The open sub-headed unit of the current section.
    sub_item: Option<usize>,
    /// The open heading: level, line, text.
    heading: Option<(u8, u32, String)>,
    /// Open lists, by whether they are numbered.
    lists: Vec<bool>,
    /// The open top-level item of the current section.
    item: Option<usize>,
    /// The open paragraph outside lists and tables: line, text.
    paragraph: Option<(u32, String)>,
    table: Option<Table>,
    code: bool,
}

impl Builder {
    fn event(&mut self, event: Event, line: u32) {
        match event {
            Event::Start(tag) => self.start(tag, line),
            Event::End(tag) => self.end(tag),
            Event::Text(text) if !self.code => {
                self.prose(line, &text);
                self.text(&text);
            }
            Event::Code(text) => self.text(&text),
            Event::SoftBreak | Event::HardBreak => self.text(" "),
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag, line: u32) {
        match tag {
            Tag::Heading { level, .. } => self.heading = Some((heading_level(level), line, String::new())),
            Tag::Paragraph if self.lists.is_empty() && self.table.is_none() => {
                self.paragraph = Some((line, String::new()));
            }
            Tag::List(start) => self.lists.push(start.is_some()),
            Tag::Item => self.start_item(line),
            Tag::Table(_) => self.table = Some(Table::default()),
            Tag::TableHead => self.with_table(|table| table.in_head = true),
            Tag::TableRow => self.with_table(|table| (table.row, table.row_line) = (Vec::new(), line)),
            Tag::TableCell => self.with_table(|table| table.cell.clear()),
            Tag::CodeBlock(_) => self.code = true,
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) => self.end_heading(),
            TagEnd::Paragraph => self.end_paragraph(),
            TagEnd::List(_) => {
                self.lists.pop();
            }
            TagEnd::Item if self.lists.len() == 1 => self.item = None,
            TagEnd::Item => self.text(" "),
            TagEnd::TableCell => self.with_table(|table| {
                let cell = std::mem::take(&mut table.cell).trim().to_string();
                if table.in_head { table.head.push(cell) } else { table.row.push(cell) }
            }),
            TagEnd::TableHead => self.with_table(|table| table.in_head = false),
            TagEnd::TableRow => self.end_row(),
            TagEnd::Table => self.table = None,
            TagEnd::CodeBlock => self.code = false,
            _ => {}
        }
    }

    fn with_table(&mut self, f: impl FnOnce(&mut Table)) {
        if let Some(table) = &mut self.table {
            f(table);
        }
    }

    fn section(&mut self) -> Option<&mut Section> {
        self.current.map(|index| &mut self.plan.sections[index])
    }

    fn start_item(&mut self, line: u32) {
        let top_level = self.lists.len() == 1 && self.sub_item.is_none();
        let ordered = self.lists.first().copied().unwrap_or(false);
        if top_level && let Some(section) = self.section() {
            section.items.push(Item { line, ordered, ..Item::default() });
            self.item = Some(section.items.len() - 1);
        }
    }

    /// Routes content text to whatever is open.
    fn text(&mut self, text: &str) {
        if let Some((_, _, heading)) = &mut self.heading {
            heading.push_str(text);
        } else if let Some(table) = &mut self.table {
            table.cell.push_str(text);
        } else if let Some((_, paragraph)) = &mut self.paragraph {
            paragraph.push_str(text);
        } else if !self.lists.is_empty() {
            let top_level = self.lists.len() == 1;
            let (item, sub_item) = (self.item, self.sub_item);
            let Some(section) = self.section() else { return };
            match (item, sub_item) {
                (Some(index), _) if top_level => section.items[index].text.push_str(text),
                (Some(index), _) | (None, Some(index)) => section.items[index].nested.push_str(text),
                (None, None) => {}
            }
        }
    }

    /// Keeps the prose of each line for the wording checks.
    fn prose(&mut self, line: u32, text: &str) {
        match self.plan.prose.last_mut() {
            Some((last, prose)) if *last == line => prose.push_str(text),
            _ => self.plan.prose.push((line, text.to_string())),
        }
    }

    fn end_heading(&mut self) {
        let Some((level, line, text)) = self.heading.take() else { return };
        let text = text.trim().to_string();
        let kinds = sections::recognize(&text);
        if !kinds.is_empty() {
            self.open_section(kinds, text, line, level);
        } else if level == 1 && self.plan.title.is_none() && self.plan.sections.is_empty() {
            self.plan.title = Some(text);
            self.current = None;
        } else if self.current.is_some() && level > self.current_level {
            let ordered = starts_like_a_step(&text);
            let section = self.section().expect("checked above");
            section.items.push(Item { line, ordered, text, ..Item::default() });
            self.sub_item = Some(section.items.len() - 1);
        } else {
            self.current = None;
            self.sub_item = None;
        }
    }

    fn open_section(&mut self, kinds: Vec<SectionKind>, heading: String, line: u32, level: u8) {
        let section = Section { kinds, heading, line, items: Vec::new(), paragraphs: Vec::new() };
        self.plan.sections.push(section);
        self.current = Some(self.plan.sections.len() - 1);
        self.current_level = level;
        self.sub_item = None;
    }

    fn end_paragraph(&mut self) {
        let Some((line, text)) = self.paragraph.take() else {
            self.text(" ");
            return;
        };
        let text = text.trim().to_string();
        if let Some((kind, rest)) = sections::label(&text) {
            let rest = rest.to_string();
            let label = text[..text.len() - rest.len()].trim_end().trim_end_matches(':').to_string();
            self.open_section(vec![kind], label, line, LABEL_LEVEL);
            if !rest.is_empty() {
                let section = self.section().expect("just opened");
                section.paragraphs.push(Item { line, text: rest, ..Item::default() });
            }
            return;
        }
        let sub_item = self.sub_item;
        let Some(section) = self.section() else { return };
        match sub_item {
            Some(index) => {
                let nested = &mut section.items[index].nested;
                nested.push_str(&text);
                nested.push(' ');
            }
            None => section.paragraphs.push(Item { line, text, ..Item::default() }),
        }
    }

    fn end_row(&mut self) {
        let Some(table) = &mut self.table else { return };
        let row = std::mem::take(&mut table.row);
        if table.in_head || row.is_empty() {
            return;
        }
        let column = table.head.iter().position(|head| {
            let head = head.to_lowercase();
            MITIGATION_COLUMNS.iter().any(|name| head.contains(name))
        });
        let line = table.row_line;
        let mitigation = column.and_then(|column| row.get(column)).cloned();
        let item = Item { line, ordered: false, text: row[0].clone(), nested: row[1..].join(" | "), mitigation };
        let sub_item = self.sub_item;
        let Some(section) = self.section() else { return };
        match sub_item {
            Some(index) => {
                let nested = &mut section.items[index].nested;
                nested.push_str(&item.text);
                nested.push(' ');
                nested.push_str(&item.nested);
            }
            None => section.items.push(item),
        }
    }
}

/// Whether a sub-heading reads like a numbered step (`1. …`, `Step 2: …`).
fn starts_like_a_step(heading: &str) -> bool {
    heading.starts_with(|c: char| c.is_ascii_digit()) || heading.to_lowercase().starts_with("step ")
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(plan: &Plan, kind: SectionKind) -> Vec<(u32, bool, &str, &str)> {
        let items = plan.sections_of(kind).flat_map(|section| section.units());
        items.map(|item| (item.line, item.ordered, item.text.trim(), item.nested.trim())).collect()
    }

    #[test]
    fn the_title_sections_and_their_lines() {
        let plan =
            parse("# Faster export\n\nIntro.\n\n## Goal\n\nResume after a crash.\n\n## Background\n\nIgnored.\n");
        assert_eq!(plan.title.as_deref(), Some("Faster export"));
        let found: Vec<(&[SectionKind], &str, u32)> =
            plan.sections.iter().map(|s| (s.kinds.as_slice(), s.heading.as_str(), s.line)).collect();
        assert_eq!(found, [(&[SectionKind::Goal][..], "Goal", 5)]);
        assert_eq!(plan.sections[0].text(), "Resume after a crash.");
    }

    #[test]
    fn list_items_keep_their_own_text_apart_from_nested_items() {
        let plan = parse("## Steps\n\n1. Add the *index*\n   - on `users`\n2. Backfill\n\n   Slowly.\n");
        assert_eq!(
            units(&plan, SectionKind::Steps),
            [(3, true, "Add the index", "on users"), (5, true, "Backfill Slowly.", "")]
        );
    }

    #[test]
    fn sub_headings_tables_and_labels_are_units_and_sections() {
        let text = "\
## Risks

### Data loss

Restore the snapshot.

| Risk | Mitigation |
| --- | --- |
| Lock | batches |

**Rollback:** turn the flag off.
";
        let plan = parse(text);
        assert_eq!(units(&plan, SectionKind::Risks), [(3, false, "Data loss", "Restore the snapshot. Lock batches")]);
        let rollback: Vec<&str> = plan.sections_of(SectionKind::Rollback).map(|s| s.heading.as_str()).collect();
        assert_eq!(rollback, ["Rollback"]);
        assert_eq!(units(&plan, SectionKind::Rollback), [(11, false, "turn the flag off.", "")]);

        let table = parse("## Risks\n\n| Risk | Mitigation |\n| --- | --- |\n| Lock | batches |\n| Disk | |\n");
        let mitigations: Vec<Option<&str>> = table.sections[0].items.iter().map(|i| i.mitigation.as_deref()).collect();
        assert_eq!(mitigations, [Some("batches"), Some("")]);
    }

    #[test]
    fn prose_is_per_line_and_leaves_code_out() {
        let plan = parse("Some *emphasis* here\n\n```sh\nsomehow\n```\n\nRun `make` now\n");
        assert_eq!(plan.prose, [(1, "Some emphasis here".to_string()), (7, "Run  now".to_string())]);
    }
}
