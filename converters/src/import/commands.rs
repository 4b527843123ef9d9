//! Command files over a runtime's [`CommandFormat`], the mirror of the
//! emitter: each field from its frontmatter key, other keys into `extra`; a
//! plain-markdown runtime's file is all prompt.

use crate::error::FileError;
use crate::import::frontmatter::Document;
use crate::import::reader::{Reader, stem};
use crate::layout::{CommandFormat, Field};
use crate::model::Command;
use crate::model::names::check_name;

/// The commands of `files` (project-relative `.md` paths).
pub(crate) fn commands(r: &Reader, format: &CommandFormat, files: Vec<String>) -> Result<Vec<Command>, FileError> {
    let mut commands = Vec::new();
    for rel in files {
        let path = r.path(&rel);
        let text = r.text(&rel)?.unwrap_or_default();
        let name = stem(&rel).to_string();
        check_name("", &name).map_err(|e| FileError::new(&path, None, format!("not a command name: {}", e.message)))?;
        if format.plain() {
            commands.push(Command { name, body: text, ..Default::default() });
            continue;
        }
        let mut doc = Document::parse(&path, &text)?;
        let line = |doc: &mut Document, key: Field| key.ok().map_or(Ok(None), |k| doc.take_line(k));
        let description = match format.description {
            Ok(key) => doc.take_description(key)?,
            Err(_) => None,
        };
        let subtask = match format.subtask {
            Ok(key) => doc.take_bool(key)?,
            Err(_) => None,
        };
        let mut command = Command {
            name,
            description,
            argument_hint: line(&mut doc, format.argument_hint)?,
            model: line(&mut doc, format.model)?,
            agent: line(&mut doc, format.agent)?,
            subtask,
            body: std::mem::take(&mut doc.body),
            extra: Default::default(),
        };
        if !doc.fields.is_empty() {
            command.extra.insert(format.runtime, std::mem::take(&mut doc.fields));
        }
        commands.push(command);
    }
    Ok(commands)
}
