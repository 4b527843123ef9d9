//! Managed tables in a TOML file the user owns (`.codex/config.toml`), edited
//! with toml_edit so the user's comments, ordering and formatting survive.

use std::path::Path;

use serde_json::Value;
use toml_edit::{Array, DocumentMut, InlineTable, Item, Table};

use crate::config_file::ConfigFile;
use crate::error::FileError;
use crate::merge::{KeyPath, Merged, OwnedKey, plan_keys};

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
    recorded: &[OwnedKey],
    force: bool,
) -> Result<Merged, FileError> {
    let file = ConfigFile::toml(path, existing)?;
    let tables = plan_keys(&file.root, &managed.tables, recorded, force);
    let mut doc: DocumentMut = existing.parse().expect("ConfigFile::toml has parsed the same text");
    for key in tables.remove {
        remove(doc.as_table_mut(), key);
    }
    for (key, value) in tables.set {
        let (last, parents) = key.split_last().expect("key paths are never empty");
        let mut table = doc.as_table_mut();
        for (i, name) in parents.iter().enumerate() {
            let entry = table.entry(name).or_insert_with(|| {
                let mut t = Table::new();
                t.set_implicit(true);
                Item::Table(t)
            });
            table = entry.as_table_mut().ok_or_else(|| {
                let at = &parents[..=i];
                let message = format!("`{}` is not a table; agentops needs to add `{}`", at.join("."), key.join("."));
                FileError::new(path, file.line(at), message)
            })?;
        }
        let mut ours = to_table(value);
        // The comments and blank lines above a table we replace stay: they
        // may be about the file rather than the table.
        if let Some(prefix) = table.get(last).and_then(Item::as_table).and_then(|t| t.decor().prefix()) {
            ours.decor_mut().set_prefix(prefix.clone());
        }
        table.insert(last, Item::Table(ours));
    }
    Ok(Merged { text: doc.to_string(), owned: tables.owned, kept: tables.kept })
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

    /// The merged text, nothing recorded as ours before, not forced.
    fn merged(existing: &str, managed: &TomlManaged) -> Result<String, FileError> {
        merge(Path::new(".codex/config.toml"), existing, managed, &[], false).map(|m| m.text)
    }

    fn managed() -> TomlManaged {
        let server = json!({"command": "agentops", "args": ["mcp"], "env": {"A": "1"}});
        TomlManaged { tables: vec![(vec!["mcp_servers".into(), "ledger".into()], server)] }
    }

    #[test]
    fn keeps_comments_and_formatting() {
        let user = "# my settings\nmodel = \"o3\"   # fast\n\n[mcp_servers.mine]\ncommand = \"mine\"\n";
        let first = merge(Path::new("config.toml"), user, &managed(), &[], false).unwrap();
        let once = first.text;
        assert!(once.starts_with(user), "{once}");
        assert!(
            once.contains("[mcp_servers.ledger]\ncommand = \"agentops\"\nargs = [\"mcp\"]\nenv = { A = \"1\" }\n"),
            "{once}"
        );
        let again = merge(Path::new("config.toml"), &once, &managed(), &first.owned, false).unwrap();
        assert_eq!((again.text.as_str(), &again.owned), (once.as_str(), &first.owned), "idempotent");
        let removed = merge(Path::new("config.toml"), &once, &TomlManaged::default(), &first.owned, false).unwrap();
        assert_eq!(removed.text, user);
    }

    #[test]
    fn malformed_files_name_the_line() {
        let err = merged("a = 1\nb = = 2\n", &managed()).unwrap_err();
        assert_eq!(err.line, Some(2), "{err}");
        let err = merged("model = \"o3\"\nmcp_servers = 3\n", &managed()).unwrap_err();
        assert!(err.to_string().starts_with(".codex/config.toml:2: `mcp_servers` is not a table"), "{err}");
    }
}
