//! Importers: a project's runtime files read back into the model. Keys the
//! model has no field for land in `extra`; files agentops did not write are
//! read as the user wrote them. Claude Code only in this slice.

mod claude;
mod frontmatter;

pub use claude::import_claude;
