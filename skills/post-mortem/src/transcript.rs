//! The session transcript, forged by the host: the sandbox cannot read the
//! agent's files, and the host's forge already knows every transcript format,
//! scores learnings as `agentops learn add` does and drops what the ledger
//! already says. Written to the ledger when the grant allows; otherwise the
//! same decisions are made in a dry run and the learnings come back as drafts.

use agentops_skill_sdk::LearningDraft;
use agentops_skill_sdk::ledger::{self, ForgeReport, Forged};
use agentops_skill_sdk::prelude::*;
use serde_json::{Value, json};

use crate::learnings::Learnings;

/// One transcript, forged.
#[derive(Debug, Clone)]
pub struct Forging {
    /// As the request named it.
    pub path: String,
    pub report: ForgeReport,
    /// Why the host wrote nothing (the report is a dry run's), when it did not.
    pub not_written: Option<String>,
}

/// Forges the transcript at `path`: for real when the grant allows writing,
/// else as a dry run. One that cannot be read fails either way, naming it,
/// before anything is written.
pub fn forge(path: &str) -> Result<Forging, SkillError> {
    let (report, not_written) = match ledger::forge(path, false) {
        Ok(report) => (report, None),
        Err(refused) => {
            let report = ledger::forge(path, true)
                .map_err(|e| invalid_input(format!("the transcript cannot be forged: {e}")))?;
            (report, Some(refused))
        }
    };
    Ok(Forging { path: path.to_string(), report, not_written })
}

impl Forging {
    /// The learnings forge keeps: new, and good enough.
    pub fn kept(&self) -> impl Iterator<Item = &Forged> {
        self.report.proposed.iter().filter(|f| f.dropped.is_none())
    }

    /// Adds the kept learnings: their ids when the host wrote them, else drafts.
    pub fn add_to(&self, learnings: &mut Learnings) {
        for forged in self.kept() {
            match &self.not_written {
                None => learnings.add_written(forged.id.clone()),
                Some(why) => learnings.add_draft(draft(forged), why),
            }
        }
    }

    /// For the person: `transcript session.jsonl: 3 learnings kept, 2 dropped`.
    pub fn summary(&self) -> String {
        let kept = self.kept().count();
        format!("transcript {}: {kept} learnings kept, {} dropped", self.path, self.report.proposed.len() - kept)
    }

    /// A note on the lines forge skipped, when it skipped any.
    pub fn skipped_lines(&self) -> Option<Finding> {
        let first = self.report.warnings.first()?;
        let message = format!("{} transcript lines skipped, e.g. {first}", self.report.warnings.len());
        Some(Finding::new("post-mortem/transcript-lines-skipped", Severity::Info, message))
    }

    /// Each proposal and what became of it, for `data`.
    pub fn to_json(&self) -> Value {
        let proposed: Vec<Value> = self
            .report
            .proposed
            .iter()
            .map(|f| {
                json!({
                    "id": f.id, "rule": f.rule, "title": f.title, "tier": f.tier,
                    "quality": f.quality, "line": f.line, "dropped": f.dropped,
                })
            })
            .collect();
        json!({
            "path": self.path, "written": self.not_written.is_none(), "proposed": proposed,
            "cited": self.report.cited, "warnings": self.report.warnings,
        })
    }
}

/// A kept learning as a draft for a person to keep with `agentops learn add`;
/// the host's quality stands in for the confidence the skill has none of.
fn draft(forged: &Forged) -> LearningDraft {
    LearningDraft {
        title: forged.title.clone(),
        body: forged.body.clone(),
        category: forged.category.clone(),
        tags: forged.tags.clone(),
        confidence: forged.quality as f32,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forged(title: &str, dropped: Option<&str>) -> Forged {
        Forged {
            id: format!("L-{}", title.len()),
            rule: "lesson".into(),
            title: title.into(),
            body: "Because.".into(),
            category: "debugging".into(),
            tags: vec!["lesson".into()],
            paths: vec![],
            quality: 0.62,
            tier: "bronze".into(),
            line: 17,
            dropped: dropped.map(str::to_string),
        }
    }

    fn forging(not_written: Option<&str>) -> Forging {
        let report = ForgeReport {
            proposed: vec![forged("Run cargo check", None), forged("Be careful", Some("quality 0.20 is below bronze"))],
            cited: vec![],
            warnings: vec!["s.jsonl:15: skipped an invalid line".into()],
        };
        Forging { path: "s.jsonl".into(), report, not_written: not_written.map(str::to_string) }
    }

    #[test]
    fn kept_learnings_are_ids_when_written_and_drafts_when_not() {
        let mut written = Learnings::default();
        forging(None).add_to(&mut written);
        assert_eq!(written.written, ["L-15"]);
        assert!(written.drafts.is_empty());

        let mut drafted = Learnings::default();
        forging(Some("needs ledger.write")).add_to(&mut drafted);
        assert!(drafted.written.is_empty());
        assert_eq!(drafted.drafts.len(), 1);
        assert_eq!((drafted.drafts[0].title.as_str(), drafted.drafts[0].confidence), ("Run cargo check", 0.62_f32));
        assert_eq!(drafted.refused.as_deref(), Some("needs ledger.write"));
    }

    #[test]
    fn the_summary_counts_what_was_kept_and_notes_skipped_lines() {
        let f = forging(None);
        assert_eq!(f.summary(), "transcript s.jsonl: 1 learnings kept, 1 dropped");
        let note = f.skipped_lines().unwrap();
        assert_eq!(note.message, "1 transcript lines skipped, e.g. s.jsonl:15: skipped an invalid line");
        let data = f.to_json();
        assert_eq!(data["written"], true);
        assert_eq!(data["proposed"][1]["dropped"], "quality 0.20 is below bronze");
    }
}
