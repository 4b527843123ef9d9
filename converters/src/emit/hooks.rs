//! Hook configs in JSON (Claude Code, Codex, Cursor), built from the bundle's
//! bindings in each runtime's [`HookDialect`]. OpenCode has no hook config;
//! its plugin is built in [`super::opencode`].

use serde_json::{Map, Value, json};

use crate::emit::Output;
use crate::fidelity::{Subject, Treatment};
use crate::layout::HookDialect;
use crate::layout::hooks::{COMMAND, HOOKS, MATCHER, TYPE};
use crate::merge::HookSlots;
use crate::model::{Bundle, HookCommand};

/// Our hook entries for `bundle`, or `None` when nothing is bound that this
/// runtime has an event for (an empty hook file is no file).
pub(crate) fn hook_slots(out: &mut Output, bundle: &Bundle, dialect: &HookDialect) -> Option<HookSlots> {
    let bindings = bundle.all_hooks();
    let mut slots = HookSlots { prefix: out.bridge_prefix(), grouped: dialect.grouped, ..Default::default() };
    for binding in &bindings {
        let item = Subject::Hook(binding.event);
        let name = match dialect.event(binding.event) {
            Ok(name) => name,
            Err(why) => {
                out.report.note(&item, "event", Treatment::Dropped, why);
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
        let matcher = binding.matcher.as_ref().map(|m| match dialect.native_matcher(m) {
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
    (!slots.events.is_empty()).then_some(slots)
}

/// Appends a handler; in the grouped shape, consecutive bindings with the same
/// matcher share a group (bindings arrive sorted by event, then matcher).
fn push_entry(entries: &mut Vec<Value>, grouped: bool, matcher: Option<String>, command: String) {
    if !grouped {
        let mut entry = Map::new();
        entry.insert(COMMAND.into(), command.into());
        if let Some(m) = matcher {
            entry.insert(MATCHER.into(), m.into());
        }
        entries.push(Value::Object(entry));
        return;
    }
    let handler = json!({TYPE: COMMAND, COMMAND: command});
    let same = |g: &Value| g.get(MATCHER).and_then(Value::as_str) == matcher.as_deref();
    if let Some(group) = entries.last_mut().filter(|g| same(g)) {
        group[HOOKS].as_array_mut().expect("groups we build have hooks").push(handler);
        return;
    }
    let mut group = Map::new();
    if let Some(m) = matcher {
        group.insert(MATCHER.into(), m.into());
    }
    group.insert(HOOKS.into(), json!([handler]));
    entries.push(Value::Object(group));
}
