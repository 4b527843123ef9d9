//! retro: a short retrospective becomes learning drafts, proposed to the
//! ledger (which scores them) when the policy allows writing, else returned.

mod config;
mod items;

use agentops_skill_sdk::prelude::*;
use agentops_skill_sdk::{LearningDraft, ledger};
use serde_json::json;

pub use config::Config;
pub use items::{Item, items};

/// The skill exported as the component's `run`.
pub struct Retro;

impl Skill for Retro {
    fn run(request: Request) -> Result<Outcome, SkillError> {
        let config: Config = request.config()?;
        let text = request.input.as_deref().filter(|t| !t.trim().is_empty()).ok_or_else(|| {
            invalid_input("no retrospective given: pass it with --input retro.md (markdown or plain text)")
        })?;
        let found = items(text, &config.skip_sections);
        if found.is_empty() {
            return Err(invalid_input(
                "no lessons found: write bullets or paragraphs under headings such as \"What went wrong\"",
            ));
        }
        let mut proposed = Vec::new();
        let mut notes = Vec::new();
        let mut kept = Vec::new();
        for item in found.iter().take(config.max_drafts) {
            let draft = draft(item);
            match ledger::propose_learning(&draft) {
                Ok(id) => proposed.push(json!({"line": item.line, "id": id})),
                Err(e) if e.contains("ledger.write") || e.contains("no ledger") => kept.push(draft),
                Err(e) => {
                    notes.push(Finding::new("retro/not-kept", Severity::Info, format!("line {}: {e}", item.line)))
                }
            }
        }
        let message =
            format!("{} lessons read; {} proposed; {} returned as drafts", found.len(), proposed.len(), kept.len());
        let mut outcome =
            Outcome { findings: notes, ..Outcome::pass() }.message(message).data(&json!({"proposed": proposed}));
        outcome.learnings = kept;
        Ok(outcome)
    }
}

agentops_skill_sdk::export_skill!(Retro);

/// The draft for one item: its first sentence as the title, the item and
/// its section as the body.
pub fn draft(item: &Item) -> LearningDraft {
    // A sentence ends at `.`, `!` or `?` before a space, not inside `0042.sql`.
    let ends =
        |(i, c): (usize, char)| matches!(c, '.' | '!' | '?') && item.text[i + 1..].starts_with(char::is_whitespace);
    let end = item.text.char_indices().find(|&p| ends(p)).map_or(item.text.len(), |(i, _)| i + 1);
    let first = item.text[..end].trim();
    let title: String = first.trim_end_matches(['.', '!', '?']).chars().take(100).collect();
    let body = match &item.section {
        Some(section) => format!("{}\n\nFrom a retrospective, under \"{section}\".", item.text),
        None => format!("{}\n\nFrom a retrospective.", item.text),
    };
    LearningDraft { title, body, category: "retro".into(), tags: vec!["retro".into()], confidence: 0.5 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_title_is_the_first_sentence_and_file_names_do_not_end_it() {
        let item = Item { section: Some("Wrong".into()), text: "Fix db/0042.sql first. Then deploy.".into(), line: 3 };
        let d = draft(&item);
        assert_eq!(d.title, "Fix db/0042.sql first");
        assert!(d.body.contains("under \"Wrong\""));
    }
}
