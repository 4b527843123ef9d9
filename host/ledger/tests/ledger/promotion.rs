//! Promotion learning → pattern → rule on a constructed history: who is
//! proposed, with what evidence, what the written items look like, and that
//! volume from one session promotes nothing.

use agentops_ledger::{Filter, Kind, Ledger, PROMOTED_FROM, Status, derive_id, promoted_from};

use super::history::{at, cite, project_with, put};

const NOW: &str = "2026-11-25T09:30:00Z";

/// Default thresholds: pattern 3 sessions, utility 0.6, 7 days; rule 5
/// sessions, utility 0.75, 30 days.
fn history() -> (tempfile::TempDir, Ledger) {
    let (dir, ledger) = project_with("");
    let since_nov_1 = "created: 2026-11-01T00:00:00Z\n";
    // Three sessions (s-1 twice), utility 0.8, 24.4 days: a pattern.
    put(
        &ledger,
        Kind::Learning,
        "L-1",
        &format!(
            "{since_nov_1}tags: [ci]\npaths: ['.ci/**']\nutility: 0.8\nlast_applied: 2026-11-20T00:00:00Z\n\
             citations:\n  retrieved: 5\n  applied: 4\n  helpful: 0\n  harmful: 0\nreviewer: ada\n"
        ),
    );
    for (ts, session) in [
        ("2026-11-10T00:00:00Z", "s-1"),
        ("2026-11-11T00:00:00Z", "s-1"),
        ("2026-11-15T00:00:00Z", "s-2"),
        ("2026-11-20T00:00:00Z", "s-3"),
    ] {
        cite(&ledger, ts, "L-1", "retrieved", Some(session));
        cite(&ledger, ts, "L-1", "applied", Some(session));
    }
    // Volume: ten applications from one session.
    put(&ledger, Kind::Learning, "L-2", &format!("{since_nov_1}utility: 0.95\n"));
    for _ in 0..10 {
        cite(&ledger, "2026-11-12T00:00:00Z", "L-2", "applied", Some("s-1"));
    }
    // Enough sessions, but one harmful verdict.
    put(&ledger, Kind::Learning, "L-3", &format!("{since_nov_1}utility: 0.7\n"));
    for session in ["s-1", "s-2", "s-3"] {
        cite(&ledger, "2026-11-12T00:00:00Z", "L-3", "applied", Some(session));
    }
    cite(&ledger, "2026-11-13T00:00:00Z", "L-3", "harmful", Some("s-4"));
    // Enough sessions, too young (3.4 days).
    put(&ledger, Kind::Learning, "L-4", "created: 2026-11-22T00:00:00Z\nutility: 0.9\n");
    // Enough sessions, utility below 0.6.
    put(&ledger, Kind::Learning, "L-5", &format!("{since_nov_1}utility: 0.55\n"));
    for id in ["L-4", "L-5"] {
        for session in ["s-1", "s-2", "s-3"] {
            cite(&ledger, "2026-11-23T00:00:00Z", id, "applied", Some(session));
        }
    }
    // Applied three times without a session: no breadth to show.
    put(&ledger, Kind::Learning, "L-6", &format!("{since_nov_1}utility: 0.9\n"));
    for _ in 0..3 {
        cite(&ledger, "2026-11-12T00:00:00Z", "L-6", "applied", None);
    }
    // A pattern promoted from L-7: three sessions before, two since, 85 days
    // from L-7's capture: a rule.
    put(
        &ledger,
        Kind::Learning,
        "L-7",
        "created: 2026-09-01T00:00:00Z\nupdated: 2026-10-20T00:00:00Z\nstatus: superseded\nsuperseded_by: P-7\n",
    );
    put(
        &ledger,
        Kind::Pattern,
        "P-7",
        "created: 2026-10-20T00:00:00Z\nutility: 0.8\nsupersedes: [L-7]\npromoted_from: L-7\n",
    );
    for session in ["s-1", "s-2", "s-3"] {
        cite(&ledger, "2026-10-01T00:00:00Z", "L-7", "applied", Some(session));
    }
    for session in ["s-4", "s-5"] {
        cite(&ledger, "2026-11-01T00:00:00Z", "P-7", "applied", Some(session));
    }
    // Neither rules nor retired items move.
    put(&ledger, Kind::Rule, "R-8", &format!("{since_nov_1}utility: 1.0\n"));
    put(&ledger, Kind::Learning, "L-9", &format!("{since_nov_1}utility: 1.0\nstatus: retired\n"));
    for id in ["R-8", "L-9"] {
        for session in ["s-1", "s-2", "s-3", "s-4", "s-5"] {
            cite(&ledger, "2026-11-12T00:00:00Z", id, "applied", Some(session));
        }
    }
    (dir, ledger)
}

fn ids(candidates: &[agentops_ledger::Candidate]) -> Vec<&str> {
    candidates.iter().map(|c| c.item.id.as_str()).collect()
}

#[test]
fn promotion_proposes_by_evidence_never_by_volume() {
    let (_dir, ledger) = history();
    let plan = ledger.promotion_plan(at(NOW)).unwrap();
    assert!(plan.errors.is_empty(), "{:?}", plan.errors);
    assert_eq!(ids(&plan.proposals), ["L-1", "P-7"]);
    assert_eq!(ids(&plan.held), ["L-2", "L-3", "L-4", "L-5"]);

    let l1 = &plan.proposals[0];
    assert_eq!(l1.to, Kind::Pattern);
    assert_eq!(l1.evidence.lineage, ["L-1"]);
    assert_eq!(l1.evidence.sessions, ["s-1", "s-2", "s-3"]);
    assert_eq!((l1.evidence.applied, l1.evidence.harmful, l1.evidence.utility), (4, 0, 0.8));
    // Nov 1 00:00 → Nov 25 09:30 = 24 days 9.5 hours.
    assert!((l1.evidence.age_days - (24.0 + 9.5 / 24.0)).abs() < 1e-9, "{}", l1.evidence.age_days);

    let p7 = &plan.proposals[1];
    assert_eq!(p7.to, Kind::Rule);
    assert_eq!(p7.evidence.lineage, ["P-7", "L-7"]);
    assert_eq!(p7.evidence.sessions, ["s-1", "s-2", "s-3", "s-4", "s-5"]);
    // Counted from L-7's capture on Sep 1, not P-7's on Oct 20.
    assert!((p7.evidence.age_days - (85.0 + 9.5 / 24.0)).abs() < 1e-9, "{}", p7.evidence.age_days);

    let unmet: Vec<&[String]> = plan.held.iter().map(|c| c.unmet.as_slice()).collect();
    assert_eq!(unmet[0], ["applied in 1 distinct sessions, needs 3"]);
    assert_eq!(unmet[1], ["judged harmful 1 time(s)"]);
    assert_eq!(unmet[2], ["first captured 3.4 days ago, needs 7"]);
    assert_eq!(unmet[3], ["utility 0.550, needs 0.600"]);
}

#[test]
fn promoting_writes_a_linked_item_that_carries_the_evidence() {
    let (_dir, ledger) = history();
    let now = at(NOW);
    let before = ledger.show("L-1").unwrap();
    let plan = ledger.promotion_plan(now).unwrap();
    let promoted: Vec<_> = plan.proposals.iter().map(|p| ledger.promote(p, now).unwrap()).collect();

    let pattern = &promoted[0].to;
    assert_eq!(pattern.id, derive_id(Kind::Pattern, &before.title, &before.body, now));
    assert!(pattern.id.starts_with("P-20261125-"), "{}", pattern.id);
    assert_eq!(ledger.show(&pattern.id).unwrap(), *pattern);
    assert_eq!(
        (pattern.kind, pattern.status, pattern.created, pattern.updated),
        (Kind::Pattern, Status::Active, now, now)
    );
    assert_eq!(promoted_from(pattern), Some("L-1"));
    assert_eq!(pattern.supersedes, ["L-1"]);
    // Content and evidence carried over; unknown keys too.
    assert_eq!(
        (&pattern.title, &pattern.body, &pattern.tags, &pattern.paths),
        (&before.title, &before.body, &before.tags, &before.paths)
    );
    assert_eq!(
        (pattern.utility, pattern.citations, pattern.last_applied),
        (before.utility, before.citations, before.last_applied)
    );
    assert_eq!(pattern.extra.get("reviewer").and_then(|v| v.as_str()), Some("ada"));
    let file = std::fs::read_to_string(ledger.item_path(Kind::Pattern, &pattern.id)).unwrap();
    assert!(file.contains(&format!("\n{PROMOTED_FROM}: L-1\n")), "{file}");

    let old = ledger.show("L-1").unwrap();
    assert_eq!(
        (old.status, old.superseded_by.as_deref(), old.updated),
        (Status::Superseded, Some(pattern.id.as_str()), now)
    );
    assert_eq!(promoted[0].from, old);

    let rule = &promoted[1].to;
    assert_eq!((rule.kind, promoted_from(rule)), (Kind::Rule, Some("P-7")));
    assert_eq!(ledger.show("P-7").unwrap().status, Status::Superseded);

    // The compiler reads active rules and patterns: the new ones replace the old.
    let active = ledger.list(&Filter { status: Some(Status::Active), ..Filter::default() });
    let compiled: Vec<&str> =
        active.items.iter().filter(|i| matches!(i.kind, Kind::Pattern | Kind::Rule)).map(|i| i.id.as_str()).collect();
    // Load order: patterns, then rules by id ("R-2026..." before "R-8").
    assert_eq!(compiled, [pattern.id.as_str(), rule.id.as_str(), "R-8"]);

    // Nothing is proposed twice; the new pattern is held for rule (24 days, 3 sessions).
    let again = ledger.promotion_plan(now).unwrap();
    assert!(again.proposals.is_empty(), "{:?}", ids(&again.proposals));
    let held = again.held.iter().find(|c| c.item.id == pattern.id).unwrap();
    assert_eq!(held.evidence.lineage, [pattern.id.clone(), "L-1".into()]);
    assert_eq!(held.unmet.len(), 2, "{:?}", held.unmet);
}

#[test]
fn an_interrupted_promotion_is_completed_without_a_second_copy() {
    let (_dir, ledger) = history();
    let now = at(NOW);
    // The pattern was written, then the run died before L-1 was marked.
    put(&ledger, Kind::Pattern, "P-1", "created: 2026-11-24T00:00:00Z\nsupersedes: [L-1]\npromoted_from: L-1\n");
    let plan = ledger.promotion_plan(now).unwrap();
    let l1 = plan.proposals.iter().find(|c| c.item.id == "L-1").unwrap();
    assert_eq!(l1.promoted_as.as_deref(), Some("P-1"));
    let done = ledger.promote(l1, now).unwrap();
    assert_eq!(done.to.id, "P-1");
    assert_eq!(ledger.show("L-1").unwrap().superseded_by.as_deref(), Some("P-1"));
    let patterns = ledger.list(&Filter { kind: Some(Kind::Pattern), ..Filter::default() });
    assert_eq!(patterns.items.len(), 2, "P-1 and P-7, no second copy of L-1");
    // A stale proposal is refused rather than promoting twice.
    assert!(ledger.promote(l1, now).is_err());
}
