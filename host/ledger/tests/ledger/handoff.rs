//! Handoffs: written, shown newest first, consumed once, taken by the
//! session-start hook once per session, never by two sessions.

use std::sync::Arc;

use agentops_ledger::{Consumed, HandoffDraft, Kind, LedgerError, Status, consumption, is_open};

use super::history::{at, project_with};

fn draft(body: &str) -> HandoffDraft {
    HandoffDraft { title: None, body: body.into(), session: Some("s-0".into()) }
}

#[test]
fn handoffs_are_written_shown_newest_first_and_consumed_once() {
    let (_dir, ledger) = project_with("");
    let first =
        ledger.write_handoff(&draft("# Finish the parser\n\n- [ ] error lines\n"), at("2026-11-24T10:00:00Z")).unwrap();
    assert!(first.id.starts_with("H-20261124-"), "{}", first.id);
    assert_eq!((first.kind, first.title.as_str()), (Kind::Handoff, "Finish the parser"));
    assert_eq!(first.source.session.as_deref(), Some("s-0"));
    let titled = HandoffDraft { title: Some(" Ship\n the docs ".into()), ..draft("Write the Flywheel section.") };
    let second = ledger.write_handoff(&titled, at("2026-11-25T10:00:00Z")).unwrap();
    assert_eq!(second.title, "Ship the docs");
    let untitled = ledger.write_handoff(&draft("no heading here"), at("2026-11-23T08:00:00Z")).unwrap();
    assert_eq!(untitled.title, "Open work as of 2026-11-23T08:00:00Z");

    let listed = ledger.handoffs();
    assert!(listed.errors.is_empty(), "{:?}", listed.errors);
    let order: Vec<&str> = listed.items.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(order, [&second.id, &first.id, &untitled.id]);
    assert!(listed.items.iter().all(is_open));

    // Default: the newest open one.
    let now = at("2026-11-25T12:00:00Z");
    let Some(Consumed::Now(taken)) = ledger.consume_handoff(None, Some("s-1"), now).unwrap() else {
        panic!("the newest handoff is consumed")
    };
    assert_eq!(taken.id, second.id);
    assert_eq!((taken.status, taken.updated), (Status::Retired, now));
    let c = consumption(&taken).unwrap();
    assert_eq!((c.at, c.session.as_deref()), (Some(now), Some("s-1")));
    let file = std::fs::read_to_string(ledger.item_path(Kind::Handoff, &second.id)).unwrap();
    assert!(file.contains("consumed: 2026-11-25T12:00:00Z\nconsumed_by: s-1\n"), "{file}");

    // Once: a second consume changes nothing and says so.
    let later = at("2026-11-26T00:00:00Z");
    let again = ledger.consume_handoff(Some(&second.id), Some("s-2"), later).unwrap();
    assert_eq!(again, Some(Consumed::Already(taken.clone())));
    assert_eq!(ledger.show(&second.id).unwrap(), taken);

    // Without a session: consumed, with no consumed_by.
    let Some(Consumed::Now(anon)) = ledger.consume_handoff(Some(&first.id[..14]), None, later).unwrap() else {
        panic!("a prefix names the handoff")
    };
    assert_eq!(consumption(&anon).unwrap().session, None);
    ledger.consume_handoff(None, None, later).unwrap();
    assert_eq!(ledger.consume_handoff(None, None, later).unwrap(), None, "nothing open");

    let learning = ledger
        .add_learning(
            &agentops_ledger::Draft { title: "t".into(), body: "b".into(), ..Default::default() },
            later,
            true,
        )
        .unwrap();
    assert!(matches!(ledger.consume_handoff(Some(&learning.id), None, later), Err(LedgerError::Conflict { .. })));
    assert!(matches!(ledger.write_handoff(&draft(" \n"), later), Err(LedgerError::Conflict { .. })));
}

#[test]
fn take_handoff_is_idempotent_per_session() {
    let (_dir, ledger) = project_with("");
    let old = ledger.write_handoff(&draft("Older work"), at("2026-11-20T10:00:00Z")).unwrap();
    let new = ledger.write_handoff(&draft("Newer work"), at("2026-11-21T10:00:00Z")).unwrap();
    let t1 = at("2026-11-22T09:00:00Z");
    let first = ledger.take_handoff("s-1", t1).unwrap().unwrap();
    assert_eq!(first.id, new.id);
    // Resume, clear, compact: the same session gets the same handoff, unchanged.
    let t2 = at("2026-11-22T11:00:00Z");
    assert_eq!(ledger.take_handoff("s-1", t2).unwrap(), Some(first.clone()));
    assert_eq!(consumption(&ledger.show(&new.id).unwrap()).unwrap().at, Some(t1));
    // Another session takes the next one; a third finds none.
    assert_eq!(ledger.take_handoff("s-2", t2).unwrap().map(|h| h.id), Some(old.id));
    assert_eq!(ledger.take_handoff("s-3", t2).unwrap(), None);
    assert_eq!(ledger.take_handoff("s-1", t2).unwrap(), Some(first));
}

#[test]
fn sessions_starting_together_never_share_a_handoff() {
    const SESSIONS: usize = 16;
    let (_dir, ledger) = project_with("");
    for n in 0..3 {
        ledger.write_handoff(&draft(&format!("Work item {n}")), at("2026-11-20T10:00:00Z")).unwrap();
    }
    let ledger = Arc::new(ledger);
    let threads: Vec<_> = (0..SESSIONS)
        .map(|n| {
            let ledger = Arc::clone(&ledger);
            std::thread::spawn(move || ledger.take_handoff(&format!("s-{n}"), at("2026-11-21T00:00:00Z")).unwrap())
        })
        .collect();
    let mut taken: Vec<String> = threads.into_iter().filter_map(|t| t.join().unwrap()).map(|h| h.id).collect();
    taken.sort();
    taken.dedup();
    assert_eq!(taken.len(), 3, "each handoff taken once, by one session");
    assert!(ledger.handoffs().items.iter().all(|h| !is_open(h)));
}
