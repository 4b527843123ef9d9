//! Managed keys in a JSON file the user owns (`.claude/settings.json`,
//! `.mcp.json`, `opencode.json`, hooks files). We own whole keys by path (an
//! MCP server entry) and hook handlers by their command; every other key keeps
//! its value and its place. The output is re-indented (two spaces), which
//! every runtime's own writer does too.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::{Map, Value};

use crate::config_file::ConfigFile;
use crate::error::FileError;
use crate::merge::{KeyPath, Merged, OwnedKey, lookup, plan_keys};

/// What we manage in one JSON file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct JsonManaged {
    /// Set only when absent and never removed (`version`, `$schema`).
    pub defaults: Vec<(KeyPath, Value)>,
    /// Ours: set on every merge, removed when no longer produced.
    pub keys: Vec<(KeyPath, Value)>,
    /// Our entries in the top-level `hooks` object.
    pub hooks: Option<HookSlots>,
}

/// Hook handlers under `hooks.EVENT`. Ours are those whose command starts with
/// `prefix` (`agentops hook `) or equals one of `commands`; they are removed
/// and `events` appended, so merging twice changes nothing.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HookSlots {
    pub prefix: String,
    pub commands: BTreeSet<String>,
    /// Claude Code / Codex shape: `[{matcher, hooks: [{type, command}]}]`;
    /// otherwise Cursor's flat `[{command, matcher}]`.
    pub grouped: bool,
    /// Per event name, the entries to append, in order.
    pub events: Vec<(String, Vec<Value>)>,
}

impl HookSlots {
    fn owns(&self, handler: &Value) -> bool {
        handler
            .get("command")
            .and_then(Value::as_str)
            .is_some_and(|c| c.starts_with(&self.prefix) || self.commands.contains(c))
    }

    /// Removes our handlers from one event's array; true when it removed any.
    fn strip(&self, entries: &mut Vec<Value>) -> bool {
        let before = entries.len();
        if !self.grouped {
            entries.retain(|e| !self.owns(e));
            return entries.len() != before;
        }
        let mut removed = false;
        entries.retain_mut(|group| {
            let Some(handlers) = group.get_mut("hooks").and_then(Value::as_array_mut) else { return true };
            let n = handlers.len();
            handlers.retain(|h| !self.owns(h));
            removed |= handlers.len() != n;
            !(handlers.is_empty() && n > 0)
        });
        removed
    }
}

pub(crate) fn merge(
    path: &Path,
    existing: &str,
    managed: &JsonManaged,
    recorded: &[OwnedKey],
    force: bool,
) -> Result<Merged, FileError> {
    // No file, or an empty one, is an empty object.
    let mut file = ConfigFile::json(path, if existing.trim().is_empty() { "{}" } else { existing })?;
    let keys = plan_keys(&file.root, &managed.keys, recorded, force);
    let mut root = std::mem::take(&mut file.root);
    for key in keys.remove {
        remove(&mut root, key);
    }
    for (key, value) in &managed.defaults {
        if lookup(&root, key).is_none() {
            set(&file, &mut root, key, value.clone())?;
        }
    }
    for (key, value) in keys.set {
        set(&file, &mut root, key, value.clone())?;
    }
    if let Some(slots) = &managed.hooks {
        merge_hooks(&file, &mut root, slots)?;
    }
    let text = match root.is_empty() {
        true => String::new(),
        false => serde_json::to_string_pretty(&Value::Object(root)).expect("a JSON value always serializes") + "\n",
    };
    Ok(Merged { text, owned: keys.owned, kept: keys.kept })
}

/// `file` (the user's, as read) holds a value of the wrong type at `keys`.
fn shape_error(file: &ConfigFile, keys: &[String], message: String) -> FileError {
    FileError::new(&file.path, file.line(keys), message)
}

fn merge_hooks(file: &ConfigFile, root: &mut Map<String, Value>, slots: &HookSlots) -> Result<(), FileError> {
    let hooks = match root.entry("hooks").or_insert_with(|| Value::Object(Map::new())) {
        Value::Object(map) => map,
        _ => return Err(shape_error(file, &["hooks".into()], "`hooks` is not an object".into())),
    };
    let mut emptied = Vec::new();
    for (event, entries) in hooks.iter_mut() {
        let Value::Array(entries) = entries else {
            let at = ["hooks".to_string(), event.clone()];
            return Err(shape_error(file, &at, format!("`hooks.{event}` is not an array")));
        };
        if slots.strip(entries) && entries.is_empty() {
            emptied.push(event.clone());
        }
    }
    for event in emptied {
        hooks.shift_remove(&event);
    }
    for (event, ours) in &slots.events {
        let entries = hooks.entry(event.clone()).or_insert_with(|| Value::Array(Vec::new()));
        entries.as_array_mut().expect("checked above or just inserted").extend(ours.iter().cloned());
    }
    if hooks.is_empty() {
        root.shift_remove("hooks");
    }
    Ok(())
}

fn set(file: &ConfigFile, root: &mut Map<String, Value>, key: &[String], value: Value) -> Result<(), FileError> {
    let (last, parents) = key.split_last().expect("key paths are never empty");
    let mut map = root;
    for (i, k) in parents.iter().enumerate() {
        map = match map.entry(k.clone()).or_insert_with(|| Value::Object(Map::new())) {
            Value::Object(m) => m,
            _ => {
                let at = &parents[..=i];
                let message = format!("`{}` is not an object; agentops needs to add `{}`", at.join("."), key.join("."));
                return Err(shape_error(file, at, message));
            }
        };
    }
    map.insert(last.clone(), value);
    Ok(())
}

/// Removes `key`, then any parent object the removal left empty.
fn remove(root: &mut Map<String, Value>, key: &[String]) {
    let Some((first, rest)) = key.split_first() else { return };
    if rest.is_empty() {
        root.shift_remove(first);
        return;
    }
    if let Some(Value::Object(child)) = root.get_mut(first) {
        remove(child, rest);
        if child.is_empty() {
            root.shift_remove(first);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The merged text, nothing recorded as ours before, not forced.
    fn merged(path: &str, existing: &str, managed: &JsonManaged) -> Result<String, FileError> {
        merge(Path::new(path), existing, managed, &[], false).map(|m| m.text)
    }

    fn key(k: &str) -> KeyPath {
        k.split('.').map(String::from).collect()
    }

    fn slots() -> HookSlots {
        let ours = json!({"matcher": "Bash", "hooks": [{"type": "command", "command": "agentops hook pre-tool-use --runtime claude-code"}]});
        HookSlots {
            prefix: "agentops hook ".into(),
            grouped: true,
            events: vec![("PreToolUse".into(), vec![ours])],
            ..Default::default()
        }
    }

    #[test]
    fn keeps_user_keys_in_order_and_is_idempotent() {
        let user = r#"{"zeta": 1, "hooks": {"PreToolUse": [{"matcher": "Edit", "hooks": [{"type": "command", "command": "lint"}]}]}, "alpha": [true]}"#;
        let managed = JsonManaged {
            keys: vec![(key("mcpServers.ledger"), json!({"command": "x"}))],
            hooks: Some(slots()),
            ..Default::default()
        };
        let once = merged("s.json", user, &managed).unwrap();
        let twice = merged("s.json", &once, &managed).unwrap();
        assert_eq!(once, twice);
        let v: Value = serde_json::from_str(&once).unwrap();
        let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["zeta", "hooks", "alpha", "mcpServers"]);
        assert_eq!(v["hooks"]["PreToolUse"].as_array().unwrap().len(), 2);
        assert_eq!(v["hooks"]["PreToolUse"][0]["hooks"][0]["command"], "lint");
    }

    #[test]
    fn removes_stale_keys_and_our_hooks_cleanly() {
        let managed = JsonManaged {
            keys: vec![(key("mcpServers.ledger"), json!({}))],
            hooks: Some(slots()),
            ..Default::default()
        };
        let user = r#"{"theme": "dark"}"#;
        let once = merge(Path::new("s.json"), user, &managed, &[], false).unwrap();
        let none = JsonManaged { hooks: Some(HookSlots { events: vec![], ..slots() }), ..Default::default() };
        let back = merge(Path::new("s.json"), &once.text, &none, &once.owned, false).unwrap();
        assert_eq!(back.text, "{\n  \"theme\": \"dark\"\n}\n");
    }

    #[test]
    fn defaults_never_override_the_user() {
        let managed = JsonManaged { defaults: vec![(key("version"), json!(1))], ..Default::default() };
        assert_eq!(merged("h.json", r#"{"version": 2}"#, &managed).unwrap(), "{\n  \"version\": 2\n}\n");
        assert_eq!(merged("h.json", "", &managed).unwrap(), "{\n  \"version\": 1\n}\n");
    }

    #[test]
    fn malformed_files_name_the_line() {
        let err = merged(".claude/settings.json", "{\n  \"a\": 1,\n  oops\n}", &JsonManaged::default()).unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
        assert!(err.to_string().starts_with(".claude/settings.json:3: not valid JSON"), "{err}");
        let err = merged("x.json", "[1]", &JsonManaged::default()).unwrap_err();
        assert_eq!(err.line, Some(1));
        let managed = JsonManaged { keys: vec![(key("mcpServers.x"), json!(1))], ..Default::default() };
        let err = merged("x.json", r#"{"mcpServers": 3}"#, &managed).unwrap_err();
        assert!(err.message.contains("`mcpServers` is not an object"), "{err}");
    }
}
