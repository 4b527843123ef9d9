//! JSON hook configs (Claude Code, Codex, Cursor) read back over a runtime's
//! [`HookDialect`]: a handler calling `agentops hook EVENT --runtime RT` for
//! its own event is the bridge, any other command the user's own. Events the
//! model lacks, handlers that are not commands and handler settings (such as
//! `timeout`) are listed as skipped; they stay in the user's file.

use serde_json::Value;

use crate::config_file::ConfigFile;
use crate::error::FileError;
use crate::import::reader::Reader;
use crate::layout::HookDialect;
use crate::layout::hooks::{COMMAND, HOOKS, MATCHER, TYPE, is_bridge};
use crate::model::{HookBinding, HookCommand};

/// The bindings under the file's `hooks` key.
pub(crate) fn hooks(r: &mut Reader, dialect: &HookDialect, file: &ConfigFile) -> Result<Vec<HookBinding>, FileError> {
    let mut out = Vec::new();
    let Some(hooks) = file.root.get(HOOKS) else { return Ok(out) };
    let hooks = hooks.as_object().ok_or_else(|| file.error(&[HOOKS], "is not an object"))?;
    let rel = r.rel(&file.path);
    for (name, entries) in hooks {
        let keys = [HOOKS, name.as_str()];
        let Some(event) = dialect.event_named(name) else {
            r.skip(&rel, file.line(&keys), format!("hook event `{name}`"), "agentops binds no such event");
            continue;
        };
        let entries = entries.as_array().ok_or_else(|| file.error(&keys, "is not a list"))?;
        for (i, entry) in entries.iter().enumerate() {
            let at = i.to_string();
            let keys = [HOOKS, name.as_str(), at.as_str()];
            let entry = entry.as_object().ok_or_else(|| file.error(&keys, "is not an object"))?;
            let matcher = match entry.get(MATCHER) {
                None => None,
                Some(Value::String(m)) if m.is_empty() || m == "*" => None,
                Some(Value::String(m)) => Some(dialect.model_matcher(m)),
                Some(_) => return Err(file.error(&[&keys[..], &[MATCHER]].concat(), "must be a string")),
            };
            if !dialect.grouped {
                let at = Site { file, rel: &rel, keys: &keys };
                out.extend(handler(r, &at, HookBinding { event, matcher, command: HookCommand::Bridge }, entry)?);
                continue;
            }
            for (k, _) in entry.iter().filter(|(k, _)| !matches!(k.as_str(), MATCHER | HOOKS)) {
                r.skip(&rel, file.line(&keys), format!("`{k}` of a `{name}` matcher group"), "not part of the model");
            }
            let handlers = entry.get(HOOKS).and_then(Value::as_array);
            let handlers = handlers.ok_or_else(|| file.error(&keys, "a matcher group needs a `hooks` list"))?;
            for (j, h) in handlers.iter().enumerate() {
                let at = j.to_string();
                let keys = [HOOKS, name.as_str(), keys[2], HOOKS, at.as_str()];
                let h = h.as_object().ok_or_else(|| file.error(&keys, "is not an object"))?;
                let at = Site { file, rel: &rel, keys: &keys };
                let binding = HookBinding { event, matcher: matcher.clone(), command: HookCommand::Bridge };
                out.extend(handler(r, &at, binding, h)?);
            }
        }
    }
    Ok(out)
}

/// Where a handler sits, for errors and skips.
struct Site<'a> {
    file: &'a ConfigFile,
    rel: &'a str,
    keys: &'a [&'a str],
}

/// One `{type?, command, matcher?, ...}` handler completing `binding` (whose
/// command is replaced); `None` (and a skip) when it is not a command.
fn handler(
    r: &mut Reader,
    at: &Site,
    mut binding: HookBinding,
    h: &serde_json::Map<String, Value>,
) -> Result<Option<HookBinding>, FileError> {
    let line = at.file.line(at.keys);
    let event = binding.event;
    if let Some(kind) = h.get(TYPE).and_then(Value::as_str).filter(|t| *t != COMMAND) {
        r.skip(at.rel, line, format!("a `{kind}` hook on `{event}`"), "only command hooks are part of the model");
        return Ok(None);
    }
    let command = match h.get(COMMAND) {
        Some(Value::String(c)) => c.clone(),
        _ => return Err(at.file.error(at.keys, "a hook needs a `command` string")),
    };
    for k in h.keys().filter(|k| !matches!(k.as_str(), TYPE | COMMAND | MATCHER)) {
        r.skip(at.rel, line, format!("`{k}` of the hook `{command}`"), "hook settings are not part of the model");
    }
    binding.command =
        if is_bridge(&command, event, r.runtime) { HookCommand::Bridge } else { HookCommand::Shell(command) };
    Ok(Some(binding))
}
