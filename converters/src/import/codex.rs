//! Codex's files into the model: `.agents/skills/`, `.codex/agents/*.toml`,
//! `.codex/hooks.json`, the `[mcp_servers]` of `.codex/config.toml` (the rest
//! of that file is the user's settings) and AGENTS.md. Codex has no command
//! files: a command compiled for Codex comes back as the skill it became.

use serde_json::Value;

use crate::config_file::ConfigFile;
use crate::error::FileError;
use crate::import::hooks::hooks;
use crate::import::instructions::rules;
use crate::import::mcp::servers;
use crate::import::reader::{Reader, stem};
use crate::import::skills::skills;
use crate::layout::codex::{AGENTS, DEVELOPER_INSTRUCTIONS, HOOKS, MCP, SKILLS};
use crate::layout::{AGENTS_MD, DESCRIPTION, MODEL, NAME};
use crate::model::names::{check_description, check_line, check_name};
use crate::model::{Agent, Bundle};
use crate::runtime::Runtime;

pub(crate) fn import(r: &mut Reader) -> Result<Bundle, FileError> {
    let mut b = Bundle { skills: skills(r, SKILLS)?, ..Default::default() };
    for rel in r.files(AGENTS, "toml")? {
        let file = r.toml(&rel)?.expect("just listed");
        b.agents.push(agent(&file, stem(&rel))?);
    }
    if let Some(file) = r.json(HOOKS.file)? {
        b.hooks = hooks(r, &HOOKS, &file)?;
    }
    if let Some(file) = r.toml(MCP.file)? {
        b.mcp_servers = servers(&file, MCP, Runtime::Codex)?;
    }
    b.rules = rules(r, AGENTS_MD, true)?;
    Ok(b)
}

/// A custom agent: `name` (default: the file name), `description` and
/// `developer_instructions` (required), `model`; other keys into `extra`.
fn agent(file: &ConfigFile, file_stem: &str) -> Result<Agent, FileError> {
    let mut rest = file.root.clone();
    let mut take = |key: &str, required: bool| -> Result<Option<String>, FileError> {
        match rest.shift_remove(key) {
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(file.error(&[key], "must be a string")),
            None if required => Err(FileError::new(&file.path, Some(1), format!("`{key}` is required"))),
            None => Ok(None),
        }
    };
    let name = take(NAME, false)?.unwrap_or_else(|| file_stem.to_string());
    let description = take(DESCRIPTION, true)?.unwrap_or_default();
    let model = take(MODEL, false)?;
    let instructions = take(DEVELOPER_INSTRUCTIONS, true)?.unwrap_or_default();
    check_name("", &name).map_err(|e| file.error(&[NAME], e.message))?;
    check_description("", &description).map_err(|e| file.error(&[DESCRIPTION], e.message))?;
    if let Some(m) = &model {
        check_line("", MODEL, m).map_err(|e| file.error(&[MODEL], e.message))?;
    }
    let mut agent = Agent { name, description, instructions, model, ..Default::default() };
    if !rest.is_empty() {
        agent.extra.insert(Runtime::Codex, rest);
    }
    Ok(agent)
}
