//! The before-tool gate: the skills bound to `pre-tool-use` in `mode = "gate"`
//! whose matcher names the tool, run in the sandbox and combined.
//!
//! Any `fail` verdict denies the call (never `ask`: Codex cannot ask from a
//! hook, and one answer for every runtime keeps the gate predictable). A skill
//! that cannot run (trap, limit, missing component) lets the call through
//! unless its binding says `fail = "closed"`. When no skill binds
//! `pre-tool-use` at all, the built-in `guard` gates every tool. The wasmtime
//! engine and the component cache are touched only once a gate is found.

use std::path::Path;

use agentops_manifest::{EventName, FailMode, Mode, Policy, grant};
use agentops_runtime::{EventKind, HookEvent, LoadSpec, Request, Runtime, Verdict};

use super::event::AgentRuntime;
use super::payload::Payload;
use crate::catalog::{Catalog, Entry};
use crate::error::Result;

/// The skill gating every tool when nothing else binds `pre-tool-use`.
const DEFAULT_GATE: &str = "guard";

/// What one gate said.
#[derive(Debug)]
pub struct GateRun {
    pub skill: String,
    pub verdict: GateVerdict,
    pub fail: FailMode,
}

#[derive(Debug)]
pub enum GateVerdict {
    Ran(Verdict, Vec<String>),
    /// The skill could not run; the binding's fail mode decides.
    Error(String),
}

impl GateRun {
    /// The verdict's name in the run log.
    pub fn verdict_name(&self) -> &'static str {
        match &self.verdict {
            GateVerdict::Ran(Verdict::Pass, _) => "pass",
            GateVerdict::Ran(Verdict::Warn, _) => "warn",
            GateVerdict::Ran(Verdict::Fail, _) => "fail",
            GateVerdict::Error(_) => "error",
        }
    }

    /// Why this gate blocks the call, if it does.
    fn denial(&self) -> Option<String> {
        match &self.verdict {
            GateVerdict::Ran(Verdict::Fail, reasons) => Some(reasons.join("\n")),
            GateVerdict::Error(e) if self.fail == FailMode::Closed => {
                Some(format!("{}: could not run and its binding fails closed: {e}", self.skill))
            }
            _ => None,
        }
    }
}

/// The reason to deny the call, from every gate that blocks it; `None` allows it.
pub fn combine(runs: &[GateRun]) -> Option<String> {
    let reasons: Vec<String> = runs.iter().filter_map(GateRun::denial).collect();
    (!reasons.is_empty()).then(|| reasons.join("\n"))
}

/// Runs the gates bound to this tool call.
pub fn run_gates(root: &Path, runtime: AgentRuntime, payload: &Payload) -> Result<Vec<GateRun>> {
    let catalog = Catalog::load(root)?;
    let tool = payload.tool_name.as_deref().unwrap_or_default();
    let gates = bound_gates(&catalog, tool);
    if gates.is_empty() {
        return Ok(Vec::new());
    }
    let policy = Policy::load(root)?;
    let engine = super::super::runtime()?;
    let event = hook_event(runtime, payload);
    Ok(gates
        .into_iter()
        .map(|(entry, fail)| {
            let verdict = match run_one(&engine, entry, &policy, root, &event) {
                Ok(ran) => ran,
                Err(e) => GateVerdict::Error(e.message),
            };
            GateRun { skill: entry.name().to_string(), verdict, fail }
        })
        .collect())
}

/// The gate skills for `tool`, each with its fail mode.
fn bound_gates<'a>(catalog: &'a Catalog, tool: &str) -> Vec<(&'a Entry, FailMode)> {
    let bindings = |e: &'a Entry| {
        e.manifest.iter().flat_map(|m| &m.on).filter(|b| b.event == EventName::PreToolUse).map(move |b| (e, b))
    };
    let any_bound = catalog.entries.iter().flat_map(bindings).next().is_some();
    if !any_bound {
        return catalog.entries.iter().filter(|e| e.name() == DEFAULT_GATE).map(|e| (e, FailMode::Open)).collect();
    }
    let mut gates: Vec<(&Entry, FailMode)> = Vec::new();
    for (entry, binding) in catalog.entries.iter().flat_map(bindings) {
        if binding.mode == Mode::Gate && entry.has_logic() && matches(&binding.matcher, tool) {
            match gates.iter_mut().find(|(e, _)| e.name() == entry.name()) {
                // Two bindings of one skill: run it once, closed if either says so.
                Some((_, fail)) if binding.fail == FailMode::Closed => *fail = FailMode::Closed,
                Some(_) => {}
                None => gates.push((entry, binding.fail)),
            }
        }
    }
    gates
}

/// Whether a matcher (`*`, or names separated by `|`) names `tool`. Names
/// compare without case, and `Bash` and `Shell` are one tool: Claude Code,
/// Cursor and OpenCode spell the shell `Bash`, `Shell` and `bash`.
pub fn matches(matcher: &str, tool: &str) -> bool {
    let canonical = |name: &str| {
        let name = name.trim().to_ascii_lowercase();
        if name == "shell" { "bash".to_string() } else { name }
    };
    let tool = canonical(tool);
    matcher.split('|').any(|m| m.trim() == "*" || canonical(m) == tool)
}

fn run_one(engine: &Runtime, entry: &Entry, policy: &Policy, root: &Path, event: &HookEvent) -> Result<GateVerdict> {
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
    let reasons = if outcome.findings.is_empty() {
        vec![format!("{}: {}", entry.name(), outcome.message.as_deref().unwrap_or("failed"))]
    } else {
        outcome
            .findings
            .iter()
            .map(|f| match &f.fix {
                Some(fix) => format!("{}: {} (fix: {fix})", f.rule, f.message),
                None => format!("{}: {}", f.rule, f.message),
            })
            .collect()
    };
    Ok(GateVerdict::Ran(outcome.verdict, reasons))
}

/// The `hook-event` record a gate receives.
fn hook_event(runtime: AgentRuntime, payload: &Payload) -> HookEvent {
    let cwd = payload.cwd.clone().or_else(|| std::env::current_dir().ok().map(|d| d.display().to_string()));
    HookEvent {
        kind: EventKind::PreToolUse,
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
    fn matchers_take_stars_alternatives_and_the_shell_aliases() {
        assert!(matches("*", "Anything"));
        assert!(matches("Read|Bash", "Bash"));
        assert!(matches("Bash", "Shell") && matches("Bash", "bash") && matches("Shell", "Bash"));
        assert!(!matches("Read|Write", "Bash"));
        assert!(!matches("Bash", "BashOutput"));
    }

    fn run(skill: &str, verdict: GateVerdict, fail: FailMode) -> GateRun {
        GateRun { skill: skill.into(), verdict, fail }
    }

    #[test]
    fn any_fail_denies_and_errors_deny_only_when_closed() {
        let pass = run("a", GateVerdict::Ran(Verdict::Pass, vec![]), FailMode::Open);
        let open_error = run("b", GateVerdict::Error("trap".into()), FailMode::Open);
        assert_eq!(combine(&[pass, open_error]), None);
        let fail = run("c", GateVerdict::Ran(Verdict::Fail, vec!["guard/x: no (fix: yes)".into()]), FailMode::Open);
        let closed_error = run("d", GateVerdict::Error("trap".into()), FailMode::Closed);
        let reason = combine(&[fail, closed_error]).unwrap();
        assert!(reason.starts_with("guard/x: no (fix: yes)\nd: could not run"), "{reason}");
    }
}
