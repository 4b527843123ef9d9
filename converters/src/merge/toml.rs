//! Managed tables in a TOML file the user owns (`.codex/config.toml`), edited
//! with toml_edit so the user's comments, ordering and formatting survive.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;
use toml_edit::{Array, DocumentMut, InlineTable, Item, Table};

use crate::error::{FileError, line_of_offset};
use crate::merge::KeyPath;

/// Tables we own, by path (`["mcp_servers", "ledger"]`), with their content as
/// a JSON object (nested objects become inline tables).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TomlManaged {
    pub tables: Vec<(KeyPath, Value)>,
}

pub(crate) fn merge(
    path: &Path,
    existing: &str,
    managed: &TomlManaged,
    stale: &[KeyPath],
) -> Result<String, FileError> {
    let mut doc: DocumentMut = existing.parse().map_err(|e: toml_edit::TomlError| {
        let line = e.span().map(|s| line_of_offset(existing, s.start));
        FileError::new(path, line, format!("not valid TOML: {}", e.message()))
    })?;
    let current: BTreeSet<&KeyPath> = managed.tables.iter().map(|(k, _)| k).collect();
    for key in stale.iter().filter(|k| !current.contains(k)) {
        remove(doc.as_table_mut(), key);
    }
    for (key, value) in &managed.tables {
        let (last, parents) = key.split_last().expect("key paths are never empty");
        let mut table = doc.as_table_mut();
        for (i, name) in parents.iter().enumerate() {
            let entry = table.entry(name).or_insert_with(|| {
                let mut t = Table::new();
                t.set_implicit(true);
                Item::Table(t)
            });
            table = entry.as_table_mut().ok_or_else(|| {
                FileError::new(
                    path,
                    None,
                    format!("`{}` is not a table; agentops needs to add `{}`", parents[..=i].join("."), key.join(".")),
                )
            })?;
        }
        table.insert(last, Item::Table(to_table(value)));
    }
    Ok(doc.to_string())
}

fn to_table(value: &Value) -> Table {
    let mut table = Table::new();
    for (k, v) in value.as_object().into_iter().flatten() {
        table.insert(k, Item::Value(to_value(v)));
    }
    table
}

/// A JSON value as a TOML value; objects become inline tables.
pub(crate) fn to_value(value: &Value) -> toml_edit::Value {
    match value {
        Value::Bool(b) => (*b).into(),
        Value::Number(n) => n.as_i64().map_or_else(|| n.as_f64().unwrap_or_default().into(), Into::into),
        Value::String(s) => s.as_str().into(),
        Value::Array(items) => toml_edit::Value::Array(items.iter().map(to_value).collect::<Array>()),
        Value::Object(map) => {
            let mut t = InlineTable::new();
            for (k, v) in map {
                t.insert(k, to_value(v));
            }
            toml_edit::Value::InlineTable(t)
        }
        // TOML has no null; no importer produces one, and the source writer
        // reports one instead of writing it.
        Value::Null => "".into(),
    }
}

/// Removes `key`, then any implicit parent table the removal left empty.
fn remove(table: &mut Table, key: &[String]) {
    let Some((first, rest)) = key.split_first() else { return };
    if rest.is_empty() {
        table.remove(first);
        return;
    }
    if let Some(child) = table.get_mut(first).and_then(Item::as_table_mut) {
        remove(child, rest);
        if child.is_empty() && child.is_implicit() {
            table.remove(first);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn managed() -> TomlManaged {
        let server = json!({"command": "agentops", "args": ["mcp"], "env": {"A": "1"}});
        TomlManaged { tables: vec![(vec!["mcp_servers".into(), "ledger".into()], server)] }
    }

    #[test]
    fn keeps_comments_and_formatting() {
        let user = "# my settings\nmodel = \"o3\"   # fast\n\n[mcp_servers.mine]\ncommand = \"mine\"\n";
        let once = merge(Path::new("config.toml"), user, &managed(), &[]).unwrap();
        assert!(once.starts_with(user), "{once}");
        assert!(
            once.contains("[mcp_servers.ledger]\ncommand = \"agentops\"\nargs = [\"mcp\"]\nenv = { A = \"1\" }\n"),
            "{once}"
        );
        assert_eq!(merge(Path::new("config.toml"), &once, &managed(), &[]).unwrap(), once, "idempotent");
        let removed = merge(
            Path::new("config.toml"),
            &once,
            &TomlManaged::default(),
            &managed().tables.into_iter().map(|(k, _)| k).collect::<Vec<_>>(),
        )
        .unwrap();
        assert_eq!(removed, user);
    }

    #[test]
    fn malformed_files_name_the_line() {
        let err = merge(Path::new(".codex/config.toml"), "a = 1\nb = = 2\n", &managed(), &[]).unwrap_err();
        assert_eq!(err.line, Some(2), "{err}");
        let err = merge(Path::new(".codex/config.toml"), "mcp_servers = 3\n", &managed(), &[]).unwrap_err();
        assert!(err.message.contains("`mcp_servers` is not a table"), "{err}");
    }
}
