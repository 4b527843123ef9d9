//! Optional YAML frontmatter of command, agent and rule files (SKILL.md goes
//! through `agentops-manifest`, which requires it). Keys come out in file
//! order, so the ones the model has no field for can be carried in `extra`;
//! every error names the file and the line of the key.

use std::path::Path;

use serde_json::Value;

use crate::error::{FileError, ModelError};
use crate::model::Extra;
use crate::model::names::{check_description, check_line};

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
        Self::split(path, text, false)
    }

    /// As [`Document::parse`], but frontmatter that is not valid YAML is read
    /// as flat `key: value` lines, each value as YAML when it is valid alone
    /// and as text otherwise: Cursor writes `globs: *.ts` unquoted.
    pub fn parse_lenient(path: &'a Path, text: &'a str) -> Result<Self, FileError> {
        Self::split(path, text, true)
    }

    fn split(path: &'a Path, text: &'a str, lenient: bool) -> Result<Self, FileError> {
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
        let yaml = &rest[..yaml_end];
        let fields = match yaml_fields(path, yaml) {
            Err(e) if lenient => flat_fields(yaml).ok_or(e)?,
            result => result?,
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

    /// A string key holding one line (a model id, an argument hint).
    pub fn take_line(&mut self, key: &str) -> Result<Option<String>, FileError> {
        let value = self.take_str(key)?;
        if let Some(v) = &value {
            check_line("", key, v).map_err(|e| self.model_error(key, e))?;
        }
        Ok(value)
    }

    /// A description: one line of at most 1024 characters.
    pub fn take_description(&mut self, key: &str) -> Result<Option<String>, FileError> {
        let value = self.take_str(key)?;
        if let Some(v) = &value {
            check_description("", v).map_err(|e| self.model_error(key, e))?;
        }
        Ok(value)
    }

    pub fn take_bool(&mut self, key: &str) -> Result<Option<bool>, FileError> {
        match self.fields.shift_remove(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(b)),
            Some(_) => Err(self.error(key, "must be `true` or `false`")),
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

    /// The line that defines `key`, if any.
    pub fn line(&self, key: &str) -> Option<usize> {
        let at = self.text.lines().position(|l| l.strip_prefix(key).is_some_and(|r| r.trim_start().starts_with(':')));
        at.map(|i| i + 1)
    }

    /// An error on `key`, located at the line that defines it (the first
    /// line, where the frontmatter opens, when the key is missing).
    pub fn error(&self, key: &str, message: &str) -> FileError {
        FileError::new(self.path, self.line(key).or(Some(1)), format!("`{key}` {message}"))
    }

    fn model_error(&self, key: &str, e: ModelError) -> FileError {
        FileError::new(self.path, self.line(key), format!("`{key}`: {}", e.message))
    }
}

fn yaml_fields(path: &Path, yaml: &str) -> Result<Extra, FileError> {
    match serde_norway::from_str::<serde_norway::Value>(yaml) {
        Ok(serde_norway::Value::Null) => Ok(Extra::new()),
        Ok(serde_norway::Value::Mapping(map)) => {
            let mut fields = Extra::new();
            for (k, v) in map {
                let serde_norway::Value::String(k) = k else {
                    return Err(FileError::new(path, Some(2), "a frontmatter key is not a string"));
                };
                let v = serde_json::to_value(&v).map_err(|e| FileError::new(path, None, format!("`{k}`: {e}")))?;
                fields.insert(k, v);
            }
            Ok(fields)
        }
        Ok(_) => Err(FileError::new(path, Some(2), "the frontmatter is not a set of `key: value` lines")),
        Err(e) => {
            let line = e.location().map(|l| l.line() + 1);
            Err(FileError::new(path, line, format!("the frontmatter is not valid YAML: {e}")))
        }
    }
}

/// Flat `key: value` lines; `None` when a line is anything else.
fn flat_fields(yaml: &str) -> Option<Extra> {
    let mut fields = Extra::new();
    for line in yaml.lines().filter(|l| !l.trim().is_empty()) {
        let (key, raw) = line.split_once(':')?;
        if key.starts_with(char::is_whitespace) || key.trim().is_empty() {
            return None;
        }
        let raw = raw.trim();
        let value = match serde_norway::from_str::<serde_norway::Value>(raw) {
            Ok(
                v @ (serde_norway::Value::String(_) | serde_norway::Value::Bool(_) | serde_norway::Value::Number(_)),
            ) => serde_json::to_value(v).ok()?,
            Ok(serde_norway::Value::Null) if raw.is_empty() => Value::Null,
            _ => Value::String(raw.to_string()),
        };
        fields.insert(key.trim().to_string(), value);
    }
    Some(fields)
}
