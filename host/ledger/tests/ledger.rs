//! End-to-end tests of the ledger library on real folders and git repositories.
//! One test binary for the crate (link time matters on 2 cores).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use agentops_ledger::{
    AtomicFile, Draft, Filter, InitAction, Kind, Ledger, LedgerError, Status, Tier, Timestamp, append_jsonl, parse_item,
};
use git2::Repository;
use proptest::prelude::*;

/// The labelled retrieval set and its quality figures (a module, so the crate
/// keeps one test binary).
#[path = "ledger/retrieval_quality.rs"]
mod retrieval_quality;

/// `forge` over real and constructed transcripts.
#[path = "ledger/forge.rs"]
mod forge;

/// Constructed histories for the modules below: item files and citation
/// lines with fixed timestamps.
#[path = "ledger/history.rs"]
mod history;

#[path = "ledger/flywheel.rs"]
mod flywheel;

#[path = "ledger/handoff.rs"]
mod handoff;

#[path = "ledger/promotion.rs"]
mod promotion;

#[path = "ledger/goals.rs"]
mod goals;

/// Harvesting other projects' patterns and rules into a global ledger.
#[path = "ledger/harvest.rs"]
mod harvest;

fn at(text: &str) -> Timestamp {
    Timestamp::parse(text).expect("test timestamps are valid")
}

fn now() -> Timestamp {
    at("2026-11-25T09:30:00Z")
}

/// A temp project with `.agents/` initialized.
fn project() -> (tempfile::TempDir, Ledger) {
    let dir = tempfile::tempdir().unwrap();
    Ledger::init(dir.path()).unwrap();
    let ledger = Ledger::open(dir.path()).unwrap();
    (dir, ledger)
}

/// A git repository with a configured identity and one commit; returns the
/// commit's id.
fn git_repo(root: &Path) -> String {
    let repo = Repository::init(root).unwrap();
    let mut config = repo.config().unwrap();
    config.set_str("user.name", "Ada").unwrap();
    config.set_str("user.email", "ada@example.com").unwrap();
    std::fs::write(root.join("README.md"), "demo\n").unwrap();
    let mut index = repo.index().unwrap();
    index.add_path(Path::new("README.md")).unwrap();
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let sig = repo.signature().unwrap();
    repo.commit(Some("HEAD"), &sig, &sig, "initial", &tree, &[]).unwrap().to_string()
}

fn good_draft(title: &str) -> Draft {
    Draft {
        title: title.into(),
        body: "Use `--test ledger` because the crate links one test binary; otherwise it takes 40 s.\n\n\
               ```sh\ncargo test -p agentops-ledger --test ledger\n```\n"
            .into(),
        tags: vec!["testing".into()],
        paths: vec!["host/ledger/**".into()],
        ..Draft::default()
    }
}

#[test]
fn init_is_idempotent_and_keeps_existing_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".gitattributes"), "*.png binary").unwrap();
    let first = Ledger::init(dir.path()).unwrap();
    assert!(first.entries.iter().all(|(path, action)| match path.to_str() {
        Some(".gitattributes") => *action == InitAction::Updated,
        _ => *action == InitAction::Created,
    }));
    for folder in ["learnings", "patterns", "rules", "findings", "handoffs", "log", "cache"] {
        assert!(dir.path().join(".agents").join(folder).is_dir(), "{folder}");
    }
    assert_eq!(std::fs::read_to_string(dir.path().join(".agents/.gitignore")).unwrap(), "cache/\n");
    let attributes = std::fs::read_to_string(dir.path().join(".gitattributes")).unwrap();
    assert_eq!(attributes, "*.png binary\n.agents/log/*.jsonl merge=union\n");

    std::fs::write(dir.path().join(".agents/agentops.toml"), "[ledger]\nhalf_life_days = 7\n").unwrap();
    let second = Ledger::init(dir.path()).unwrap();
    assert!(second.unchanged(), "{second:?}");
    assert_eq!(second.entries.len(), first.entries.len());
    assert_eq!(std::fs::read_to_string(dir.path().join(".gitattributes")).unwrap(), attributes);
    assert_eq!(Ledger::open(dir.path()).unwrap().config().half_life_days, 7.0);
}

#[test]
fn open_without_init_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let err = Ledger::open(dir.path()).unwrap_err();
    assert!(err.to_string().contains("agentops init"), "{err}");
}

#[test]
fn add_list_show_retire_supersede_in_a_git_repo() {
    let (dir, ledger) = project();
    let head = git_repo(dir.path());

    let first = ledger.add_learning(&good_draft("Run ledger tests with one binary"), now(), false).unwrap();
    assert!(first.id.starts_with("L-20261125-"), "{}", first.id);
    assert_eq!(first.source.commit.as_deref(), Some(head.as_str()));
    assert_eq!(first.source.author.as_deref(), Some("Ada <ada@example.com>"));
    assert_eq!(first.tier, Some(Tier::Silver), "{:?} {:?}", first.scores, first.quality);
    let file = std::fs::read_to_string(ledger.item_path(Kind::Learning, &first.id)).unwrap();
    assert!(file.starts_with(&format!("---\nid: {}\nkind: learning\n", first.id)), "{file}");
    assert!(file.contains(&format!("  commit: {head}\n")) && file.contains("tier: silver\n"), "{file}");

    // The same lesson the same day is the same id, and is refused.
    let again = ledger.add_learning(&good_draft("Run ledger tests with one binary"), now(), false);
    assert!(matches!(again, Err(LedgerError::Exists { .. })), "{again:?}");

    // Vague text is refused unless forced.
    let vague = Draft { title: "Things".into(), body: "Be careful.".into(), ..Draft::default() };
    let refused = ledger.add_learning(&vague, now(), false).unwrap_err();
    assert!(matches!(refused, LedgerError::Discarded { .. }), "{refused}");
    let forced = ledger.add_learning(&vague, now(), true).unwrap();
    assert_eq!(forced.tier, Some(Tier::Discard));

    let later = at("2026-11-26T08:00:00Z");
    let second =
        ledger.add_learning(&good_draft("Prefer one integration test binary per crate"), later, false).unwrap();
    assert!(second.scores.unwrap().novelty < 1.0, "the first item overlaps: {:?}", second.scores);

    let loaded = ledger.list(&Filter { tag: Some("testing".into()), ..Filter::default() });
    assert!(loaded.errors.is_empty());
    assert_eq!(loaded.items.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(), [&first.id, &second.id]);

    // Show accepts the id, a unique prefix, and refuses an ambiguous one.
    assert_eq!(ledger.show(&first.id).unwrap(), first);
    assert_eq!(ledger.show(&second.id[..14]).unwrap(), second);
    assert!(matches!(ledger.show("L-2026112"), Err(LedgerError::Ambiguous { .. })));
    assert!(matches!(ledger.show("L-19990101"), Err(LedgerError::NotFound { .. })));
    assert!(matches!(ledger.show("../x"), Err(LedgerError::NotFound { .. })));

    let retire_at = at("2026-11-27T10:00:00Z");
    let retired = ledger.retire(&forced.id, retire_at).unwrap();
    assert_eq!((retired.status, retired.updated, retired.created), (Status::Retired, retire_at, now()));
    assert_eq!(ledger.show(&forced.id).unwrap(), retired);
    let active = ledger.list(&Filter { status: Some(Status::Active), ..Filter::default() });
    assert_eq!(active.items.len(), 2);

    let (old, new) = ledger.supersede(&first.id, &second.id, retire_at).unwrap();
    assert_eq!((old.status, old.superseded_by.as_deref()), (Status::Superseded, Some(second.id.as_str())));
    assert_eq!(new.supersedes, std::slice::from_ref(&first.id));
    assert_eq!(ledger.show(&first.id).unwrap(), old);
    assert_eq!(ledger.show(&second.id).unwrap(), new);
    // Re-running is a no-op; superseding with a retired item is refused.
    assert_eq!(ledger.supersede(&first.id, &second.id, later).unwrap(), (old, new));
    assert!(matches!(ledger.supersede(&second.id, &forced.id, later), Err(LedgerError::Conflict { .. })));
}

#[test]
fn outside_git_there_is_no_provenance() {
    let (_dir, ledger) = project();
    if Repository::discover(ledger.root()).is_ok() {
        return; // the temp folder lies inside a repository on this machine
    }
    let item = ledger.add_learning(&good_draft("Run ledger tests with one binary"), now(), false).unwrap();
    assert_eq!((item.source.commit, item.source.author), (None, None));
}

#[test]
fn unknown_frontmatter_keys_survive_a_retire() {
    let (_dir, ledger) = project();
    let path = ledger.item_path(Kind::Learning, "L-20261125-00000001");
    let text = "---\nid: L-20261125-00000001\nkind: learning\ntitle: Hand written\n\
                created: 2026-11-25T09:30:00Z\nreviewer: alice\nreview:\n  votes: [2, 3]\n  note: 'a: b'\n\
                x-priority: 7\n---\n\nBody *kept* as is.\n";
    std::fs::write(&path, text).unwrap();
    let before = ledger.show("L-20261125-00000001").unwrap();

    ledger.retire("L-20261125-00000001", at("2026-12-01T00:00:00Z")).unwrap();
    let rewritten = std::fs::read_to_string(&path).unwrap();
    let after = ledger.show("L-20261125-00000001").unwrap();
    assert_eq!(after.status, Status::Retired);
    assert_eq!(after.extra, before.extra);
    let keys: Vec<&str> = after.extra.keys().filter_map(|k| k.as_str()).collect();
    assert_eq!(keys, ["reviewer", "review", "x-priority"]);
    assert!(
        rewritten.contains("reviewer: alice\nreview:\n  votes:\n  - 2\n  - 3\n  note: 'a: b'\nx-priority: 7\n---\n"),
        "{rewritten}"
    );
    assert!(rewritten.ends_with("---\n\nBody *kept* as is.\n"), "{rewritten}");
}

#[test]
fn a_broken_file_is_reported_with_file_and_line_and_the_rest_loads() {
    let (_dir, ledger) = project();
    ledger.add_learning(&good_draft("Run ledger tests with one binary"), now(), false).unwrap();
    let bad_yaml = ledger.item_path(Kind::Learning, "L-bad");
    std::fs::write(&bad_yaml, "---\nid: L-bad\nkind: learning\ntitle: [unclosed\n---\n").unwrap();
    let bad_type = ledger.item_path(Kind::Rule, "R-bad");
    std::fs::write(&bad_type, "---\nid: R-bad\nkind: rule\ntitle: t\ncreated: 2026-11-25T09:30:00Z\ntags: 3\n---\n")
        .unwrap();
    let not_utf8 = ledger.item_path(Kind::Finding, "F-bad");
    std::fs::write(&not_utf8, b"---\nid: F-bad\n\xc3\x28\n---\n").unwrap();
    std::fs::write(ledger.dir().join("learnings/notes.txt"), "not an item").unwrap();

    let loaded = ledger.load();
    assert_eq!(loaded.items.len(), 1);
    let messages: Vec<String> = loaded.errors.iter().map(ToString::to_string).collect();
    assert_eq!(messages.len(), 3, "{messages:#?}");
    let expect = [(&bad_yaml, 5, "not valid YAML"), (&bad_type, 6, "`tags` must be"), (&not_utf8, 3, "UTF-8")];
    for ((path, line, needle), message) in expect.iter().zip(&messages) {
        assert!(message.starts_with(&format!("{}:{line}: ", path.display())), "{message}");
        assert!(message.contains(needle) && message.contains("hint: "), "{message}");
    }
    assert!(matches!(ledger.show("R-bad"), Err(LedgerError::File(_))));
}

#[test]
fn concurrent_jsonl_appends_lose_and_tear_nothing() {
    const THREADS: usize = 64;
    const LINES: usize = 20;
    let (_dir, ledger) = project();
    let log: Arc<PathBuf> = Arc::new(ledger.dir().join("log/citations.jsonl"));
    // Lines larger than a pipe buffer, so an unlocked writer could interleave.
    let payload: Arc<str> = "x".repeat(16 * 1024).into();
    let handles: Vec<_> = (0..THREADS)
        .map(|t| {
            let (log, payload) = (Arc::clone(&log), Arc::clone(&payload));
            std::thread::spawn(move || {
                for n in 0..LINES {
                    let value = serde_json::json!({"thread": t, "n": n, "payload": &*payload});
                    append_jsonl(&log, &value).unwrap();
                }
            })
        })
        .collect();
    for handle in handles {
        handle.join().unwrap();
    }
    let text = std::fs::read_to_string(&*log).unwrap();
    let mut seen = vec![vec![false; LINES]; THREADS];
    for line in text.lines() {
        let value: serde_json::Value = serde_json::from_str(line).expect("every line parses");
        let (t, n) = (value["thread"].as_u64().unwrap() as usize, value["n"].as_u64().unwrap() as usize);
        assert!(!std::mem::replace(&mut seen[t][n], true), "duplicate line {t}/{n}");
    }
    assert!(seen.iter().flatten().all(|s| *s), "a line is missing");
    assert_eq!(text.lines().count(), THREADS * LINES);
}

#[test]
fn concurrent_captures_all_land() {
    const THREADS: usize = 64;
    let (_dir, ledger) = project();
    let ledger = Arc::new(ledger);
    let handles: Vec<_> = (0..THREADS)
        .map(|t| {
            let ledger = Arc::clone(&ledger);
            std::thread::spawn(move || {
                let draft = Draft { title: format!("Lesson number {t}"), ..good_draft("") };
                ledger.add_learning(&draft, now(), true).unwrap().id
            })
        })
        .collect();
    let mut ids: Vec<String> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    ids.sort();
    let loaded = ledger.load();
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    assert_eq!(loaded.items.iter().map(|i| i.id.clone()).collect::<Vec<_>>(), ids);
}

/// Set by `a_crash_before_the_rename_leaves_the_old_file` for its child process.
const CRASH_TARGET: &str = "AGENTOPS_LEDGER_CRASH_TARGET";

/// Not a test on its own: in the child process spawned by the test below, it
/// writes a replacement for the target and dies before renaming it.
#[test]
fn crash_helper_dies_mid_write() {
    let Some(target) = std::env::var_os(CRASH_TARGET) else { return };
    let mut file = AtomicFile::create(Path::new(&target)).unwrap();
    file.write_all(b"---\nid: half-written").unwrap();
    std::process::abort();
}

#[test]
fn a_crash_before_the_rename_leaves_the_old_file() {
    let (_dir, ledger) = project();
    let item = ledger.add_learning(&good_draft("Run ledger tests with one binary"), now(), false).unwrap();
    let path = ledger.item_path(Kind::Learning, &item.id);
    let before = std::fs::read(&path).unwrap();

    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["crash_helper_dies_mid_write", "--exact", "--test-threads=1", "--nocapture"])
        .env(CRASH_TARGET, &path)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(!status.success(), "the helper must die");

    assert_eq!(std::fs::read(&path).unwrap(), before);
    let leftovers: Vec<_> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".tmp"))
        .collect();
    assert_eq!(leftovers.len(), 1, "the crashed write left its temp file");
    let loaded = ledger.load();
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    assert_eq!(loaded.items, [item]);
}

/// Text shaped like an item file, to reach deep into the parser.
fn item_like() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just(b"---\n".to_vec()),
        Just(b"id: L-1\n".to_vec()),
        Just(b"kind: learning\n".to_vec()),
        Just(b"title: t\n".to_vec()),
        Just(b"created: 2026-11-25T09:30:00Z\n".to_vec()),
        Just(b"scores: {novelty: 2}\n".to_vec()),
        Just(b"tags: [a, b]\n".to_vec()),
        "[ -~\n\t:\\[\\]{}\"'#-]{0,30}".prop_map(String::into_bytes),
        any::<String>().prop_map(String::into_bytes),
        prop::collection::vec(any::<u8>(), 0..16),
    ];
    prop::collection::vec(piece, 0..10).prop_map(|parts| parts.concat())
}

proptest! {
    #[test]
    fn the_item_parser_never_panics_and_locates_errors(bytes in item_like()) {
        let path = Path::new(".agents/learnings/L-1.md");
        if let Err(e) = parse_item(path, &bytes) {
            prop_assert_eq!(&e.path, path);
            prop_assert!(e.to_string().starts_with(".agents/learnings/L-1.md"), "{}", e);
            let lines = bytes.iter().filter(|b| **b == b'\n').count() + 1;
            prop_assert!(e.line.is_none_or(|l| l >= 1 && l <= lines + 1), "line {:?} of {}", e.line, lines);
        }
    }
}

/// A learning captured with `force`, so its text need not score well.
fn capture(ledger: &Ledger, title: &str, body: &str) -> String {
    let draft = Draft { title: title.into(), body: body.into(), ..Draft::default() };
    ledger.add_learning(&draft, now(), true).unwrap().id
}

#[test]
fn sixty_four_concurrent_cites_lose_no_update() {
    let (_dir, ledger) = project();
    let id = capture(&ledger, "Pin wasmtime", "Pin `wasmtime` to 48.0.8 because 49 needs rustc 1.96.");
    let ledger = Arc::new(ledger);
    let threads: Vec<_> = (0..64)
        .map(|i| {
            let (ledger, id) = (Arc::clone(&ledger), id.clone());
            let how = if i % 2 == 0 { agentops_ledger::How::Helpful } else { agentops_ledger::How::Applied };
            std::thread::spawn(move || ledger.cite(&id, how, Some("s-1"), now()).unwrap())
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let item = ledger.show(&id).unwrap();
    assert_eq!((item.citations.helpful, item.citations.applied), (32, 32));
    assert_eq!(item.last_applied, Some(now()));
    let log = std::fs::read_to_string(ledger.dir().join(agentops_ledger::CITATIONS_LOG)).unwrap();
    assert_eq!(log.lines().filter(|l| serde_json::from_str::<serde_json::Value>(l).is_ok()).count(), 64);
}

#[test]
fn inject_fits_the_budget_and_never_repeats_within_a_session() {
    use agentops_ledger::{InjectRequest, Query, estimate_tokens, render_markdown};
    let (_dir, ledger) = project();
    for (title, body) in [
        ("Pin wasmtime to 48.0.8", "Pin `wasmtime` because 49 needs rustc 1.96 and the build fails."),
        ("Run ledger tests with one binary", "Use `--test ledger` because linking many binaries takes 40 s."),
        ("Lock JSONL appends", "Take `File::lock` before appending to `log/citations.jsonl`."),
    ] {
        capture(&ledger, title, body);
    }
    let request = |max_tokens, session| InjectRequest { query: Query::default(), max_tokens, session };
    let small = ledger.inject(&request(60, None), now()).unwrap();
    assert!(!small.hits.is_empty() && small.hits.len() < 3, "{}", small.hits.len());
    assert!(estimate_tokens(&render_markdown(&small.hits)) <= 60);
    assert_eq!(small.tokens, estimate_tokens(&render_markdown(&small.hits)));

    let first = ledger.inject(&request(1000, Some("sess-1")), now()).unwrap();
    assert_eq!((first.hits.len(), first.already_injected), (3, 0));
    let second = ledger.inject(&request(1000, Some("sess-1")), now()).unwrap();
    assert_eq!((second.hits.len(), second.already_injected), (0, 3));
    let other = ledger.inject(&request(1000, Some("sess-2")), now()).unwrap();
    assert_eq!(other.hits.len(), 3);
    assert!(ledger.inject(&request(1000, Some("../x")), now()).is_err());
    let log = std::fs::read_to_string(ledger.dir().join(agentops_ledger::CITATIONS_LOG)).unwrap();
    let lines: Vec<serde_json::Value> = log.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), small.hits.len() + 6);
    assert!(lines.iter().all(|l| l["how"] == "retrieved"));
    assert_eq!(lines.last().unwrap()["session"], "sess-2");
}
