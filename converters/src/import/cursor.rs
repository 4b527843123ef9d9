//! Cursor's files into the model: `.cursor/rules/*.mdc`, `.cursor/skills/`,
//! `.cursor/commands/*.md` (plain prompts), `.cursor/agents/*.md`,
//! `.cursor/hooks.json`, `.cursor/mcp.json`, and the hand-written text of
//! AGENTS.md, which Cursor loads too (Cursor gets no agentops section there:
//! its rules are the `.mdc` files).

use crate::error::FileError;
use crate::import::agents::markdown_agent;
use crate::import::commands::commands;
use crate::import::frontmatter::Document;
use crate::import::hooks::hooks;
use crate::import::instructions::rules;
use crate::import::mcp::servers;
use crate::import::reader::{Reader, stem};
use crate::import::skills::skills;
use crate::layout::cursor::{
    AGENTS, ALWAYS_APPLY, COMMANDS, GLOBS, HOOKS, HOOKS_VERSION, MCP, RULE_EXTENSION, RULES, SKILLS, split_rule_text,
};
use crate::layout::{AGENTS_MD, DESCRIPTION};
use crate::model::names::{check_name, kebab};
use crate::model::{Bundle, Rule};
use crate::runtime::Runtime;

pub(crate) fn import(r: &mut Reader) -> Result<Bundle, FileError> {
    let mut b = Bundle {
        skills: skills(r, SKILLS)?,
        commands: commands(r, &COMMANDS, r.files(COMMANDS.dir, "md")?)?,
        ..Default::default()
    };
    for rel in r.files(RULES, RULE_EXTENSION)? {
        b.rules.push(rule(r, &rel)?);
    }
    b.rules.extend(rules(r, AGENTS_MD, false)?);
    for rel in r.files(AGENTS, "md")? {
        b.agents.push(markdown_agent(r, &rel, |_, _| Ok(()))?);
    }
    if let Some(file) = r.json(HOOKS.file)? {
        b.hooks = hooks(r, &HOOKS, &file)?;
        let rel = r.rel(&file.path);
        for key in file.root.keys().filter(|k| !matches!(k.as_str(), "hooks") && *k != HOOKS_VERSION.0) {
            r.skip(&rel, file.line(&[key]), format!("`{key}`"), "not part of the model");
        }
    }
    if let Some(file) = r.json(MCP.file)? {
        b.mcp_servers = servers(&file, MCP, Runtime::Cursor)?;
    }
    Ok(b)
}

/// A rule file: `description`, `globs` (a comma-separated string or a list),
/// `alwaysApply`; the title from the leading `# heading`, else the id. The
/// id is the file name, lowercased into kebab-case when it is not already.
fn rule(r: &mut Reader, rel: &str) -> Result<Rule, FileError> {
    let path = r.path(rel);
    let text = r.text(rel)?.unwrap_or_default();
    let mut doc = Document::parse_lenient(&path, &text)?;
    let name = stem(rel);
    let id = kebab(name);
    if id != name {
        r.skip(rel, None, format!("the rule name `{name}`"), format!("written back as `{id}`"));
    }
    check_name("", &id).map_err(|e| FileError::new(&path, None, format!("not a rule name: {}", e.message)))?;
    let description = doc.take_description(DESCRIPTION)?;
    let globs = doc.take_list(GLOBS)?.unwrap_or_default();
    let always_apply = doc.take_bool(ALWAYS_APPLY)?.unwrap_or(false);
    for key in doc.fields.keys() {
        r.skip(rel, doc.line(key), format!("`{key}`"), "rules have no such field");
    }
    let (title, body) = match split_rule_text(&doc.body) {
        Some((title, body)) => (title.to_string(), body.to_string()),
        None => (id.clone(), doc.body.clone()),
    };
    Ok(Rule { id, title, description, body, globs, always_apply })
}
