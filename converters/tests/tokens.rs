//! The token report over the demo model: what each runtime counts, the
//! estimate (ceil(chars / 4)), the budget and its largest contributors.

use agentops_converters::model::AgentMode;
use agentops_converters::tokens::{Loaded, TokenReport, always_loaded_files, token_report};
use agentops_converters::{EmitOptions, Runtime, emit};

use crate::common::demo;

/// The report of `runtime` with its always-loaded files as the emitter
/// writes them into an empty project.
fn report(bundle: &agentops_converters::model::Bundle, runtime: Runtime, budget: usize) -> TokenReport {
    let emitted = emit(bundle, runtime, &EmitOptions::default()).unwrap();
    let files: Vec<(String, String)> = always_loaded_files(bundle, runtime)
        .into_iter()
        .filter_map(|path| {
            let file = emitted.tree.get(&path)?;
            Some((path, String::from_utf8(file.bytes.clone()).unwrap()))
        })
        .collect();
    token_report(bundle, runtime, &files, 1500, budget)
}

fn kinds(report: &TokenReport) -> Vec<String> {
    report.costs.iter().map(|c| c.loaded.to_string()).collect()
}

#[test]
fn each_runtime_counts_what_it_loads() {
    let claude = report(&demo(), Runtime::ClaudeCode, 8000);
    assert_eq!(
        kinds(&claude),
        ["CLAUDE.md", "skill `tdd`", "command `review`", "agent `reviewer`", "the session-start block"]
    );
    // Codex lists the command as the skill it became; Cursor reads its
    // always-applied rule, and no AGENTS.md was written for it.
    assert_eq!(
        kinds(&report(&demo(), Runtime::Codex, 8000)),
        ["AGENTS.md", "skill `review`", "skill `tdd`", "agent `reviewer`", "the session-start block"]
    );
    assert_eq!(
        kinds(&report(&demo(), Runtime::Cursor, 8000)),
        [".cursor/rules/small-commits.mdc", "skill `tdd`", "agent `reviewer`", "the session-start block"]
    );
    let mut primary = demo();
    primary.agents[0].mode = Some(AgentMode::Primary);
    assert_eq!(
        kinds(&report(&primary, Runtime::OpenCode, 8000)),
        ["AGENTS.md", "skill `tdd`", "the session-start block"],
        "a primary agent is not offered for delegation"
    );
}

#[test]
fn tokens_are_characters_over_four_rounded_up() {
    let claude = report(&demo(), Runtime::ClaudeCode, 8000);
    let skill = &demo().skills[0];
    let line = format!("{}: {}", skill.name, skill.description);
    let cost = claude.costs.iter().find(|c| c.loaded == Loaded::Skill("tdd".into())).unwrap();
    assert_eq!(cost.tokens, line.chars().count().div_ceil(4));
    assert_eq!(claude.total(), claude.costs.iter().map(|c| c.tokens).sum::<usize>());
}

#[test]
fn over_budget_names_the_largest_and_zero_turns_it_off() {
    let tight = report(&demo(), Runtime::ClaudeCode, 1600);
    assert!(tight.over_budget(), "{tight}");
    let largest: Vec<String> = tight.largest(2).iter().map(|c| c.loaded.to_string()).collect();
    assert_eq!(largest, ["the session-start block", "CLAUDE.md"]);
    assert!(!report(&demo(), Runtime::ClaudeCode, 0).over_budget());
    assert!(tight.to_string().starts_with("claude-code: "), "{tight}");
}

#[test]
fn no_session_start_hook_means_no_injected_block() {
    let mut quiet = demo();
    quiet.hooks.clear();
    let claude = report(&quiet, Runtime::ClaudeCode, 8000);
    assert!(!claude.costs.iter().any(|c| c.loaded == Loaded::SessionStart), "{claude}");
}
