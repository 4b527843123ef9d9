//! The way back into a project's source: an imported model written as
//! `skills/<name>/` folders and `[[commands]]`, `[[agents]]` and
//! `[mcp_servers.NAME]` entries of `.agents/agentops.toml` (merged with
//! toml_edit, so the user's tables, comments and formatting stay), exactly as
//! [`super::load`] reads them back. An item the project already has is left
//! alone unless forced; what the source has no place for is listed.

use std::path::Path;

use toml_edit::{ArrayOfTables, DocumentMut, InlineTable, Item, Table, value};

use crate::emit::skill_md;
use crate::error::{FileError, line_of_offset};
use crate::fidelity::{Note, Subject, Treatment};
use crate::import::hand_written_rule;
use crate::merge::toml_value;
use crate::model::{Agent, Bundle, Command, Extras, HookCommand, McpServer, McpTransport, Permissions, Rule};
use crate::runtime::Runtime;
use crate::source::SourceError;
use crate::source::config::CONFIG;
use crate::tree::{OutputFile, Tree};

/// Where skills live in a project.
const SKILLS: &str = "skills";

/// What writing a model into a project's source amounts to.
#[derive(Debug, Clone, PartialEq)]
pub struct Export {
    /// The files to write: each skill's folder, and agentops.toml (whole,
    /// with the user's text kept) when it changes.
    pub files: Tree,
    /// Items written, new or (forced) replaced.
    pub written: Vec<Subject>,
    /// Items left alone because the project already has one of that name.
    pub kept: Vec<Subject>,
    /// What the source has no place for, and where it stays instead.
    pub notes: Vec<Note>,
}

/// Plans writing `bundle` into the source of the project at `root`; with
/// `force`, items the project already has are replaced.
pub fn export(root: &Path, bundle: &Bundle, force: bool) -> Result<Export, SourceError> {
    bundle.validate()?;
    let mut out = Export { files: Tree::default(), written: Vec::new(), kept: Vec::new(), notes: Vec::new() };
    for skill in &bundle.skills {
        let item = Subject::Skill(skill.name.clone());
        if !skill.hooks.is_empty() {
            out.note(&item, "hooks", "bind the skill to events in its skill.toml `[[on]]`");
        }
        let dir = format!("{SKILLS}/{}", skill.name);
        if root.join(&dir).exists() && !force {
            out.kept.push(item);
            continue;
        }
        let text = skill_md(&skill.name, &skill.description, &skill.extra, &skill.body);
        out.files.insert(Tree::path(format!("{dir}/SKILL.md")), OutputFile::owned(text))?;
        for file in &skill.files {
            let owned = OutputFile { executable: file.executable, ..OutputFile::owned(file.bytes.clone()) };
            out.files.insert(Tree::path(format!("{dir}/{}", file.path)), owned)?;
        }
        out.written.push(item);
    }
    config(root, bundle, force, &mut out)?;
    for rule in &bundle.rules {
        out.note(&Subject::Rule(rule.id.clone()), "rule", rule_note(rule));
    }
    for hook in bundle.hooks.iter() {
        let why = match hook.command {
            HookCommand::Bridge => "compile adds the built-in hooks and binds skills through skill.toml `[[on]]`",
            HookCommand::Shell(_) => "the source has no shell hooks; it stays in the runtime's hook file",
        };
        out.note(&Subject::Hook(hook.event), "command", why);
    }
    if !bundle.permissions.is_empty() {
        out.note(
            &Subject::Permissions,
            "allow/ask/deny",
            "the source has no permission rules; they stay in the runtime's settings",
        );
    }
    out.notes.sort();
    out.notes.dedup();
    Ok(out)
}

impl Export {
    fn record(&mut self, item: Subject, written: bool) {
        if written { self.written.push(item) } else { self.kept.push(item) }
    }

    fn note(&mut self, item: &Subject, field: &str, why: impl Into<String>) {
        self.notes.push(Note {
            item: item.clone(),
            field: field.to_string(),
            treatment: Treatment::Dropped,
            why: why.into(),
        });
    }
}

/// Where a rule goes instead: text written by hand stays in its file; other
/// rules belong to the ledger.
fn rule_note(rule: &Rule) -> String {
    let files = Runtime::ALL.iter().flat_map(|r| r.instruction_files());
    match files.into_iter().find(|f| rule.title == **f && rule.id == hand_written_rule(f)) {
        Some(file) => format!("written by hand in {file}, where it stays; compile leaves it alone"),
        None => "rules come from the ledger; capture it with `agentops learn add`".to_string(),
    }
}

/// `[[commands]]`, `[[agents]]`, `[mcp_servers.NAME]` merged into agentops.toml.
fn config(root: &Path, bundle: &Bundle, force: bool, out: &mut Export) -> Result<(), SourceError> {
    let path = root.join(CONFIG);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(FileError::new(&path, None, format!("cannot read: {e}")).into()),
    };
    let mut doc: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
        let line = e.span().map(|s| line_of_offset(&text, s.start));
        FileError::new(&path, line, format!("not valid TOML: {}", e.message()))
    })?;
    for (key, ok) in [
        ("commands", doc.get("commands").is_none_or(Item::is_array_of_tables)),
        ("agents", doc.get("agents").is_none_or(Item::is_array_of_tables)),
        ("mcp_servers", doc.get("mcp_servers").is_none_or(Item::is_table)),
    ] {
        if !ok {
            let line = text.lines().position(|l| l.trim_start().trim_start_matches('[').starts_with(key));
            let message = format!(
                "`{key}` is not what the compiler reads (see docs/converters.md); agentops needs to add entries to it"
            );
            return Err(FileError::new(&path, line.map(|i| i + 1), message).into());
        }
    }
    let before = out.written.len();
    for c in &bundle.commands {
        let table = command_table(c, out);
        let item = Subject::Command(c.name.clone());
        out.record(item, upsert_array(&mut doc, "commands", &c.name, table, force));
    }
    for a in &bundle.agents {
        let table = agent_table(a, out);
        let item = Subject::Agent(a.name.clone());
        out.record(item, upsert_array(&mut doc, "agents", &a.name, table, force));
    }
    for s in &bundle.mcp_servers {
        let table = server_table(s, out);
        let servers = doc.entry("mcp_servers").or_insert_with(|| {
            let mut t = Table::new();
            t.set_implicit(true);
            Item::Table(t)
        });
        let servers = servers.as_table_mut().expect("checked above");
        let write = force || !servers.contains_key(&s.name);
        if write {
            servers.insert(&s.name, Item::Table(table));
        }
        out.record(Subject::McpServer(s.name.clone()), write);
    }
    if out.written.len() > before {
        out.files.insert(Tree::path(CONFIG.to_string()), OutputFile::owned(doc.to_string()))?;
    }
    Ok(())
}

/// Replaces (when forced) or appends the `[[key]]` entry named `name`;
/// false when one exists and is kept.
fn upsert_array(doc: &mut DocumentMut, key: &str, name: &str, table: Table, force: bool) -> bool {
    let entries = doc.entry(key).or_insert_with(|| Item::ArrayOfTables(ArrayOfTables::new()));
    let entries = entries.as_array_of_tables_mut().expect("checked by the caller");
    let existing = entries.iter().position(|t| t.get("name").and_then(Item::as_str) == Some(name));
    match existing {
        Some(_) if !force => return false,
        Some(i) => *entries.get_mut(i).expect("just found") = table,
        None => entries.push(table),
    }
    true
}

fn command_table(c: &Command, out: &mut Export) -> Table {
    let mut t = Table::new();
    t["name"] = value(&c.name);
    opt(&mut t, "description", &c.description);
    t["body"] = value(&c.body);
    opt(&mut t, "argument_hint", &c.argument_hint);
    opt(&mut t, "model", &c.model);
    opt(&mut t, "agent", &c.agent);
    if let Some(subtask) = c.subtask {
        t["subtask"] = value(subtask);
    }
    extras(&mut t, &Subject::Command(c.name.clone()), &c.extra, out);
    t
}

fn agent_table(a: &Agent, out: &mut Export) -> Table {
    let mut t = Table::new();
    t["name"] = value(&a.name);
    t["description"] = value(&a.description);
    t["instructions"] = value(&a.instructions);
    if let Some(tools) = &a.tools {
        t["tools"] = value(tools.iter().collect::<toml_edit::Array>());
    }
    opt(&mut t, "model", &a.model);
    if let Some(mode) = a.mode {
        t["mode"] = value(mode.as_str());
    }
    if let Some(p) = &a.permission {
        t["permission"] = value(permission(p));
    }
    extras(&mut t, &Subject::Agent(a.name.clone()), &a.extra, out);
    t
}

fn server_table(s: &McpServer, out: &mut Export) -> Table {
    let mut t = Table::new();
    let map = |m: &std::collections::BTreeMap<String, String>| {
        m.iter().map(|(k, v)| (k.as_str(), toml_edit::Value::from(v.as_str()))).collect::<InlineTable>()
    };
    match &s.transport {
        McpTransport::Stdio { command, args, env } => {
            t["command"] = value(command);
            if !args.is_empty() {
                t["args"] = value(args.iter().collect::<toml_edit::Array>());
            }
            if !env.is_empty() {
                t["env"] = value(map(env));
            }
        }
        McpTransport::Http { url, headers } => {
            t["url"] = value(url);
            if !headers.is_empty() {
                t["headers"] = value(map(headers));
            }
        }
    }
    extras(&mut t, &Subject::McpServer(s.name.clone()), &s.extra, out);
    t
}

fn opt(t: &mut Table, key: &str, v: &Option<String>) {
    if let Some(v) = v {
        t[key] = value(v);
    }
}

fn permission(p: &Permissions) -> InlineTable {
    let lists = [("allow", &p.allow), ("ask", &p.ask), ("deny", &p.deny)];
    let non_empty = lists.into_iter().filter(|(_, l)| !l.is_empty());
    non_empty.map(|(k, l)| (k, toml_edit::Value::Array(l.iter().collect()))).collect()
}

/// `extra = { RUNTIME = { ... } }`; a null (which TOML cannot hold) is noted
/// and left out.
fn extras(t: &mut Table, item: &Subject, extras: &Extras, out: &mut Export) {
    let mut by_runtime = InlineTable::new();
    for (runtime, keys) in extras {
        let mut keys_table = InlineTable::new();
        for (k, v) in keys {
            if v.is_null() {
                out.note(item, &format!("extra.{runtime}.{k}"), "TOML has no null value");
            } else {
                keys_table.insert(k, toml_value(v));
            }
        }
        if !keys_table.is_empty() {
            by_runtime.insert(runtime.as_str(), toml_edit::Value::InlineTable(keys_table));
        }
    }
    if !by_runtime.is_empty() {
        t["extra"] = value(by_runtime);
    }
}
