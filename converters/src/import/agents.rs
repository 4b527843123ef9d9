//! Agent files in markdown (Claude Code, Cursor, OpenCode): what they share
//! (`name`, else the file name; `description`; `model`; the body as the
//! instructions), the runtime's own keys read by the caller, and the rest
//! into `extra`.

use crate::error::FileError;
use crate::import::frontmatter::Document;
use crate::import::reader::{Reader, stem};
use crate::layout::{DESCRIPTION, MODEL, NAME};
use crate::model::Agent;
use crate::model::names::check_name;

/// The agent in `rel`; `own` takes the runtime's own keys from the
/// frontmatter before the remaining ones go to `extra`.
pub(crate) fn markdown_agent(
    r: &Reader,
    rel: &str,
    own: impl FnOnce(&mut Document, &mut Agent) -> Result<(), FileError>,
) -> Result<Agent, FileError> {
    let path = r.path(rel);
    let text = r.text(rel)?.unwrap_or_default();
    let mut doc = Document::parse(&path, &text)?;
    let name = doc.take_line(NAME)?.unwrap_or_else(|| stem(rel).to_string());
    check_name("", &name).map_err(|e| FileError::new(&path, doc.line(NAME), format!("`name`: {}", e.message)))?;
    let description = doc.take_description(DESCRIPTION)?.ok_or_else(|| doc.error(DESCRIPTION, "is required"))?;
    let mut agent = Agent { name, description, model: doc.take_line(MODEL)?, ..Default::default() };
    own(&mut doc, &mut agent)?;
    agent.instructions = std::mem::take(&mut doc.body);
    if !doc.fields.is_empty() {
        agent.extra.insert(r.runtime, std::mem::take(&mut doc.fields));
    }
    Ok(agent)
}
