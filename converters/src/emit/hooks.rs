//! Hook configs. Claude Code and Codex share one shape (PascalCase events,
//! matcher groups of `{type: command, command}` handlers); Cursor's is flat
//! (`{command, matcher}` under camelCase events, with `version: 1`). Both are
//! built here from the bundle's bindings; each emitter supplies its event names.

use serde_json::{Map, Value, json};

use crate::emit::Output;
use crate::fidelity::Treatment;
use crate::merge::HookSlots;
use crate::model::{Bundle, HookBinding, HookCommand, HookEvent};

/// How one runtime spells events and tool names.
pub(crate) struct HookDialect {
    /// The runtime's name for an event, or why it has none.
    pub event: fn(HookEvent) -> Result<&'static str, &'static str>,
    /// The runtime's spelling of a Claude Code tool matcher, when it differs.
    pub matcher: fn(&str) -> Option<String>,
    pub grouped: bool,
}

/// Our hook entries for `bundle`, or `None` when nothing is bound.
pub(crate) fn hook_slots(out: &mut Output, bundle: &Bundle, dialect: &HookDialect) -> Option<HookSlots> {
    let bindings = bundle.all_hooks();
    if bindings.is_empty() {
        return None;
    }
    let mut slots = HookSlots { prefix: out.bridge_prefix(), grouped: dialect.grouped, ..Default::default() };
    for binding in &bindings {
        let item = format!("hook `{}`", binding.event);
        let name = match (dialect.event)(binding.event) {
            Ok(name) => name,
            Err(why) => {
                out.report.note(item, "event", Treatment::Dropped, why);
                continue;
            }
        };
        let command = match &binding.command {
            HookCommand::Bridge => out.bridge(binding.event),
            HookCommand::Shell(cmd) => {
                slots.commands.insert(cmd.clone());
                cmd.clone()
            }
        };
        let matcher = binding.matcher.as_ref().map(|m| match (dialect.matcher)(m) {
            Some(native) => {
                out.report.note(&item, "matcher", Treatment::Lowered, format!("`{m}` is spelled `{native}` here"));
                native
            }
            None => m.clone(),
        });
        let entries = match slots.events.iter_mut().find(|(e, _)| e == name) {
            Some((_, entries)) => entries,
            None => {
                slots.events.push((name.to_string(), Vec::new()));
                &mut slots.events.last_mut().expect("just pushed").1
            }
        };
        push_entry(entries, dialect.grouped, matcher, command);
    }
    Some(slots)
}

/// Appends a handler; in the grouped shape, consecutive bindings with the same
/// matcher share a group (bindings arrive sorted by event, then matcher).
fn push_entry(entries: &mut Vec<Value>, grouped: bool, matcher: Option<String>, command: String) {
    if !grouped {
        let mut entry = Map::new();
        entry.insert("command".into(), command.into());
        if let Some(m) = matcher {
            entry.insert("matcher".into(), m.into());
        }
        entries.push(Value::Object(entry));
        return;
    }
    let handler = json!({"type": "command", "command": command});
    let same = |g: &Value| g.get("matcher").and_then(Value::as_str) == matcher.as_deref();
    if let Some(group) = entries.last_mut().filter(|g| same(g)) {
        group["hooks"].as_array_mut().expect("groups we build have hooks").push(handler);
        return;
    }
    let mut group = Map::new();
    if let Some(m) = matcher {
        group.insert("matcher".into(), m.into());
    }
    group.insert("hooks".into(), json!([handler]));
    entries.push(Value::Object(group));
}

/// The PascalCase names Claude Code uses for every event.
pub(crate) fn pascal(event: HookEvent) -> Result<&'static str, &'static str> {
    Ok(event.pascal_case())
}

/// Matchers are already in Claude Code spelling.
pub(crate) fn same_matcher(_: &str) -> Option<String> {
    None
}

/// A binding read back from a hook file (for importers): a command of the form
/// `BIN hook EVENT --runtime RT` for this very event and runtime is the bridge;
/// anything else is the user's own shell command.
pub(crate) fn binding(event: HookEvent, matcher: Option<&str>, command: &str, runtime: &str) -> HookBinding {
    let words: Vec<&str> = command.split_whitespace().collect();
    let bridge = matches!(words.as_slice(), [_, "hook", e, "--runtime", rt] if *e == event.as_str() && *rt == runtime);
    let command = if bridge { HookCommand::Bridge } else { HookCommand::Shell(command.to_string()) };
    HookBinding { event, matcher: matcher.map(String::from), command }
}
