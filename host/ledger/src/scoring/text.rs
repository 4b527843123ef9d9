//! The structure of an item's markdown that scoring needs, from one
//! pulldown-cmark pass: prose blocks (paragraphs, headings, list items), inline
//! code spans, fenced or indented code blocks, ordered-list items and links.
//!
//! This is analysis only; item bodies are stored and rewritten verbatim.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// What the scoring axes look at in a text.
#[derive(Debug, Default, PartialEq)]
pub struct Analysis {
    /// Prose of each paragraph, heading or list item, inline code included.
    pub blocks: Vec<String>,
    /// The contents of each inline code span.
    pub inline_code: Vec<String>,
    /// The number of code blocks.
    pub code_blocks: usize,
    /// The text inside code blocks.
    pub code: String,
    /// The number of items in ordered (numbered) lists.
    pub ordered_items: usize,
    /// The number of links and autolinks.
    pub links: usize,
}

impl Analysis {
    /// Sentences of all prose blocks: each block split after `.`, `!` or `?`
    /// followed by whitespace.
    pub fn sentences(&self) -> impl Iterator<Item = &str> {
        self.blocks.iter().flat_map(|block| split_sentences(block)).filter(|s| !s.is_empty())
    }

    /// All prose, blocks separated by newlines.
    pub fn prose(&self) -> String {
        self.blocks.join("\n")
    }
}

/// Analyzes markdown text.
pub fn analyze(markdown: &str) -> Analysis {
    let mut out = Analysis::default();
    let mut block = String::new();
    let mut in_code_block = false;
    // One entry per open list: whether it is ordered.
    let mut lists: Vec<bool> = Vec::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Paragraph | Tag::Heading { .. }) => flush(&mut out.blocks, &mut block),
            Event::Start(Tag::Item) => {
                flush(&mut out.blocks, &mut block);
                if lists.last() == Some(&true) {
                    out.ordered_items += 1;
                }
            }
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => flush(&mut out.blocks, &mut block),
            Event::Start(Tag::List(first)) => lists.push(first.is_some()),
            Event::End(TagEnd::List(_)) => {
                lists.pop();
            }
            Event::Start(Tag::CodeBlock(_)) => {
                flush(&mut out.blocks, &mut block);
                out.code_blocks += 1;
                in_code_block = true;
            }
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Start(Tag::Link { .. }) => out.links += 1,
            Event::Text(text) if in_code_block => out.code.push_str(&text),
            Event::Text(text) | Event::Html(text) | Event::InlineHtml(text) => block.push_str(&text),
            Event::Code(code) => {
                block.push('`');
                block.push_str(&code);
                block.push('`');
                out.inline_code.push(code.into_string());
            }
            Event::SoftBreak | Event::HardBreak => block.push(' '),
            _ => {}
        }
    }
    flush(&mut out.blocks, &mut block);
    out
}

/// The text of the first heading of any level, trimmed.
pub fn first_heading(markdown: &str) -> Option<String> {
    let mut heading: Option<String> = None;
    for event in Parser::new(markdown) {
        match (event, heading.as_mut()) {
            (Event::Start(Tag::Heading { .. }), None) => heading = Some(String::new()),
            (Event::Text(t) | Event::Code(t), Some(h)) => h.push_str(&t),
            (Event::End(TagEnd::Heading(_)), Some(h)) => return Some(h.trim().to_string()),
            _ => {}
        }
    }
    None
}

fn flush(blocks: &mut Vec<String>, block: &mut String) {
    let text = block.trim();
    if !text.is_empty() {
        blocks.push(text.to_string());
    }
    block.clear();
}

/// The sentences of a block: split after `.`, `!` or `?` followed by
/// whitespace, each trimmed (the last may be empty).
pub(crate) fn split_sentences(block: &str) -> Vec<&str> {
    let mut sentences = Vec::new();
    let mut start = 0;
    let bytes = block.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if matches!(b, b'.' | b'!' | b'?') && bytes.get(i + 1).is_some_and(u8::is_ascii_whitespace) {
            sentences.push(block[start..=i].trim());
            start = i + 1;
        }
    }
    sentences.push(block[start..].trim());
    sentences
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_blocks_code_lists_and_links() {
        let md = "# Title\n\nRun `cargo test`. Then check.\n\n1. one\n2. two\n\n- a\n\n```sh\nmake\n```\n\n[doc](https://x.y)\n";
        let a = analyze(md);
        assert_eq!(a.blocks, ["Title", "Run `cargo test`. Then check.", "one", "two", "a", "doc"]);
        assert_eq!(a.inline_code, ["cargo test"]);
        assert_eq!((a.code_blocks, a.code.as_str(), a.ordered_items, a.links), (1, "make\n", 2, 1));
        let sentences: Vec<&str> = a.sentences().collect();
        assert_eq!(sentences[1..3], ["Run `cargo test`.", "Then check."]);
    }

    #[test]
    fn finds_the_first_heading() {
        assert_eq!(first_heading("text\n\n## Use `nextest` \n\n# Later\n").as_deref(), Some("Use nextest"));
        assert_eq!(first_heading("no heading"), None);
    }
}
