//! Optional YAML frontmatter of command and agent files (SKILL.md goes through
//! `agentops-manifest`, which requires it). Keys come out in file order so
//! unknown ones can be carried in `extra`.

use std::path::Path;

use serde_json::Value;

use crate::error::FileError;
use crate::model::Extra;

/// A markdown file split into its frontmatter keys and its body.
#[derive(Debug)]
pub(crate) struct Document<'a> {
    path: &'a Path,
    text: &'a str,
    pub fields: Extra,
    pub body: String,
}

impl<'a> Document<'a> {
    /// Splits `---\n<yaml>---\n<body>`; a file not starting with `---` is all body.
    pub fn parse(path: &'a Path, text: &'a str) -> Result<Self, FileError> {
        let Some(rest) = text.strip_prefix("---\n").or_else(|| text.strip_prefix("---\r\n")) else {
            return Ok(Document { path, text, fields: Extra::new(), body: text.to_string() });
        };
        let mut offset = 0;
        let close = rest.split_inclusive('\n').find_map(|line| {
            let at = offset;
            offset += line.len();
            (line.trim_end() == "---").then_some((at, offset))
        });
        let Some((yaml_end, body_start)) = close else {
            return Err(FileError::new(path, Some(1), "the frontmatter is never closed by a `---` line"));
        };
        let fields = match serde_norway::from_str::<serde_norway::Value>(&rest[..yaml_end]) {
            Ok(serde_norway::Value::Null) => Extra::new(),
            Ok(serde_norway::Value::Mapping(map)) => {
                let mut fields = Extra::new();
                for (k, v) in map {
                    let serde_norway::Value::String(k) = k else {
                        return Err(FileError::new(path, Some(2), "a frontmatter key is not a string"));
                    };
                    let v = serde_json::to_value(&v).map_err(|e| FileError::new(path, None, format!("`{k}`: {e}")))?;
                    fields.insert(k, v);
                }
                fields
            }
            Ok(_) => return Err(FileError::new(path, Some(2), "the frontmatter is not a set of `key: value` lines")),
            Err(e) => {
                let line = e.location().map(|l| l.line() + 1);
                return Err(FileError::new(path, line, format!("the frontmatter is not valid YAML: {e}")));
            }
        };
        Ok(Document { path, text, fields, body: rest[body_start..].to_string() })
    }

    /// Removes and returns a string key.
    pub fn take_str(&mut self, key: &str) -> Result<Option<String>, FileError> {
        match self.fields.shift_remove(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(self.error(key, "must be a string")),
        }
    }

    /// A string list, written either as a YAML list or as `a, b, c`.
    pub fn take_list(&mut self, key: &str) -> Result<Option<Vec<String>>, FileError> {
        match self.fields.shift_remove(key) {
            None => Ok(None),
            Some(Value::String(s)) => {
                Ok(Some(s.split(',').map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).collect()))
            }
            Some(Value::Array(items)) => items
                .into_iter()
                .map(|v| v.as_str().map(String::from).ok_or_else(|| self.error(key, "must list strings")))
                .collect::<Result<_, _>>()
                .map(Some),
            Some(_) => Err(self.error(key, "must be a list or a comma-separated string")),
        }
    }

    /// An error on `key`, located at the line that defines it.
    pub fn error(&self, key: &str, message: &str) -> FileError {
        let line = self.text.lines().position(|l| l.strip_prefix(key).is_some_and(|r| r.trim_start().starts_with(':')));
        FileError::new(self.path, line.map(|i| i + 1), format!("`{key}` {message}"))
    }
}
