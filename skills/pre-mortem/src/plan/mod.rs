//! A plan as pre-mortem reads it: the parts its headings name, each with its
//! units of content (list items, rows of a table, sub-headed blocks, or
//! paragraphs), and the prose of every line for the wording checks.

mod lines;
mod parse;

use crate::sections::SectionKind;

pub use parse::parse;

#[derive(Debug, Default, PartialEq)]
pub struct Plan {
    /// The first level-1 heading that names no part.
    pub title: Option<String>,
    pub sections: Vec<Section>,
    /// The prose of each line (code left out), in line order.
    pub prose: Vec<(u32, String)>,
}

/// A part of the plan, from its heading (or `Label:` paragraph) to the next.
#[derive(Debug, PartialEq)]
pub struct Section {
    pub kinds: Vec<SectionKind>,
    pub heading: String,
    pub line: u32,
    /// Top-level list items, table rows and sub-headed blocks, in order.
    pub items: Vec<Item>,
    /// Paragraphs outside any list or table.
    pub paragraphs: Vec<Item>,
}

/// One unit of a section's content.
#[derive(Debug, Default, PartialEq)]
pub struct Item {
    pub line: u32,
    /// Numbered (`1.`), or a sub-heading that starts with a number or "Step".
    pub ordered: bool,
    /// Its own text.
    pub text: String,
    /// The text of what it holds: nested items, the paragraphs under a sub-heading.
    pub nested: String,
    /// For a table row: the cell under a column named like a mitigation.
    pub mitigation: Option<String>,
}

impl Plan {
    /// The sections that name `kind`.
    pub fn sections_of(&self, kind: SectionKind) -> impl Iterator<Item = &Section> {
        self.sections.iter().filter(move |section| section.kinds.contains(&kind))
    }

    /// The plan's words, lower case, for telling whether it mentions something.
    pub fn words(&self) -> impl Iterator<Item = String> {
        self.prose.iter().flat_map(|(_, text)| words(text)).collect::<Vec<_>>().into_iter()
    }
}

impl Section {
    /// The units a check reads one by one: the items, or the paragraphs when
    /// the section has no list.
    pub fn units(&self) -> &[Item] {
        if self.items.is_empty() { &self.paragraphs } else { &self.items }
    }

    /// Words of all its content.
    pub fn words(&self) -> usize {
        word_count(&self.text())
    }

    /// All the section's text.
    pub fn text(&self) -> String {
        let parts = self.paragraphs.iter().chain(&self.items).flat_map(|item| [item.text.as_str(), &item.nested]);
        parts.filter(|part| !part.is_empty()).collect::<Vec<_>>().join(" ")
    }
}

/// The words of `text`, lower case, split at anything but letters, digits and `-`.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric() && c != '-').filter(|word| !word.is_empty()).map(str::to_lowercase)
}

/// How many words `text` holds.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace().filter(|word| word.chars().any(char::is_alphanumeric)).count()
}
