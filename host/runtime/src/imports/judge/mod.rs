//! `agentops:skill/judge`: the judges the user configured in agentops.toml
//! (`[judges.NAME]`, see `agentops_manifest::Judges`), asked in parallel.
//!
//! Granted only by the `judge` capability, which the default policy does not
//! allow. The skill chooses judges by name and writes the prompt; the user
//! chose the commands. Each judge gets the prompt on stdin and its own
//! timeout, capped by the time left to the skill; one that times out, exits
//! non-zero or answers without a JSON verdict abstains, with the reason in
//! its judgment's note.

mod answer;
mod process;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use agentops_manifest::{Judge, Judges};

use crate::bindings::agentops::skill::judge::{Host, Judgment};
use crate::state::HostState;

/// Time kept back from the skill's deadline for it to use the judgments.
const MARGIN: Duration = Duration::from_millis(50);
/// Most bytes of prompt a skill may send.
const MAX_PROMPT_BYTES: usize = 4 << 20;

/// The project's judges, as one skill may ask them.
#[derive(Debug)]
pub struct Panel {
    root: PathBuf,
    judges: Result<Judges, String>,
}

impl Panel {
    /// Reads the judges of the project at `root`; a broken configuration is
    /// reported to the skill when it asks.
    pub fn open(root: &Path) -> Self {
        Panel { root: root.to_path_buf(), judges: Judges::load(root).map_err(|e| e.to_string()) }
    }

    /// Asks `names` (every judge when empty) about `prompt`, answering before `deadline`.
    pub fn ask(&self, names: &[String], prompt: &str, deadline: Instant) -> Result<Vec<Judgment>, String> {
        let judges = self.judges.as_ref().map_err(Clone::clone)?;
        if judges.0.is_empty() {
            return Err(
                "no judges are configured; add `[judges.NAME]` with `command = [...]` to .agents/agentops.toml".into(),
            );
        }
        if prompt.len() > MAX_PROMPT_BYTES {
            return Err(format!("the prompt has {} bytes; at most {MAX_PROMPT_BYTES}", prompt.len()));
        }
        let chosen: Vec<(&String, &Judge)> = if names.is_empty() {
            judges.0.iter().collect()
        } else {
            names
                .iter()
                .map(|name| {
                    judges.0.get_key_value(name).ok_or_else(|| {
                        let known: Vec<&str> = judges.0.keys().map(String::as_str).collect();
                        format!("no judge named `{name}`; configured: {}", known.join(", "))
                    })
                })
                .collect::<Result<_, _>>()?
        };
        let left = deadline.saturating_duration_since(Instant::now()).saturating_sub(MARGIN);
        if left.is_zero() {
            return Err("no time is left for judges; raise the skill's timeout_ms".into());
        }
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start the judges: {e}"))?;
        runtime.block_on(async {
            let mut tasks = tokio::task::JoinSet::new();
            for (index, (name, judge)) in chosen.iter().enumerate() {
                let (name, judge, root, prompt) =
                    ((*name).clone(), (*judge).clone(), self.root.clone(), prompt.to_string());
                let timeout = left.min(Duration::from_millis(judge.timeout_ms));
                tasks.spawn(async move {
                    let result = process::run(&judge, &root, prompt, timeout).await;
                    (index, judgment(&name, &judge, result))
                });
            }
            let mut judgments: Vec<(usize, Judgment)> = tasks.join_all().await;
            judgments.sort_by_key(|(index, _)| *index);
            Ok(judgments.into_iter().map(|(_, j)| j).collect())
        })
    }
}

/// A judge's run as a judgment: its verdict, or its abstention and why.
fn judgment(name: &str, judge: &Judge, stdout: Result<String, String>) -> Judgment {
    let abstain = |note: String| Judgment {
        judge: name.to_string(),
        vendor: judge.vendor(),
        verdict: None,
        confidence: 0.0,
        findings: Vec::new(),
        note,
    };
    match stdout.and_then(|out| answer::parse(name, &out)) {
        Ok(a) => Judgment {
            judge: name.to_string(),
            vendor: judge.vendor(),
            verdict: Some(a.verdict),
            confidence: a.confidence,
            findings: a.findings,
            note: a.summary,
        },
        Err(reason) => abstain(reason),
    }
}

impl Host for HostState {
    fn ask(&mut self, judges: Vec<String>, prompt: String) -> Result<Vec<Judgment>, String> {
        let panel = self.judges.clone().ok_or_else(|| "the judge capability was not granted".to_string())?;
        panel.ask(&judges, &prompt, self.deadline)
    }
}
