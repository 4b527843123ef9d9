//! The token report: what a runtime puts in the model's context in every
//! session before the user types anything, estimated in tokens and held
//! against a budget. Every token loaded up front is paid in every session, so
//! a compile that makes this grow past the budget is an error.
//!
//! What each runtime always loads:
//! - its instructions files, whole (CLAUDE.md; AGENTS.md for Codex, Cursor
//!   and OpenCode) and, for Cursor, every always-applied `.mdc` rule;
//! - the name and description of every skill (all four list their skills up
//!   front and read a SKILL.md only when one is used); on Codex the commands
//!   too, since they are written as skills there;
//! - on Claude Code, the name and description of every command, which it
//!   lists beside the skills;
//! - the name and description of every agent the main agent can delegate to
//!   (on OpenCode, those that are not primary agents);
//! - the block the session-start hook injects, counted at its full budget.
//!
//! Tokens are estimated as the ledger estimates them for `inject`: characters
//! divided by four, rounded up ([`agentops_ledger::estimate_tokens`]), for
//! each entry on its own (a name and description as `name: description`).
//! Real tokenizers differ by model; the estimate is stable, cheap, and errs a
//! little high on English prose.

use std::collections::BTreeMap;
use std::fmt;

use agentops_ledger::estimate_tokens;
use serde::Deserialize;

use crate::emit::command_skill_description;
use crate::layout::cursor::{RULE_EXTENSION, RULES};
use crate::model::{AgentMode, Bundle, HookCommand, HookEvent};
use crate::runtime::Runtime;

/// The budget when agentops.toml sets none.
pub const DEFAULT_BUDGET: usize = 8000;

/// `[compile] token_budget`: one number for every runtime, or a table of
/// numbers by runtime (the others keep [`DEFAULT_BUDGET`]). 0 turns the check
/// off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenBudget {
    all: usize,
    by_runtime: BTreeMap<Runtime, usize>,
}

impl Default for TokenBudget {
    fn default() -> Self {
        TokenBudget { all: DEFAULT_BUDGET, by_runtime: BTreeMap::new() }
    }
}

impl TokenBudget {
    /// The budget of `runtime`; 0 means unlimited.
    pub fn of(&self, runtime: Runtime) -> usize {
        self.by_runtime.get(&runtime).copied().unwrap_or(self.all)
    }
}

impl<'de> Deserialize<'de> for TokenBudget {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged, expecting = "a number of tokens, or a table of them by runtime")]
        enum Spelled {
            All(usize),
            ByRuntime(BTreeMap<String, usize>),
        }
        match Spelled::deserialize(d)? {
            Spelled::All(all) => Ok(TokenBudget { all, by_runtime: BTreeMap::new() }),
            Spelled::ByRuntime(table) => {
                let known = || Runtime::ALL.map(Runtime::as_str).join(", ");
                let by_runtime = table
                    .into_iter()
                    .map(|(name, n)| match Runtime::parse(&name) {
                        Some(runtime) => Ok((runtime, n)),
                        None => Err(serde::de::Error::custom(format!("unknown runtime `{name}`; use {}", known()))),
                    })
                    .collect::<Result<_, _>>()?;
                Ok(TokenBudget { by_runtime, ..Default::default() })
            }
        }
    }
}

/// One thing a runtime loads in every session.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Loaded {
    /// A file read whole: CLAUDE.md, AGENTS.md, an always-applied Cursor rule.
    File(String),
    /// A skill's name and description.
    Skill(String),
    /// A command's name and description, where the model sees commands.
    Command(String),
    /// An agent's name and description, listed for delegation.
    Agent(String),
    /// The block the session-start hook injects, at its budget.
    SessionStart,
}

impl Loaded {
    /// `file`, `skill`, `command`, `agent` or `session-start`.
    pub fn kind(&self) -> &'static str {
        match self {
            Loaded::File(_) => "file",
            Loaded::Skill(_) => "skill",
            Loaded::Command(_) => "command",
            Loaded::Agent(_) => "agent",
            Loaded::SessionStart => "session-start",
        }
    }

    /// The file's path or the item's name; empty for the session-start block.
    pub fn name(&self) -> &str {
        match self {
            Loaded::File(n) | Loaded::Skill(n) | Loaded::Command(n) | Loaded::Agent(n) => n,
            Loaded::SessionStart => "",
        }
    }
}

impl fmt::Display for Loaded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Loaded::File(path) => f.write_str(path),
            Loaded::SessionStart => f.write_str("the session-start block"),
            other => write!(f, "{} `{}`", other.kind(), other.name()),
        }
    }
}

/// One entry of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cost {
    pub loaded: Loaded,
    pub tokens: usize,
}

/// What one runtime loads in every session, against its budget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenReport {
    pub runtime: Runtime,
    /// 0: no budget.
    pub budget: usize,
    /// In the order they are loaded: files, skills, commands, agents, the
    /// session-start block; each kind sorted by name.
    pub costs: Vec<Cost>,
}

impl TokenReport {
    pub fn total(&self) -> usize {
        self.costs.iter().map(|c| c.tokens).sum()
    }

    /// Over a budget that is not 0: what makes `agentops compile` fail.
    pub fn over_budget(&self) -> bool {
        self.budget > 0 && self.total() > self.budget
    }

    /// The `n` costliest entries, largest first (ties by kind, then name).
    pub fn largest(&self, n: usize) -> Vec<&Cost> {
        let mut sorted: Vec<&Cost> = self.costs.iter().collect();
        sorted.sort_by(|a, b| b.tokens.cmp(&a.tokens).then_with(|| a.loaded.cmp(&b.loaded)));
        sorted.truncate(n);
        sorted
    }
}

/// Files and the session-start block one by one; skills, commands and
/// agents per kind, with their count: `skills (12): 610`.
impl fmt::Display for TokenReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let budget = match self.budget {
            0 => "no budget".to_string(),
            b => format!("budget {b}"),
        };
        writeln!(f, "{}: {} tokens in every session ({budget})", self.runtime, self.total())?;
        // (label, how many items when a kind, tokens), in the order loaded.
        let mut lines: Vec<(String, Option<usize>, usize)> = Vec::new();
        for cost in &self.costs {
            if let Loaded::File(_) | Loaded::SessionStart = cost.loaded {
                lines.push((cost.loaded.to_string(), None, cost.tokens));
                continue;
            }
            let label = format!("{}s", cost.loaded.kind());
            match lines.iter_mut().find(|(l, n, _)| n.is_some() && *l == label) {
                Some((_, n, tokens)) => (*n, *tokens) = (n.map(|n| n + 1), *tokens + cost.tokens),
                None => lines.push((label, Some(1), cost.tokens)),
            }
        }
        for (label, count, tokens) in lines {
            match count {
                Some(n) => writeln!(f, "  {label} ({n}): {tokens}")?,
                None => writeln!(f, "  {label}: {tokens}")?,
            }
        }
        Ok(())
    }
}

/// The files `runtime` reads whole in every session that compiling `bundle`
/// writes or merges into: pass their text, as it will be after compiling, to
/// [`token_report`]. A plugin brings no such file.
pub fn always_loaded_files(bundle: &Bundle, runtime: Runtime) -> Vec<String> {
    let mut files: Vec<String> = runtime.instruction_files().iter().map(|f| f.to_string()).collect();
    if runtime == Runtime::Cursor {
        let always = bundle.rules.iter().filter(|r| r.always_apply);
        files.extend(always.map(|r| format!("{RULES}/{}.{RULE_EXTENSION}", r.id)));
    }
    files
}

/// What `runtime` loads in every session from `bundle`, given the text of
/// its always-loaded `files` (path, text; see [`always_loaded_files`]) and
/// the budget of the session-start block, against `budget` (0: none).
pub fn token_report(
    bundle: &Bundle,
    runtime: Runtime,
    files: &[(String, String)],
    session_start: usize,
    budget: usize,
) -> TokenReport {
    let listed = |name: &str, description: &str| estimate_tokens(&format!("{name}: {description}"));
    let mut costs: Vec<Cost> = files
        .iter()
        .map(|(path, text)| Cost { loaded: Loaded::File(path.clone()), tokens: estimate_tokens(text) })
        .collect();
    let mut skills: Vec<Cost> = bundle
        .skills
        .iter()
        .map(|s| Cost { loaded: Loaded::Skill(s.name.clone()), tokens: listed(&s.name, &s.description) })
        .collect();
    let mut commands = Vec::new();
    for c in &bundle.commands {
        match runtime {
            Runtime::Codex => skills.push(Cost {
                loaded: Loaded::Skill(c.name.clone()),
                tokens: listed(&c.name, &command_skill_description(c)),
            }),
            Runtime::ClaudeCode => {
                let first_line = c.body.lines().find(|l| !l.trim().is_empty()).unwrap_or_default();
                let description = c.description.as_deref().unwrap_or(first_line);
                commands.push(Cost { loaded: Loaded::Command(c.name.clone()), tokens: listed(&c.name, description) });
            }
            Runtime::Cursor | Runtime::OpenCode => {}
        }
    }
    skills.sort_by(|a, b| a.loaded.cmp(&b.loaded));
    commands.sort_by(|a, b| a.loaded.cmp(&b.loaded));
    let delegates = bundle.agents.iter().filter(|a| runtime != Runtime::OpenCode || a.mode != Some(AgentMode::Primary));
    let mut agents: Vec<Cost> = delegates
        .map(|a| Cost { loaded: Loaded::Agent(a.name.clone()), tokens: listed(&a.name, &a.description) })
        .collect();
    agents.sort_by(|a, b| a.loaded.cmp(&b.loaded));
    costs.extend(skills.into_iter().chain(commands).chain(agents));
    let injects =
        bundle.all_hooks().iter().any(|h| h.event == HookEvent::SessionStart && h.command == HookCommand::Bridge);
    if injects && session_start > 0 {
        costs.push(Cost { loaded: Loaded::SessionStart, tokens: session_start });
    }
    TokenReport { runtime, budget, costs }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_budget_is_a_number_or_a_table_by_runtime() {
        #[derive(Deserialize)]
        struct T {
            b: TokenBudget,
        }
        let one: T = toml::from_str("b = 500").unwrap();
        assert_eq!((one.b.of(Runtime::Codex), one.b.of(Runtime::Cursor)), (500, 500));
        let table: T = toml::from_str("b = { cursor = 0 }").unwrap();
        assert_eq!((table.b.of(Runtime::Codex), table.b.of(Runtime::Cursor)), (DEFAULT_BUDGET, 0));
        let err = toml::from_str::<T>("b = { vim = 1 }").err().unwrap();
        assert!(err.to_string().contains("unknown runtime `vim`"), "{err}");
    }
}
