//! Command files: markdown with optional frontmatter (Claude Code, OpenCode)
//! or plain markdown (Cursor). A [`CommandFormat`] says which model field has
//! which key, or why the runtime has none; the emitter and the importer of
//! commands are written once over it.

use crate::runtime::Runtime;

/// A field's frontmatter key, or why the runtime has no such field.
pub(crate) type Field = Result<&'static str, &'static str>;

/// How one runtime writes commands.
#[derive(Debug)]
pub(crate) struct CommandFormat {
    pub runtime: Runtime,
    /// The folder of `<name>.md` files.
    pub dir: &'static str,
    pub description: Field,
    pub argument_hint: Field,
    pub model: Field,
    pub agent: Field,
    pub subtask: Field,
}

impl CommandFormat {
    /// No field has a key: the file is the prompt and nothing else, so an
    /// importer must not read a leading `---` block as frontmatter.
    pub fn plain(&self) -> bool {
        [self.description, self.argument_hint, self.model, self.agent, self.subtask].iter().all(Result::is_err)
    }

    /// Why this runtime cannot take `model` as written, if it cannot.
    pub fn model_problem(&self, model: &str) -> Option<&'static str> {
        match self.runtime {
            Runtime::OpenCode => crate::layout::opencode::model_problem(model),
            _ => None,
        }
    }
}
