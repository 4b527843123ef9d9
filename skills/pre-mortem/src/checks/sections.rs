//! The parts every plan needs: each missing part, or one too thin to act
//! on, is a note at its heading (or about the plan as a whole).

use super::{Check, Note};
use crate::config::Config;
use crate::plan::Plan;
use crate::sections::SectionKind;

pub fn check(plan: &Plan, config: &Config) -> Vec<Note> {
    let mut notes = Vec::new();
    for kind in SectionKind::ALL {
        let sections: Vec<_> = plan.sections_of(kind).collect();
        let Some(first) = sections.first() else {
            notes.push(Note::anywhere(Check::Missing(kind), format!("the plan has no {} section", kind.label())));
            continue;
        };
        let words: usize = sections.iter().map(|section| section.words()).sum();
        if words < config.min_section_words {
            let message = format!(
                "the {} section (\"{}\") is {}",
                kind.label(),
                first.heading,
                if words == 0 { "empty".to_string() } else { format!("too thin to act on ({words} words)") }
            );
            notes.push(Note::at(Check::Missing(kind), first.line, message));
        }
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::notes_on;

    #[test]
    fn missing_and_empty_parts_are_named() {
        let text = "# Plan\n\n## Goal\n\nMake search fast again.\n\n## Scope and non-goals\n\nOnly the index; not the UI.\n\n## Steps\n\n1. Add the index\n2. Backfill it\n\n## Risks\n\n## Rollback\n\nRevert.\n";
        assert_eq!(
            notes_on(text, check),
            [
                (Some(16), "the risks section (\"Risks\") is empty".to_string()),
                (Some(18), "the rollback section (\"Rollback\") is too thin to act on (1 words)".to_string()),
                (None, "the plan has no test plan section".to_string()),
                (None, "the plan has no acceptance criteria section".to_string()),
            ]
        );
    }

    #[test]
    fn label_paragraphs_count_as_parts() {
        let text =
            "**Goal:** make the nightly export resumable.\n\n**Rollback:** disable the `resume` flag and rerun.\n";
        let missing: Vec<String> = notes_on(text, check).into_iter().map(|(_, m)| m).collect();
        assert_eq!(
            missing,
            [
                "the plan has no scope section",
                "the plan has no non-goals section",
                "the plan has no steps section",
                "the plan has no risks section",
                "the plan has no test plan section",
                "the plan has no acceptance criteria section"
            ]
        );
    }
}
