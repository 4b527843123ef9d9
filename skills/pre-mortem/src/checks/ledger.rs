//! The ledger's pre-mortem rules: rules and patterns found by looking up
//! "pre-mortem" and the plan's goal. A rule counts as addressed when the plan
//! mentions most of the words of its title; one it does not address is a
//! note. Every rule found is also handed to the agent as context.

use std::collections::HashSet;

use agentops_skill_sdk::Hit;

use super::{Check, Note};
use crate::config::Config;
use crate::host::Host;
use crate::plan::{Plan, words};
use crate::sections::SectionKind;

/// Words too common to tell whether a plan addresses a rule.
const STOPWORDS: &[&str] = &[
    "the",
    "and",
    "for",
    "with",
    "that",
    "this",
    "from",
    "into",
    "when",
    "before",
    "after",
    "every",
    "each",
    "must",
    "should",
    "always",
    "never",
    "have",
    "been",
    "your",
    "their",
    "plan",
    "plans",
    "pre-mortem",
    "premortem",
    "than",
    "then",
    "them",
    "they",
    "what",
    "which",
    "while",
    "will",
    "would",
    "about",
    "only",
];

/// Goal words sent with the query, at most.
const GOAL_WORDS: usize = 12;

/// The words of `text` that carry meaning: four letters or more, not common.
fn significant(text: &str) -> Vec<String> {
    words(text).filter(|word| word.chars().count() >= 4 && !STOPWORDS.contains(&word.as_str())).collect()
}

/// What the lookup asks: "pre-mortem", then the goal's words (or the title's).
pub fn query(plan: &Plan) -> String {
    let goal = plan.sections_of(SectionKind::Goal).next().map(|section| section.text());
    let source = goal.or_else(|| plan.title.clone()).unwrap_or_default();
    let goal_words: Vec<String> = significant(&source).into_iter().take(GOAL_WORDS).collect();
    std::iter::once("pre-mortem".to_string()).chain(goal_words).collect::<Vec<_>>().join(" ")
}

/// Whether the plan mentions at least half of the rule's significant words.
fn addressed(hit: &Hit, plan_words: &HashSet<String>) -> bool {
    let wanted = significant(&hit.title);
    let found = wanted.iter().filter(|word| plan_words.contains(*word)).count();
    wanted.is_empty() || found * 2 >= wanted.len()
}

/// Notes for the rules the plan does not address, and the context for the
/// agent (none when the ledger has no such rules).
pub fn check(plan: &Plan, config: &Config, host: &dyn Host) -> (Vec<Note>, Option<String>) {
    if config.ledger_limit == 0 {
        return (Vec::new(), None);
    }
    let hits = match host.lookup(&query(plan), config.ledger_limit) {
        Ok(hits) => hits,
        Err(e) => {
            host.warn(&format!("the ledger could not be read, so its pre-mortem rules were not checked: {e}"));
            return (Vec::new(), None);
        }
    };
    let rules: Vec<&Hit> = hits.iter().filter(|hit| matches!(hit.kind.as_str(), "rule" | "pattern")).collect();
    let plan_words: HashSet<String> = plan.words().collect();
    let notes = rules
        .iter()
        .filter(|hit| !addressed(hit, &plan_words))
        .map(|hit| {
            Note::anywhere(
                Check::LedgerRule,
                format!("the plan does not address ledger {} {}: {}", hit.kind, hit.id, hit.title),
            )
        })
        .collect();
    let lines: Vec<String> = rules.iter().map(|hit| format!("- [{}] ({}) {}", hit.id, hit.kind, hit.title)).collect();
    let context = (!lines.is_empty())
        .then(|| format!("Ledger rules for pre-mortems; check the plan against them:\n{}", lines.join("\n")));
    (notes, context)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::{FakeHost, hit};
    use crate::plan::parse;

    const PLAN: &str = "# Move search to Postgres\n\n## Goal\n\nServe search from Postgres full-text indexes instead of Elasticsearch.\n\n## Steps\n\n1. Snapshot the database before the migration\n";

    #[test]
    fn the_query_is_pre_mortem_and_the_goal() {
        assert_eq!(query(&parse(PLAN)), "pre-mortem serve search postgres full-text indexes instead elasticsearch");
        assert_eq!(query(&parse("# Nightly export\n")), "pre-mortem nightly export");
        assert_eq!(query(&parse("")), "pre-mortem");
    }

    #[test]
    fn unaddressed_rules_become_notes_and_all_reach_the_context() {
        let host = FakeHost::with_hits(vec![
            hit("R-1", "rule", "Snapshot the database before a migration"),
            hit("R-2", "rule", "Announce downtime windows to support"),
            hit("P-3", "pattern", "Load-test indexes with production traffic"),
            hit("L-4", "learning", "Not a rule"),
        ]);
        let (notes, context) = check(&parse(PLAN), &Config::default(), &host);
        let messages: Vec<String> = notes.into_iter().map(|note| note.message).collect();
        assert_eq!(
            messages,
            [
                "the plan does not address ledger rule R-2: Announce downtime windows to support",
                "the plan does not address ledger pattern P-3: Load-test indexes with production traffic"
            ]
        );
        let context = context.unwrap();
        assert!(context.contains("[R-1] (rule)") && !context.contains("L-4"), "{context}");
        assert_eq!(host.queries(), ["pre-mortem serve search postgres full-text indexes instead elasticsearch"]);
    }

    #[test]
    fn an_unreadable_ledger_is_a_warning_not_a_failure() {
        let host = FakeHost::failing("no ledger");
        assert_eq!(check(&parse(PLAN), &Config::default(), &host), (Vec::new(), None));
        assert_eq!(host.warnings().len(), 1);
    }
}
