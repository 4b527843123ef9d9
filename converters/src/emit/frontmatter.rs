//! Markdown files with YAML frontmatter (SKILL.md, commands, agents, rules):
//! one builder so every target quotes and orders keys the same way. Values are
//! serialized by serde_norway, so `: `, `#`, quotes and `---` in a description
//! are quoted rather than breaking the file.

use serde_norway::{Mapping, Value};

use crate::model::Extra;

/// Keys in insertion order.
#[derive(Debug, Default)]
pub(crate) struct Frontmatter(Mapping);

impl Frontmatter {
    pub fn str(mut self, key: &str, value: &str) -> Self {
        self.0.insert(key.into(), value.into());
        self
    }

    pub fn opt_str(self, key: &str, value: Option<&String>) -> Self {
        match value {
            Some(v) => self.str(key, v),
            None => self,
        }
    }

    pub fn value(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.0.insert(key.into(), value.into());
        self
    }

    /// Unknown keys carried from an import, after the known ones.
    pub fn extra(mut self, extra: Option<&Extra>) -> Self {
        for (k, v) in extra.into_iter().flatten() {
            let v = serde_norway::to_value(v).expect("JSON values are valid YAML");
            self.0.insert(k.as_str().into(), v);
        }
        self
    }

    /// `---\n<yaml>---\n<body>`, or the body alone when there are no keys
    /// (unless the body itself starts with `---`, which would read as
    /// frontmatter: then an empty one is written first).
    pub fn document(self, body: &str) -> String {
        if self.0.is_empty() {
            return if body.starts_with("---") { format!("---\n---\n{body}") } else { body.to_string() };
        }
        let yaml = serde_norway::to_string(&self.0).expect("a mapping of plain values serializes");
        format!("---\n{yaml}---\n{body}")
    }
}
