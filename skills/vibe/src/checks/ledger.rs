//! Ledger items scoped to the changed paths: the project's rules, patterns
//! and recorded findings about those files. vibe cannot tell whether the
//! change honours a rule, so each becomes a finding naming the item, and the
//! items are handed to the agent as context to check the change against.

use agentops_skill_sdk::Hit;
use agentops_skill_sdk::glob::any_match;

use super::{Check, Findings, Place};
use crate::config::Config;
use crate::diff::Diff;
use crate::host::Host;

fn check_of(kind: &str) -> Option<Check> {
    match kind {
        "rule" => Some(Check::LedgerRule),
        "pattern" => Some(Check::LedgerPattern),
        "finding" => Some(Check::LedgerFinding),
        _ => None,
    }
}

/// Adds a finding per scoped item and returns the context for the agent
/// (none when no item applies).
pub fn check(diff: &Diff, config: &Config, host: &dyn Host, findings: &mut Findings) -> Option<String> {
    let wanted = [Check::LedgerRule, Check::LedgerPattern, Check::LedgerFinding];
    if diff.files.is_empty() || config.ledger_limit == 0 || !wanted.iter().any(|&check| findings.enabled(check)) {
        return None;
    }
    let mut paths: Vec<String> = Vec::new();
    for file in &diff.files {
        for path in [file.old_path.as_deref(), file.new_path.as_deref()].into_iter().flatten() {
            if !path.is_empty() && !paths.iter().any(|p| p == path) {
                paths.push(path.to_string());
            }
        }
    }
    let hits = match host.scoped(&paths, config.ledger_limit) {
        Ok(hits) => hits,
        Err(e) => {
            host.warn(&format!("the ledger could not be read, so its rules were not checked: {e}"));
            return None;
        }
    };
    let mut context = Vec::new();
    for hit in hits.iter().take(config.ledger_limit as usize) {
        let Some(check) = check_of(&hit.kind) else { continue };
        let place = first_scoped(hit, &paths).map_or(Place::Change, Place::File);
        let message = format!("ledger {} {} applies to this change: {}", hit.kind, hit.id, hit.title);
        let fix = check.fix().replace("ID", &hit.id);
        findings.add(check, place, message, &fix);
        context.push(format!("- [{}] ({}) {}", hit.id, hit.kind, hit.title));
    }
    (!context.is_empty())
        .then(|| format!("Ledger items for the changed files; check the change against them:\n{}", context.join("\n")))
}

/// The first changed path the item's globs match.
fn first_scoped<'p>(hit: &Hit, paths: &'p [String]) -> Option<&'p str> {
    paths.iter().find(|path| any_match(&hit.paths, path)).map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::{FakeHost, hit, new_file_diff};
    use crate::diff;

    #[test]
    fn scoped_items_become_findings_at_the_matching_path() {
        let text = new_file_diff("docs/a.md", &["x"]) + &new_file_diff("src/db/pool.rs", &["x"]);
        let diff = diff::parse(&text);
        let host = FakeHost::with_hits(vec![
            hit("R-1", "rule", "Pool connections through db::pool", &["src/db/**"]),
            hit("F-2", "finding", "pool.rs leaks on timeout", &["src/db/pool.rs"]),
            hit("P-3", "pattern", "Prefer builders", &["src/**"]),
            hit("L-4", "learning", "not for vibe", &["src/**"]),
        ]);
        let config = Config::default();
        let mut findings = Findings::new(&config);
        let context = check(&diff, &config, &host, &mut findings).unwrap();
        assert_eq!(host.asked(), [vec!["docs/a.md".to_string(), "src/db/pool.rs".to_string()]]);
        let found: Vec<(String, Option<String>, Option<String>)> =
            findings.into_sorted().into_iter().map(|f| (f.rule, f.path, f.fix)).collect();
        let at = |rule: &str, path: &str| (rule.to_string(), Some(path.to_string()));
        let placed: Vec<(String, Option<String>)> = found.iter().map(|(r, p, _)| (r.clone(), p.clone())).collect();
        assert_eq!(
            placed,
            [
                at("vibe/ledger-rule", "src/db/pool.rs"),
                at("vibe/ledger-finding", "src/db/pool.rs"),
                at("vibe/ledger-pattern", "src/db/pool.rs")
            ]
        );
        assert_eq!(
            found[0].2.as_deref(),
            Some(
                "check the change against it; cite it with `agentops cite R-1 --how applied` when it shaped the change"
            )
        );
        assert!(context.contains("- [R-1] (rule) Pool connections through db::pool"), "{context}");
    }

    #[test]
    fn an_unreadable_ledger_or_an_empty_diff_adds_nothing() {
        let config = Config::default();
        let mut findings = Findings::new(&config);
        let text = new_file_diff("a.rs", &["x"]);
        let host = FakeHost::failing("no ledger");
        assert_eq!(check(&diff::parse(&text), &config, &host, &mut findings), None);
        assert_eq!(host.warnings(), ["the ledger could not be read, so its rules were not checked: no ledger"]);
        let empty = FakeHost::with_hits(vec![hit("R-1", "rule", "x", &[])]);
        assert_eq!(check(&diff::parse(""), &config, &empty, &mut findings), None);
        assert!(empty.asked().is_empty());
        assert!(findings.into_sorted().is_empty());
    }
}
