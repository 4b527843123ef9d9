//! A JSON or TOML file read into a JSON object, with the line of every key,
//! so an error about any entry (`mcpServers.docs.args`) names its line even
//! though the value parsers keep no positions. Importers read runtime files
//! through it, the merge reads the user's shared files through it (both the
//! values of our keys and the lines of the keys it cannot merge into), and the
//! source loader locates the entries of agentops.toml it refuses.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::error::{FileError, line_of_offset};

/// A parsed config file.
#[derive(Debug)]
pub(crate) struct ConfigFile {
    pub path: PathBuf,
    pub root: Map<String, Value>,
    /// The 1-based line of each key path.
    lines: BTreeMap<Vec<String>, usize>,
}

impl ConfigFile {
    pub fn json(path: &Path, text: &str) -> Result<Self, FileError> {
        let root = match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(map)) => map,
            Ok(_) => return Err(FileError::new(path, Some(1), "expected a JSON object at the top level")),
            Err(e) => return Err(FileError::new(path, Some(e.line()), format!("not valid JSON: {e}"))),
        };
        Ok(ConfigFile { path: path.to_path_buf(), root, lines: json_key_lines(text) })
    }

    pub fn toml(path: &Path, text: &str) -> Result<Self, FileError> {
        let doc = toml_edit::Document::parse(text).map_err(|e| {
            let line = e.span().map(|s| line_of_offset(text, s.start));
            FileError::new(path, line, format!("not valid TOML: {}", e.message()))
        })?;
        let mut lines = BTreeMap::new();
        let root = toml_table(text, doc.as_table(), &mut Vec::new(), &mut lines);
        Ok(ConfigFile { path: path.to_path_buf(), root, lines })
    }

    /// The line of `keys` (or of the nearest enclosing key that has one);
    /// array elements, tables of an array of tables included, by index.
    pub fn line(&self, keys: &[impl AsRef<str>]) -> Option<usize> {
        let keys: Vec<String> = keys.iter().map(|k| k.as_ref().to_string()).collect();
        (0..=keys.len()).rev().find_map(|n| self.lines.get(&keys[..n])).copied()
    }

    /// An error about `keys`, at its line: "`a.b`: message".
    pub fn error(&self, keys: &[&str], message: impl AsRef<str>) -> FileError {
        FileError::new(&self.path, self.line(keys), format!("`{}`: {}", keys.join("."), message.as_ref()))
    }
}

fn toml_table(
    text: &str,
    table: &dyn toml_edit::TableLike,
    path: &mut Vec<String>,
    lines: &mut BTreeMap<Vec<String>, usize>,
) -> Map<String, Value> {
    let mut map = Map::new();
    for (key, item) in table.iter() {
        path.push(key.to_string());
        let span = table.key(key).and_then(toml_edit::Key::span).or_else(|| item.span());
        if let Some(span) = span {
            lines.insert(path.clone(), line_of_offset(text, span.start));
        }
        let value = match item {
            toml_edit::Item::Table(t) => Value::Object(toml_table(text, t, path, lines)),
            toml_edit::Item::ArrayOfTables(a) => Value::Array(
                a.iter()
                    .enumerate()
                    .map(|(i, t)| indexed(path, i, |path| toml_table(text, t, path, lines).into()))
                    .collect(),
            ),
            toml_edit::Item::Value(v) => toml_value(text, v, path, lines),
            toml_edit::Item::None => Value::Null,
        };
        map.insert(key.to_string(), value);
        path.pop();
    }
    map
}

fn toml_value(
    text: &str,
    value: &toml_edit::Value,
    path: &mut Vec<String>,
    lines: &mut BTreeMap<Vec<String>, usize>,
) -> Value {
    match value {
        toml_edit::Value::String(s) => Value::String(s.value().clone()),
        toml_edit::Value::Integer(i) => Value::from(*i.value()),
        toml_edit::Value::Float(f) => Value::from(*f.value()),
        toml_edit::Value::Boolean(b) => Value::Bool(*b.value()),
        toml_edit::Value::Datetime(d) => Value::String(d.value().to_string()),
        toml_edit::Value::Array(a) => Value::Array(
            a.iter().enumerate().map(|(i, v)| indexed(path, i, |path| toml_value(text, v, path, lines))).collect(),
        ),
        toml_edit::Value::InlineTable(t) => Value::Object(toml_table(text, t, path, lines)),
    }
}

/// `read` with element `index` of the array at `path` pushed onto it.
fn indexed(path: &mut Vec<String>, index: usize, read: impl FnOnce(&mut Vec<String>) -> Value) -> Value {
    path.push(index.to_string());
    let value = read(path);
    path.pop();
    value
}

/// The line of every object key of a JSON text, by key path (array elements
/// by index). A small scanner: serde_json keeps no positions.
fn json_key_lines(text: &str) -> BTreeMap<Vec<String>, usize> {
    enum Frame {
        Object(Option<String>),
        Array(usize),
    }
    let mut lines = BTreeMap::new();
    let mut stack: Vec<Frame> = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    let path = |stack: &[Frame]| -> Vec<String> {
        stack
            .iter()
            .filter_map(|f| match f {
                Frame::Object(k) => k.clone(),
                Frame::Array(n) => Some(n.to_string()),
            })
            .collect()
    };
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                let rest = text.get(i + 1..).unwrap_or_default().trim_start();
                if rest.starts_with(':')
                    && let Some(Frame::Object(key)) = stack.last_mut()
                {
                    let name: String = serde_json::from_str(&text[start..=i.min(text.len() - 1)]).unwrap_or_default();
                    *key = Some(name);
                    lines.insert(path(&stack), line_of_offset(text, start));
                }
            }
            b'{' => stack.push(Frame::Object(None)),
            b'[' => stack.push(Frame::Array(0)),
            b'}' | b']' => drop(stack.pop()),
            b',' => match stack.last_mut() {
                Some(Frame::Array(n)) => *n += 1,
                Some(Frame::Object(key)) => *key = None,
                None => {}
            },
            _ => {}
        }
        i += 1;
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_keys_have_their_lines() {
        let text = "{\n  \"a\": {\"x\": 1},\n  \"x\": [\n    {\"y\": \"q\\\"}\"}\n  ],\n  \"b\": 2\n}";
        let file = ConfigFile::json(Path::new("f.json"), text).unwrap();
        assert_eq!(file.line(&["a", "x"]), Some(2));
        assert_eq!(file.line(&["x"]), Some(3));
        assert_eq!(file.line(&["x", "0", "y"]), Some(4));
        assert_eq!(file.line(&["b"]), Some(6));
        assert_eq!(file.line(&["b", "missing"]), Some(6));
        assert!(file.error(&["a", "x"], "bad").to_string().starts_with("f.json:2: `a.x`: bad"));
    }

    #[test]
    fn toml_keys_have_their_lines() {
        let text = "model = \"o3\"\n\n[mcp_servers.docs]\nurl = \"u\"\nhttp_headers = { A = \"1\" }\n";
        let file = ConfigFile::toml(Path::new("c.toml"), text).unwrap();
        assert_eq!(file.line(&["mcp_servers", "docs", "http_headers", "A"]), Some(5));
        assert_eq!(file.line(&["mcp_servers", "docs", "url"]), Some(4));
        assert_eq!(file.root["mcp_servers"]["docs"]["http_headers"]["A"], "1");
        let text = "[[commands]]\nname = \"a\"\n\n[[commands]]\nname = \"b\"\nargs = [{ x = 1 },\n  { x = 2 }]\n";
        let file = ConfigFile::toml(Path::new("a.toml"), text).unwrap();
        assert_eq!(file.line(&["commands", "0", "name"]), Some(2));
        assert_eq!(file.line(&["commands", "1", "name"]), Some(5));
        assert_eq!(file.line(&["commands", "1", "args", "1", "x"]), Some(7));
        let err = ConfigFile::toml(Path::new("c.toml"), "a = 1\nb = = 2\n").unwrap_err();
        assert_eq!(err.line, Some(2));
    }
}
