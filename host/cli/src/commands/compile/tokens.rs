//! The token report of a compile: for each target runtime, what it will load
//! in every session once the plan is carried out (the instructions files as
//! they will read, the user's text included), against `[compile]
//! token_budget`. The estimate itself is `agentops_converters::tokens`.

use std::path::Path;

use agentops_converters::source::Source;
use agentops_converters::tokens::{TokenReport, always_loaded_files, token_report};
use serde_json::{Value, json};

use super::form::Form;
use super::plan::{Plan, State};

/// The budget the session-start hook injects the ledger within.
const SESSION_START_TOKENS: usize = agentops_ledger::SESSION_TOKENS;

/// How many contributors an over-budget error names.
const NAMED: usize = 3;

/// One report per runtime of `form` (the runtimes of its fidelity reports).
pub fn reports(source: &Source, form: &Form, plan: &Plan) -> Vec<TokenReport> {
    form.fidelity
        .iter()
        .map(|fidelity| {
            let runtime = fidelity.runtime;
            let paths = if form.project { always_loaded_files(&source.bundle, runtime) } else { Vec::new() };
            let files: Vec<(String, String)> =
                paths.into_iter().filter_map(|p| after(&form.dir, plan, &p).map(|text| (p, text))).collect();
            let budget = source.config.token_budget.of(runtime);
            token_report(&source.bundle, runtime, &files, SESSION_START_TOKENS, budget)
        })
        .collect()
}

/// What `path` holds once `plan` is carried out: our output, the disk for a
/// file we leave alone (a hand edit, or the user's own AGENTS.md).
fn after(dir: &Path, plan: &Plan, path: &str) -> Option<String> {
    let bytes = match plan.actions.iter().find(|a| a.path == path) {
        Some(a) => match a.state {
            State::Write | State::Unchanged => a.new.clone(),
            State::Remove => None,
            State::HandEdited => a.old.clone(),
        },
        None => std::fs::read(dir.join(path)).ok(),
    };
    bytes.map(|b| String::from_utf8_lossy(&b).into_owned())
}

/// `{RUNTIME: {budget, total, loads: [{kind, name, tokens}]}}`.
pub fn json(reports: &[TokenReport]) -> Value {
    let by_runtime = reports.iter().map(|r| {
        let loads: Vec<Value> = r
            .costs
            .iter()
            .map(|c| json!({"kind": c.loaded.kind(), "name": c.loaded.name(), "tokens": c.tokens}))
            .collect();
        (r.runtime.to_string(), json!({"budget": r.budget, "total": r.total(), "loads": loads}))
    });
    Value::Object(by_runtime.collect())
}

/// The error line of a report over its budget, naming what costs the most.
pub fn over_budget(report: &TokenReport) -> String {
    let largest: Vec<String> = report.largest(NAMED).iter().map(|c| format!("{} ({})", c.loaded, c.tokens)).collect();
    format!(
        "{} loads {} tokens in every session, over its budget of {}; largest: {}",
        report.runtime,
        report.total(),
        report.budget,
        largest.join(", ")
    )
}
