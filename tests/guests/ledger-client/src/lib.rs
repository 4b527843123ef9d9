//! Each `--arg mode=...` calls one function of the `ledger` import with the
//! other arguments and returns what the host answered in `data` (hits as
//! `[id, kind, title, paths, tier]`), or the host's refusal as a denied error.

use agentops_skill_sdk::prelude::*;
use agentops_skill_sdk::{Hit, LearningDraft, ledger};

struct LedgerClient;

fn hits(found: Vec<Hit>) -> Result<Outcome, SkillError> {
    let rows: Vec<(String, String, String, Vec<String>, String)> =
        found.into_iter().map(|h| (h.id, h.kind, h.title, h.paths, h.tier)).collect();
    Ok(Outcome::pass().data(&rows))
}

fn arg<'a>(request: &'a Request, name: &str) -> &'a str {
    request.arg(name).unwrap_or_default()
}

impl Skill for LedgerClient {
    fn run(request: Request) -> Result<Outcome, SkillError> {
        let limit = arg(&request, "limit").parse().unwrap_or(10);
        match arg(&request, "mode") {
            "lookup" => hits(ledger::lookup(arg(&request, "query"), limit).map_err(denied)?),
            "scoped" => {
                let paths = arg(&request, "paths").split(',').map(str::to_string).collect::<Vec<_>>();
                hits(ledger::scoped(&paths, limit).map_err(denied)?)
            }
            "propose" => {
                let draft = LearningDraft {
                    title: arg(&request, "title").into(),
                    body: arg(&request, "body").into(),
                    category: "testing".into(),
                    tags: vec!["ledger-client".into()],
                    confidence: 0.9,
                };
                Ok(Outcome::pass().data(&ledger::propose_learning(&draft).map_err(denied)?))
            }
            "finding" => {
                let finding = Finding {
                    rule: "ledger-client/demo".into(),
                    severity: Severity::Significant,
                    message: arg(&request, "message").into(),
                    path: Some(arg(&request, "path").into()),
                    line: Some(7),
                    fix: Some("do the safe thing".into()),
                };
                Ok(Outcome::pass().data(&ledger::record_finding(&finding).map_err(denied)?))
            }
            "cite" => {
                ledger::cite(arg(&request, "id"), arg(&request, "how")).map_err(denied)?;
                Ok(Outcome::pass())
            }
            other => Err(invalid_input(format!("unknown mode `{other}`"))),
        }
    }
}

agentops_skill_sdk::export_skill!(LedgerClient);
