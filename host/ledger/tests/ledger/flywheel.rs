//! The flywheel's σ, ρ, δ, verdict and trend on constructed histories, each
//! figure computed by hand in the comments (docs/ledger.md, "Flywheel").

use agentops_ledger::{Kind, Ledger, Trend, Verdict, Window};

use super::history::{at, cite, project_with, put};

/// Half-life 10 days and live threshold 0.25: an item falls below the
/// threshold 20 days after its anchor (0.5^2 = 0.25).
const CONFIG: &str = "[ledger]\nhalf_life_days = 10.0\nlive_threshold = 0.25\n[ledger.flywheel]\nmin_events = 4\n";

const NOW: &str = "2026-11-25T00:00:00Z";

/// Windows of 7 days: current (Nov 18, Nov 25], previous (Nov 11, Nov 18].
fn history() -> (tempfile::TempDir, Ledger) {
    let (dir, ledger) = project_with(CONFIG);
    let old = "created: 2026-10-01T00:00:00Z\n";
    // Retrieved and applied in the current window.
    put(&ledger, Kind::Learning, "L-a", &format!("{old}last_applied: 2026-11-20T00:00:00Z\n"));
    cite(&ledger, "2026-11-20T00:00:00Z", "L-a", "retrieved", Some("s-1"));
    cite(&ledger, "2026-11-20T01:00:00Z", "L-a", "applied", Some("s-1"));
    put(&ledger, Kind::Learning, "L-b", &format!("{old}last_applied: 2026-11-21T00:00:00Z\n"));
    cite(&ledger, "2026-11-21T00:00:00Z", "L-b", "retrieved", Some("s-2"));
    cite(&ledger, "2026-11-21T01:00:00Z", "L-b", "applied", Some("s-2"));
    // Never cited; anchored Oct 25, below 0.25 from Nov 14: in the previous window.
    put(&ledger, Kind::Learning, "L-c", "created: 2026-10-25T00:00:00Z\n");
    // Applied Nov 1, below 0.25 from Nov 21: in the current window.
    put(&ledger, Kind::Learning, "L-d", &format!("{old}last_applied: 2026-11-01T00:00:00Z\n"));
    cite(&ledger, "2026-11-01T00:00:00Z", "L-d", "applied", Some("s-3"));
    // Used in the previous window, retired Nov 20: active at Nov 18 only.
    put(
        &ledger,
        Kind::Learning,
        "L-e",
        &format!("{old}updated: 2026-11-20T00:00:00Z\nlast_applied: 2026-11-15T01:00:00Z\nstatus: retired\n"),
    );
    cite(&ledger, "2026-11-15T00:00:00Z", "L-e", "retrieved", Some("s-4"));
    cite(&ledger, "2026-11-15T01:00:00Z", "L-e", "applied", Some("s-4"));
    // L-f used in the previous window, promoted to P-f on Nov 19, used again in the current one.
    put(
        &ledger,
        Kind::Learning,
        "L-f",
        "created: 2026-09-01T00:00:00Z\nupdated: 2026-11-19T00:00:00Z\nlast_applied: 2026-11-16T01:00:00Z\n\
         status: superseded\nsuperseded_by: P-f\n",
    );
    put(
        &ledger,
        Kind::Pattern,
        "P-f",
        "created: 2026-11-19T00:00:00Z\nlast_applied: 2026-11-22T01:00:00Z\nsupersedes: [L-f]\npromoted_from: L-f\n",
    );
    cite(&ledger, "2026-11-16T00:00:00Z", "L-f", "retrieved", Some("s-5"));
    cite(&ledger, "2026-11-16T01:00:00Z", "L-f", "applied", Some("s-5"));
    // Retrieved under its old id, applied under its new one: both count for P-f.
    cite(&ledger, "2026-11-18T12:00:00Z", "L-f", "retrieved", Some("s-6"));
    cite(&ledger, "2026-11-22T01:00:00Z", "P-f", "applied", Some("s-6"));
    // A rule captured inside the current window, never cited.
    put(&ledger, Kind::Rule, "R-h", "created: 2026-11-23T00:00:00Z\n");
    // Handoffs are not knowledge: their citations are events, not items.
    put(&ledger, Kind::Handoff, "H-g", "created: 2026-11-01T00:00:00Z\n");
    cite(&ledger, "2026-11-20T00:00:00Z", "H-g", "retrieved", Some("s-1"));
    // A line for an item whose file is gone counts as an event only.
    cite(&ledger, "2026-11-22T00:00:00Z", "L-gone", "retrieved", Some("s-6"));
    // Captured after now: not active yet.
    put(&ledger, Kind::Learning, "L-i", "created: 2026-12-01T00:00:00Z\n");
    cite(&ledger, "2026-12-01T00:00:00Z", "L-i", "retrieved", None);
    (dir, ledger)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

#[test]
fn flywheel_metrics_match_the_hand_computed_history() {
    let (_dir, ledger) = history();
    let f = ledger.flywheel(Window::days(7), at(NOW)).unwrap();
    assert!(f.errors.is_empty(), "{:?}", f.errors);

    // Current window (Nov 18, Nov 25]:
    // A = {L-a, L-b, L-c, L-d, P-f, R-h} (L-e retired and L-f superseded before
    //     Nov 25, H-g a handoff, L-i created later) = 6
    // R = {L-a, L-b, P-f (L-f's line of Nov 18 12:00)} = 3  → σ = 3/6
    // P = {L-a, L-b, P-f} = 3  → ρ = 3/3
    // D = {L-d}: w(Nov 18) = 0.5^(17/10) = 0.308, w(Nov 25) = 0.5^(24/10) = 0.189 → δ = 1/6
    //     (L-c was already at 0.5^(24/10) on Nov 18; L-a, L-b at 0.5^(48/10) before their use)
    // events: L-a ×2, L-b ×2, L-f, P-f, H-g, L-gone = 8
    let c = &f.current;
    assert_eq!((c.start, c.end), (at("2026-11-18T00:00:00Z"), at(NOW)));
    assert_eq!((c.active, c.retrieved, c.applied, c.faded, c.events), (6, 3, 3, 1, 8));
    assert!(close(c.sigma, 0.5) && close(c.rho, 1.0) && close(c.delta, 1.0 / 6.0), "{c:?}");
    // σ·ρ = 0.5 > δ = 0.167
    assert_eq!(f.verdict, Verdict::Compounding);

    // Previous window (Nov 11, Nov 18]:
    // A = {L-a, L-b, L-c, L-d, L-e, L-f} (L-e retired Nov 20, L-f superseded Nov 19) = 6
    // R = {L-e, L-f} → σ = 2/6;  P = {L-e, L-f} → ρ = 2/2
    // D = {L-c}: w(Nov 11) = 0.5^(17/10) = 0.308, w(Nov 18) = 0.5^(24/10) = 0.189 → δ = 1/6
    //     (L-d: anchored Nov 1, 0.5 and 0.308; L-e and L-f were below 0.25 on Nov 11)
    // events: L-e ×2, L-f ×2 = 4 = min_events, so it is judged
    let p = &f.previous;
    assert_eq!((p.start, p.end), (at("2026-11-11T00:00:00Z"), at("2026-11-18T00:00:00Z")));
    assert_eq!((p.active, p.retrieved, p.applied, p.faded, p.events), (6, 2, 2, 1, 4));
    assert!(close(p.sigma, 1.0 / 3.0) && close(p.rho, 1.0) && close(p.delta, 1.0 / 6.0), "{p:?}");

    // σ·ρ − δ: 0.5 − 0.167 = 0.333 now, 0.333 − 0.167 = 0.167 before.
    assert!(close(c.margin(), 1.0 / 3.0) && close(p.margin(), 1.0 / 6.0));
    assert_eq!(f.trend, Trend::Rising);
}

#[test]
fn a_quiet_window_is_dormant_and_its_trend_unknown() {
    let (_dir, ledger) = history();
    // (Nov 24, Nov 25]: no citation at all.
    let f = ledger.flywheel("24h".parse().unwrap(), at(NOW)).unwrap();
    assert_eq!(f.current.events, 0);
    assert_eq!((f.verdict, f.trend), (Verdict::Dormant, Trend::Unknown));
    // (Nov 15, Nov 22]: the Nov 15 00:00 line is outside, the Nov 22 00:00 lines inside.
    // events: L-e applied, L-f ×3, L-a ×2, L-b ×2, H-g, L-gone = 10 (P-f's line is later)
    // A = {L-a, L-b, L-c, L-d, P-f} (L-e retired Nov 20, L-f superseded Nov 19) = 5
    // R = {L-a, L-b, P-f (L-f's lines)} → σ = 3/5
    // P = {L-a, L-b, P-f (L-f applied Nov 16 01:00)} → ρ = 3/3
    // D = {L-d}: w(Nov 15) = 0.5^(14/10) = 0.379, w(Nov 22) = 0.5^(21/10) = 0.233 → δ = 1/5
    // The week before, (Nov 8, Nov 15], has 1 event (L-e retrieved): trend unknown.
    let f = ledger.flywheel(Window::days(7), at("2026-11-22T00:00:00Z")).unwrap();
    let c = &f.current;
    assert_eq!((c.active, c.retrieved, c.applied, c.faded, c.events), (5, 3, 3, 1, 10));
    assert!(close(c.sigma, 0.6) && close(c.rho, 1.0) && close(c.delta, 0.2), "{c:?}");
    assert_eq!(f.previous.events, 1);
    assert_eq!((f.verdict, f.trend), (Verdict::Compounding, Trend::Unknown));
}

#[test]
fn unused_knowledge_that_fades_is_not_compounding_and_edges_are_half_open() {
    let (_dir, ledger) = project_with(CONFIG);
    // Four learnings anchored at Oct 1, Nov 1, Nov 20 and Nov 24.
    for (id, created) in [
        ("L-1", "2026-10-01T00:00:00Z"),
        ("L-2", "2026-11-01T00:00:00Z"),
        ("L-3", "2026-11-20T00:00:00Z"),
        ("L-4", "2026-11-24T00:00:00Z"),
    ] {
        put(&ledger, Kind::Learning, id, &format!("created: {created}\n"));
    }
    // At the window's start: outside. At its end: inside.
    cite(&ledger, "2026-11-18T00:00:00Z", "L-3", "retrieved", Some("s-1"));
    cite(&ledger, "2026-11-25T00:00:00Z", "L-4", "retrieved", Some("s-2"));
    for n in 0..3 {
        cite(&ledger, "2026-11-24T12:00:00Z", "L-4", "helpful", Some(&format!("s-{n}")));
    }
    let f = ledger.flywheel(Window::days(7), at(NOW)).unwrap();
    // A = 4 (L-3 and L-4 are created inside the window, active at its end).
    // R = {L-4} → σ = 1/4;  P = {} → ρ = 0
    // D = {L-2}: w(Nov 18) = 0.5^(17/10) = 0.308, w(Nov 25) = 0.189 → δ = 1/4
    //     (L-1 was below before the window; L-3, L-4 are young)
    // events: L-4 retrieved + 3 helpful = 4 (the Nov 18 line is not inside)
    let c = &f.current;
    assert_eq!((c.active, c.retrieved, c.applied, c.faded, c.events), (4, 1, 0, 1, 4));
    assert!(close(c.sigma, 0.25) && close(c.rho, 0.0) && close(c.delta, 0.25), "{c:?}");
    // σ·ρ = 0 <= δ = 0.25; the previous week has 1 event, fewer than 4.
    assert_eq!((f.verdict, f.trend), (Verdict::NotCompounding, Trend::Unknown));
    assert_eq!(f.previous.events, 1);
}

#[test]
fn an_empty_ledger_has_zero_ratios() {
    let (_dir, ledger) = project_with(CONFIG);
    let f = ledger.flywheel(Window::days(30), at(NOW)).unwrap();
    let c = &f.current;
    assert_eq!((c.active, c.sigma, c.rho, c.delta), (0, 0.0, 0.0, 0.0));
    assert_eq!(f.verdict, Verdict::Dormant);
}
