//! Query expansion from a small hand-written thesaurus, so a problem
//! described from the outside ("people get signed out", "billed twice",
//! "froze") meets the lesson written in the engineer's words ("session",
//! "charged", "lock").
//!
//! Each group lists words used for one thing in bug reports and in lessons.
//! A query term found in a group brings in the group's other words at
//! [`EXPANSION_WEIGHT`] of an original term's weight, so an item naming the
//! query's own words still ranks first. Only queries are expanded: the index,
//! novelty and the persisted cache are unchanged. Offline, std only, built
//! once per process from the table below (stemmed with the index's tokenizer).

use std::collections::HashMap;
use std::sync::OnceLock;

use super::tokenize::tokens;

/// Weight of a term brought in by expansion, relative to a query's own term.
pub const EXPANSION_WEIGHT: f64 = 0.4;

/// Groups of words meaning the same thing in engineering reports.
const GROUPS: &[&str] = &[
    "slow sluggish latency slower painfully forever",
    "hang hung stuck freeze froze frozen unresponsive stall stalled deadlock blocked runaway",
    "crash crashed panic died killed abort",
    "memory ram rss heap oom",
    "climbing growing grew growth leak",
    "disk storage space",
    "database db postgres mysql sqlite",
    "user customer shopper buyer visitor people",
    "signed logged logout login session",
    "billed bill charged charge paid payment invoice cost spending expensive",
    "twice duplicate double second",
    "deploy release ship shipped rollout",
    "compile compiling build",
    "secret credential password token key",
    "folder directory dir",
    "emoji smiley unicode utf8mb4",
    "rounding penny cent precision decimal",
    "nightly weekly scheduled schedule cron",
    "quota limit",
    "vendor partner provider upstream",
    "banned blocked throttled",
    "helpdesk support",
    "iphone ios android mobile",
    "accessibility blind a11y aria",
    "signup registration",
    "record row",
    "halt halts stop stops",
    "search filter",
    "recover restore backup dump",
    "corrupt corrupted truncated damaged",
    "scan audit vulnerability advisory",
    "wiped deleted removed erased",
    "vanished lost disappeared missing",
    "colleague teammate coworker",
    "noise noisy spam verbose fatigue",
    "randomly random intermittent intermittently flaky sporadic",
    "parallel concurrent concurrently",
    "hammers flood floods storm",
    "nonstop endless infinite loop",
    "restart reboot boot startup systemd",
    "primary failover",
    "machine host server box",
    "quiet idle inactive",
    "previous stale outdated",
    "purchase order checkout",
    "schema migration",
    "downtime outage 502 unavailable",
    "browser frontend bundle javascript",
    "crash sentry",
];

/// Each stemmed term of the table and the other terms of its groups.
fn table() -> &'static HashMap<String, Vec<String>> {
    static TABLE: OnceLock<HashMap<String, Vec<String>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut map: HashMap<String, Vec<String>> = HashMap::new();
        for group in GROUPS {
            let terms = tokens(group);
            for term in &terms {
                let others = map.entry(term.clone()).or_default();
                for other in terms.iter().filter(|o| *o != term) {
                    if !others.contains(other) {
                        others.push(other.clone());
                    }
                }
            }
        }
        map
    })
}

/// The query's distinct terms with weight 1, then their expansions with
/// [`EXPANSION_WEIGHT`] (a term both given and implied keeps weight 1).
pub fn expand(query_terms: &[String]) -> Vec<(String, f64)> {
    let mut out: Vec<(String, f64)> = Vec::new();
    for term in query_terms {
        if !out.iter().any(|(t, _)| t == term) {
            out.push((term.clone(), 1.0));
        }
    }
    for term in query_terms {
        for other in table().get(term).into_iter().flatten() {
            if !out.iter().any(|(t, _)| t == other) {
                out.push((other.clone(), EXPANSION_WEIGHT));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        tokens(text)
    }

    #[test]
    fn a_symptom_word_brings_in_its_synonyms_at_lower_weight() {
        let expanded = expand(&terms("people signed out"));
        assert_eq!(expanded[..3], [("people".into(), 1.0), ("sign".into(), 1.0), ("out".into(), 1.0)]);
        assert!(expanded.contains(&("session".into(), EXPANSION_WEIGHT)));
        assert!(expanded.contains(&("customer".into(), EXPANSION_WEIGHT)));
    }

    #[test]
    fn words_of_the_query_keep_full_weight_and_appear_once() {
        let expanded = expand(&terms("billed charged billed"));
        assert_eq!(expanded.iter().filter(|(t, _)| t == "bill").count(), 1);
        assert!(expanded.contains(&("charg".into(), 1.0)));
        assert!(expanded.contains(&("payment".into(), EXPANSION_WEIGHT)));
    }

    #[test]
    fn unknown_words_expand_to_nothing() {
        assert_eq!(expand(&terms("cargo")), [("cargo".to_string(), 1.0)]);
        assert!(expand(&[]).is_empty());
    }

    #[test]
    fn every_group_word_survives_tokenizing() {
        for group in GROUPS {
            assert_eq!(tokens(group).len(), group.split_whitespace().count(), "{group}");
        }
    }
}
