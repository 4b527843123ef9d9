//! Every risk needs a mitigation: in a table column named for it, in the
//! risk's nested items or sub-headed text, or inline after a marker such
//! as "mitigation", "fallback" or an arrow.

use super::{Check, Note};
use crate::config::Config;
use crate::plan::{Item, Plan};
use crate::sections::SectionKind;

/// Table cells that leave the mitigation open.
const EMPTY_CELLS: &[&str] = &["", "-", "—", "none", "n/a", "tbd", "?"];

fn is_mitigated(risk: &Item, config: &Config) -> bool {
    if let Some(cell) = &risk.mitigation {
        return !EMPTY_CELLS.contains(&cell.trim().to_lowercase().as_str());
    }
    let text = format!("{} {}", risk.text, risk.nested).to_lowercase();
    config.mitigation_markers.iter().any(|marker| text.contains(&marker.to_lowercase()))
}

pub fn check(plan: &Plan, config: &Config) -> Vec<Note> {
    let risks = plan.sections_of(SectionKind::Risks).flat_map(|section| section.units());
    risks
        .filter(|risk| !is_mitigated(risk, config))
        .map(|risk| {
            Note::at(
                Check::UnmitigatedRisk,
                risk.line,
                format!("risk without a mitigation: \"{}\"", excerpt(&risk.text)),
            )
        })
        .collect()
}

/// The first words of a risk, enough to recognise it.
fn excerpt(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= 12 { words.join(" ") } else { format!("{} …", words[..12].join(" ")) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::notes_on;

    fn lines(text: &str) -> Vec<u32> {
        notes_on(text, check).into_iter().filter_map(|(line, _)| line).collect()
    }

    #[test]
    fn lists_with_nested_or_inline_mitigations() {
        let text = "\
## Risks

- The backfill locks the table
  - Mitigation: batches of 1000 with a pause
- Replica lag grows → pause the backfill when lag passes 5 s
- The new index slows writes
";
        assert_eq!(lines(text), [6]);
    }

    #[test]
    fn tables_use_their_mitigation_column() {
        let text = "\
## Risks

| Risk | Likelihood | Mitigation |
| --- | --- | --- |
| Lock contention | high | batch the backfill |
| Disk fills up | low | TBD |
| Slow writes | low | |
";
        assert_eq!(lines(text), [6, 7]);
    }

    #[test]
    fn sub_headed_risks_and_prose_risks() {
        let text = "## What could go wrong\n\n### Data loss\n\nFallback: restore last night's snapshot.\n\n### Slow pages\n\nUsers notice.\n";
        assert_eq!(lines(text), [7]);
        assert_eq!(lines("## Risks\n\nThe export may time out.\n"), [3]);
    }

    #[test]
    fn long_risks_are_shortened_in_the_message() {
        let risk = "one two three four five six seven eight nine ten eleven twelve thirteen";
        assert_eq!(excerpt(risk), "one two three four five six seven eight nine ten eleven twelve …");
    }
}
