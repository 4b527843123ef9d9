//! The watcher in-process, on real folders: a read it vouches for stats no
//! file, and every change made before a read is seen by that read.

use std::path::PathBuf;
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

use super::*;
use crate::error::LedgerError;
use crate::index::Refreshed;
use crate::item::Kind;
use crate::store::Ledger;

/// A watcher on a thread of the test, stopped when dropped.
struct Watching {
    dir: PathBuf,
    thread: Option<JoinHandle<Result<Ended, LedgerError>>>,
}

impl Watching {
    fn start(ledger: &Ledger) -> Watching {
        let dir = ledger.dir().to_path_buf();
        let (ready, answering) = mpsc::channel();
        let thread = std::thread::spawn({
            let dir = dir.clone();
            move || serve(&dir, Duration::from_secs(60), move || ready.send(()).unwrap())
        });
        answering.recv_timeout(Duration::from_secs(10)).expect("the watcher answers");
        Watching { dir, thread: Some(thread) }
    }

    /// How the watcher ended, once it has.
    fn ended(mut self) -> Ended {
        self.thread.take().unwrap().join().unwrap().unwrap()
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        if let Some(thread) = self.thread.take() {
            stop(&self.dir);
            let _ = thread.join();
        }
    }
}

fn ledger() -> (tempfile::TempDir, Ledger) {
    let dir = tempfile::tempdir().unwrap();
    Ledger::init(dir.path()).unwrap();
    let ledger = Ledger::open(dir.path()).unwrap();
    (dir, ledger)
}

fn text(kind: Kind, id: &str, body: &str) -> String {
    format!("---\nid: {id}\nkind: {}\ntitle: Item {id}\ncreated: 2026-01-01T00:00:00Z\n---\n{body}\n", kind.name())
}

fn write(ledger: &Ledger, kind: Kind, id: &str, body: &str) {
    std::fs::write(ledger.item_path(kind, id), text(kind, id, body)).unwrap();
}

/// A read with every stamp old enough to be trusted.
fn read(ledger: &Ledger) -> Refreshed {
    ledger.index_at(crate::index::unix_now() + 60, |_| ()).unwrap().0
}

/// Ids of the documents that hold `word`.
fn holding(r: &Refreshed, word: &str) -> Vec<String> {
    r.index.ids_matching(word)
}

/// A ledger with one learning holding `word`, its watcher, and the reads
/// that lead to a vouch done.
fn watched(word: &str) -> (tempfile::TempDir, Ledger, Watching) {
    let (dir, ledger) = ledger();
    write(&ledger, Kind::Learning, "L-1", word);
    let watching = Watching::start(&ledger);
    settle(&ledger);
    (dir, ledger, watching)
}

/// Reads until one is vouched for (a change costs one read that updates the
/// cache and one that verifies it); panics after five.
fn settle(ledger: &Ledger) -> Refreshed {
    for _ in 0..5 {
        let r = read(ledger);
        if r.watched {
            return r;
        }
    }
    panic!("no read was vouched for");
}

#[test]
fn a_vouched_read_stats_nothing_and_still_answers_right() {
    let (_dir, ledger) = ledger();
    write(&ledger, Kind::Learning, "L-1", "alpha");
    write(&ledger, Kind::Rule, "R-1", "beta");
    let first = read(&ledger);
    assert!(!first.watched, "no watcher yet");
    let _watching = Watching::start(&ledger);
    assert!(status(ledger.dir()).is_some_and(|s| s.safe));
    let r = settle(&ledger);
    assert_eq!((r.listed, r.reindexed), (0, 0));
    assert_eq!(holding(&r, "alpha"), ["L-1"]);
    assert_eq!(holding(&r, "beta"), ["R-1"]);
    assert!(read(&ledger).watched, "and again");
}

#[test]
fn every_change_made_before_a_read_is_seen_by_it() {
    let (_dir, ledger, _watching) = watched("w0000x");
    let path = ledger.item_path(Kind::Learning, "L-1");
    for round in 1..=40 {
        // In place, the same length, the old mtime put back: only the
        // watcher and the ctime can tell.
        let word = format!("w{round:04}x");
        let before = std::fs::metadata(&path).unwrap().modified().unwrap();
        let file = std::fs::OpenOptions::new().write(true).truncate(true).open(&path).unwrap();
        std::io::Write::write_all(&mut &file, text(Kind::Learning, "L-1", &word).as_bytes()).unwrap();
        file.set_modified(before).unwrap();
        drop(file);
        let r = read(&ledger);
        assert!(!r.watched, "round {round}: a change is never vouched away");
        assert_eq!(holding(&r, &word), ["L-1"], "round {round}");
        if round % 10 == 0 {
            settle(&ledger);
        }
    }

    // Added, removed, and a kind folder made anew after the watcher started.
    settle(&ledger);
    write(&ledger, Kind::Learning, "L-2", "gamma");
    assert_eq!(holding(&read(&ledger), "gamma"), ["L-2"]);
    settle(&ledger);
    std::fs::remove_file(ledger.item_path(Kind::Learning, "L-2")).unwrap();
    assert!(holding(&read(&ledger), "gamma").is_empty());
    settle(&ledger);
    let patterns = ledger.dir().join(Kind::Pattern.folder());
    std::fs::remove_dir_all(&patterns).unwrap();
    std::fs::create_dir(&patterns).unwrap();
    write(&ledger, Kind::Pattern, "P-1", "delta");
    assert_eq!(holding(&read(&ledger), "delta"), ["P-1"]);
    settle(&ledger);
    write(&ledger, Kind::Pattern, "P-2", "delta");
    assert_eq!(holding(&read(&ledger), "delta"), ["P-1", "P-2"], "the new folder is watched");
}

#[test]
fn links_and_broken_files_are_never_vouched_for() {
    let (dir, ledger, watching) = watched("alpha");
    // A file that does not parse: its error is reported by every read.
    std::fs::write(ledger.item_path(Kind::Learning, "L-bad"), "---\nid: [\n---\n").unwrap();
    for _ in 0..3 {
        let r = read(&ledger);
        assert!(!r.watched && r.errors.len() == 1, "{:?}", r.errors);
    }
    std::fs::remove_file(ledger.item_path(Kind::Learning, "L-bad")).unwrap();
    settle(&ledger);
    // A symlinked item can change where no watch sees it.
    std::fs::write(dir.path().join("elsewhere.md"), text(Kind::Learning, "L-2", "beta")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("elsewhere.md"), ledger.item_path(Kind::Learning, "L-2")).unwrap();
    assert!(status(ledger.dir()).is_some_and(|s| !s.safe));
    for _ in 0..3 {
        assert!(!read(&ledger).watched);
    }
    drop(watching);
    std::fs::remove_file(ledger.item_path(Kind::Learning, "L-2")).unwrap();
    let watching = Watching::start(&ledger);
    settle(&ledger);
    drop(watching);
    // So can an item with another hard link; a new watcher looks at every
    // file first.
    std::fs::hard_link(ledger.item_path(Kind::Learning, "L-1"), dir.path().join("linked.md")).unwrap();
    let _watching = Watching::start(&ledger);
    assert!(status(ledger.dir()).is_some_and(|s| !s.safe));
    assert!(!read(&ledger).watched);
}

#[test]
fn one_watcher_per_ledger_and_none_after_it_ends() {
    let (_dir, ledger, watching) = watched("alpha");
    let second = serve(ledger.dir(), Duration::from_secs(1), || panic!("a second watcher answered"));
    assert_eq!(second.unwrap(), Ended::AlreadyWatched);
    assert!(stop(ledger.dir()));
    assert_eq!(watching.ended(), Ended::Stopped);
    assert_eq!(status(ledger.dir()), None);
    assert!(!read(&ledger).watched, "without a watcher every read stats its files");

    let watching = Watching::start(&ledger);
    std::fs::remove_dir_all(ledger.dir()).unwrap();
    assert_eq!(watching.ended(), Ended::LedgerGone);

    let (_dir, ledger) = self::ledger();
    let idle = serve(ledger.dir(), Duration::from_millis(50), || ());
    assert_eq!(idle.unwrap(), Ended::Idle);
}
