//! The skills bound to a tool call, run in the sandbox: gates before the call
//! (`mode = "gate"` on `pre-tool-use`) and advisers before or after it
//! (`mode = "advise"`, the default). A gate binding on `post-tool-use` runs
//! as an adviser: the tool has already run, so there is nothing to block.
//!
//! When no skill binds `pre-tool-use` at all, the built-in `guard` gates
//! every tool. Each skill runs once per call however many of its bindings
//! match, as a gate if any of them is one. The wasmtime engine and the
//! component cache are touched only once a bound skill is found, and the
//! skills are parsed only when some skill.toml names the event at all: after
//! every tool call, usually none does.

use std::path::Path;

use agentops_manifest::{EventName, FailMode, Mode, Policy, grant};
use agentops_runtime::{EventKind, HookEvent, LoadSpec, Request, Runtime, Verdict};

use super::event::{AgentRuntime, Event};
use super::payload::Payload;
use crate::builtin::BUILTINS;
use crate::catalog::{Catalog, Entry};
use crate::error::Result;

/// The skill gating every tool when nothing else binds `pre-tool-use`.
const DEFAULT_GATE: &str = "guard";

/// One bound skill's run.
#[derive(Debug)]
pub struct SkillRun {
    pub skill: String,
    pub mode: Mode,
    pub fail: FailMode,
    /// What it said, or why it could not run.
    pub result: std::result::Result<Said, String>,
}

/// The parts of an outcome the bridge passes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    pub verdict: Verdict,
    /// `rule: message (fix: …)`, one per finding.
    pub findings: Vec<String>,
    pub message: Option<String>,
    /// Text the skill asks the host to add to the agent's context.
    pub context: Option<String>,
}

impl SkillRun {
    /// The verdict's name in the run log.
    pub fn verdict_name(&self) -> &'static str {
        match &self.result {
            Ok(Said { verdict: Verdict::Pass, .. }) => "pass",
            Ok(Said { verdict: Verdict::Warn, .. }) => "warn",
            Ok(Said { verdict: Verdict::Fail, .. }) => "fail",
            Err(_) => "error",
        }
    }

    /// The mode's name in the run log.
    pub fn mode_name(&self) -> &'static str {
        match self.mode {
            Mode::Gate => "gate",
            Mode::Advise => "advise",
        }
    }
}

/// Runs the skills bound to this tool event and its tool.
pub fn run_bound(root: &Path, runtime: AgentRuntime, event: Event, payload: &Payload) -> Result<Vec<SkillRun>> {
    if !may_bind(root, event.kebab()) {
        return Ok(Vec::new());
    }
    let kind = event.kind;
    let catalog = Catalog::load(root)?;
    let bound = bound(&catalog, kind, payload.tool_name.as_deref().unwrap_or_default());
    if bound.is_empty() {
        return Ok(Vec::new());
    }
    let policy = Policy::load(root)?;
    let engine = super::super::runtime()?;
    let event = hook_event(runtime, kind, payload);
    Ok(bound
        .into_iter()
        .map(|b| SkillRun {
            skill: b.entry.name().to_string(),
            mode: b.mode,
            fail: b.fail,
            result: run_one(&engine, b.entry, &policy, root, &event).map_err(|e| e.message),
        })
        .collect())
}

/// Whether any skill.toml, built in or under `skills/`, names `event`: a
/// binding spells its event out, so one that does not cannot bind it. A
/// false alarm (a comment naming the event) only costs the full parse.
fn may_bind(root: &Path, event: &str) -> bool {
    let named = |text: &str| text.contains(event);
    BUILTINS.iter().any(|b| named(b.skill_toml))
        || std::fs::read_dir(root.join("skills"))
            .into_iter()
            .flatten()
            .filter_map(|e| e.ok())
            .any(|e| std::fs::read_to_string(e.path().join("skill.toml")).is_ok_and(|text| named(&text)))
}

/// A skill to run, in the mode and fail mode its matching bindings add up to.
struct Bound<'a> {
    entry: &'a Entry,
    mode: Mode,
    fail: FailMode,
}

fn bound<'a>(catalog: &'a Catalog, kind: EventName, tool: &str) -> Vec<Bound<'a>> {
    let bindings =
        |e: &'a Entry| e.manifest.iter().flat_map(|m| &m.on).filter(move |b| b.event == kind).map(move |b| (e, b));
    if kind == EventName::PreToolUse && catalog.entries.iter().flat_map(bindings).next().is_none() {
        let guard = catalog.entries.iter().filter(|e| e.name() == DEFAULT_GATE);
        return guard.map(|entry| Bound { entry, mode: Mode::Gate, fail: FailMode::Open }).collect();
    }
    let mut found: Vec<Bound> = Vec::new();
    for (entry, binding) in catalog.entries.iter().flat_map(bindings) {
        if !entry.has_logic() || !matches(&binding.matcher, tool) {
            continue;
        }
        let mode = if kind == EventName::PreToolUse { binding.mode } else { Mode::Advise };
        match found.iter_mut().find(|b| b.entry.name() == entry.name()) {
            Some(b) => {
                if mode == Mode::Gate {
                    b.mode = Mode::Gate;
                }
                if binding.fail == FailMode::Closed {
                    b.fail = FailMode::Closed;
                }
            }
            None => found.push(Bound { entry, mode, fail: binding.fail }),
        }
    }
    found
}

/// Whether a matcher (`*`, or names separated by `|`) names `tool`. Names
/// compare without case; `Bash` and `Shell` are one tool (Claude Code,
/// Cursor and OpenCode spell the shell `Bash`, `Shell` and `bash`), and
/// `Edit` and `Write` also name Codex's `apply_patch`, as Codex's own
/// matchers do.
pub fn matches(matcher: &str, tool: &str) -> bool {
    let canonical = |name: &str| {
        let name = name.trim().to_ascii_lowercase();
        if name == "shell" { "bash".to_string() } else { name }
    };
    let tool = canonical(tool);
    let patch = tool == "apply_patch";
    matcher.split('|').map(canonical).any(|m| m == "*" || m == tool || (patch && (m == "edit" || m == "write")))
}

fn run_one(engine: &Runtime, entry: &Entry, policy: &Policy, root: &Path, event: &HookEvent) -> Result<Said> {
    let manifest = entry.manifest.clone().unwrap_or_default();
    let component = entry.component_bytes()?;
    let grant = grant(&manifest, policy);
    let mut args = Vec::new();
    if !policy.private.is_empty() {
        args.push(("private".to_string(), policy.private.join(",")));
    }
    let skill = engine.load(&LoadSpec {
        name: entry.name(),
        component: &component,
        digest: entry.component_digest(),
        grant: &grant,
        project_root: root,
        private: &policy.private,
    })?;
    let request = Request { args, input: None, event: Some(event.clone()), config: manifest.config.to_string() };
    let outcome = skill.run(&request)?.outcome;
    let findings = outcome
        .findings
        .iter()
        .map(|f| match &f.fix {
            Some(fix) => format!("{}: {} (fix: {fix})", f.rule, f.message),
            None => format!("{}: {}", f.rule, f.message),
        })
        .collect();
    Ok(Said { verdict: outcome.verdict, findings, message: outcome.message, context: outcome.context })
}

/// The `hook-event` record a bound skill receives.
fn hook_event(runtime: AgentRuntime, kind: EventName, payload: &Payload) -> HookEvent {
    let cwd = payload.cwd.clone().or_else(|| std::env::current_dir().ok().map(|d| d.display().to_string()));
    HookEvent {
        kind: match kind {
            EventName::SessionStart => EventKind::SessionStart,
            EventName::UserPrompt => EventKind::UserPrompt,
            EventName::PreToolUse => EventKind::PreToolUse,
            EventName::PostToolUse => EventKind::PostToolUse,
            EventName::Stop => EventKind::Stop,
            EventName::SessionEnd => EventKind::SessionEnd,
            EventName::PreCompact => EventKind::PreCompact,
        },
        runtime: runtime.as_str().to_string(),
        tool_name: payload.tool_name.clone(),
        tool_input: payload.tool_input.clone(),
        tool_output: payload.tool_output.clone(),
        prompt: payload.prompt.clone(),
        session_id: payload.session_id.clone(),
        transcript_path: payload.transcript_path.clone(),
        cwd: cwd.unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matchers_take_stars_alternatives_and_the_tool_aliases() {
        assert!(matches("*", "Anything"));
        assert!(matches("Read|Bash", "Bash"));
        assert!(matches("Bash", "Shell") && matches("Bash", "bash") && matches("Shell", "Bash"));
        assert!(!matches("Read|Write", "Bash"));
        assert!(!matches("Bash", "BashOutput"));
        assert!(matches("Edit", "apply_patch") && matches("Read|Write", "apply_patch"));
        assert!(!matches("Edit", "patch_notes"));
    }
}
