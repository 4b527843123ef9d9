//! Skill folders, command files and agent files: the markdown part of a
//! bundle that Claude Code (project or plugin), Cursor and OpenCode write
//! alike, each under its own folders and with its own agent frontmatter.

use crate::emit::Output;
use crate::emit::commands::write_command;
use crate::emit::skills::write_skill_in;
use crate::error::ModelError;
use crate::layout::CommandFormat;
use crate::model::{Agent, Bundle};

/// Where a runtime's markdown components go, and how it writes an agent.
pub(crate) struct Components {
    pub skills: &'static str,
    pub commands: &'static CommandFormat,
    pub agents: &'static str,
    pub agent_md: fn(&mut Output, &Agent) -> String,
}

/// Writes every skill folder, command file and agent file of `bundle` under `at`.
pub(crate) fn write_components(bundle: &Bundle, out: &mut Output, at: &Components) -> Result<(), ModelError> {
    for skill in &bundle.skills {
        write_skill_in(out, at.skills, skill)?;
    }
    for c in &bundle.commands {
        write_command(out, at.commands, c)?;
    }
    for a in &bundle.agents {
        let text = (at.agent_md)(out, a);
        out.owned(format!("{}/{}.md", at.agents, a.name), text)?;
    }
    Ok(())
}
