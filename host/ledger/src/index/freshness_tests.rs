//! The persisted index never answers stale: every way a file can change is
//! seen by the next read, on both paths (a kind folder trusted unchanged,
//! whose names come from the cache, and a folder listed again).
//!
//! Reads are run "later" than the writes (`index_at` with a check time a
//! minute ahead), so that stamps are old enough to be trusted; the racy
//! tests use the real clock.

use std::path::Path;
use std::time::Duration;

use super::cache::unix_now;
use super::*;
use crate::store::Ledger;

fn ledger() -> (tempfile::TempDir, Ledger) {
    let dir = tempfile::tempdir().unwrap();
    Ledger::init(dir.path()).unwrap();
    let ledger = Ledger::open(dir.path()).unwrap();
    (dir, ledger)
}

fn text(id: &str, title: &str, body: &str) -> String {
    format!("---\nid: {id}\nkind: learning\ntitle: {title}\ncreated: 2026-01-01T00:00:00Z\n---\n{body}\n")
}

fn write(ledger: &Ledger, id: &str, title: &str, body: &str) {
    std::fs::write(ledger.item_path(Kind::Learning, id), text(id, title, body)).unwrap();
}

/// A read a minute from now, when every stamp written so far is old.
fn later(ledger: &Ledger) -> Refreshed {
    ledger.index_at(unix_now() + 60, |_| ()).unwrap().0
}

/// Lets the coarse file-system clock move past the last check, as it does
/// between a read and a person's next edit.
fn tick() {
    std::thread::sleep(Duration::from_millis(20));
}

fn matching(r: &Refreshed, word: &str) -> Vec<String> {
    r.index.ids_matching(word)
}

fn ids(r: &Refreshed) -> Vec<String> {
    let mut ids: Vec<String> = r.index.ids().map(str::to_string).collect();
    ids.sort();
    ids
}

#[test]
fn an_unchanged_ledger_is_trusted_without_listing_or_reading() {
    let (_dir, ledger) = ledger();
    write(&ledger, "L-1", "Pin wasmtime", "alpha");
    write(&ledger, "L-2", "Use nextest", "bravo");
    let first = later(&ledger);
    assert_eq!((first.reindexed, first.index.len()), (2, 2));
    let again = later(&ledger);
    assert_eq!((again.reindexed, again.listed), (0, 0), "folders trusted, files unchanged");
    assert_eq!(matching(&again, "bravo"), ["L-2"]);
}

#[test]
fn an_in_place_edit_is_seen_although_the_folder_did_not_change() {
    let (_dir, ledger) = ledger();
    write(&ledger, "L-1", "Pin wasmtime", "alpha");
    write(&ledger, "L-2", "Use nextest", "bravo");
    later(&ledger);
    tick();
    // Same size, same inode: only the file's times tell.
    write(&ledger, "L-2", "Use nextest", "delta");
    let edited = later(&ledger);
    assert_eq!((edited.reindexed, edited.listed), (1, 0));
    assert_eq!(matching(&edited, "delta"), ["L-2"]);
    assert!(matching(&edited, "bravo").is_empty());
}

#[test]
fn an_in_place_edit_that_restores_the_mtime_is_seen() {
    let (_dir, ledger) = ledger();
    write(&ledger, "L-1", "Pin wasmtime", "alpha");
    let path = ledger.item_path(Kind::Learning, "L-1");
    let mtime = std::fs::metadata(&path).unwrap().modified().unwrap();
    later(&ledger);
    tick();
    write(&ledger, "L-1", "Pin wasmtime", "omega");
    std::fs::File::options().write(true).open(&path).unwrap().set_modified(mtime).unwrap();
    assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), mtime);
    let edited = later(&ledger);
    assert_eq!(matching(&edited, "omega"), ["L-1"], "the ctime changed");
}

#[test]
fn adds_deletes_and_renames_are_seen() {
    let (_dir, ledger) = ledger();
    write(&ledger, "L-1", "Pin wasmtime", "alpha");
    write(&ledger, "L-2", "Use nextest", "bravo");
    later(&ledger);
    tick();
    write(&ledger, "L-3", "Cache builds", "charlie");
    let added = later(&ledger);
    assert_eq!((ids(&added), added.reindexed, added.listed), (vec!["L-1".into(), "L-2".into(), "L-3".into()], 1, 1));
    tick();
    std::fs::remove_file(ledger.item_path(Kind::Learning, "L-1")).unwrap();
    let deleted = later(&ledger);
    assert_eq!(ids(&deleted), ["L-2", "L-3"]);
    assert!(matching(&deleted, "alpha").is_empty());
    tick();
    // A rename keeps the inode and the content; the id follows the name.
    let (from, to) = (ledger.item_path(Kind::Learning, "L-2"), ledger.item_path(Kind::Learning, "L-9"));
    std::fs::write(&from, text("L-9", "Use nextest", "bravo")).unwrap();
    tick();
    later(&ledger);
    tick();
    std::fs::rename(&from, &to).unwrap();
    let renamed = later(&ledger);
    assert_eq!(ids(&renamed), ["L-3", "L-9"]);
    assert!(renamed.errors.is_empty(), "{:?}", renamed.errors);
    assert_eq!(matching(&renamed, "bravo"), ["L-9"]);
    // An atomic replace (a new inode renamed over the name).
    tick();
    let tmp = ledger.dir().join("learnings/.tmp-x");
    std::fs::write(&tmp, text("L-3", "Cache builds", "echo")).unwrap();
    std::fs::rename(&tmp, ledger.item_path(Kind::Learning, "L-3")).unwrap();
    assert_eq!(matching(&later(&ledger), "echo"), ["L-3"]);
}

#[test]
fn an_edit_in_the_same_second_as_the_cache_write_is_seen() {
    let (_dir, ledger) = ledger();
    write(&ledger, "L-1", "Pin wasmtime", "alpha");
    write(&ledger, "L-2", "Use nextest", "bravo");
    // Real clock: the file and folder times are as new as the check, so
    // they prove nothing and the next read compares content hashes.
    let first = ledger.index().unwrap();
    assert_eq!(first.reindexed, 2);
    write(&ledger, "L-2", "Use nextest", "delta");
    let edited = ledger.index().unwrap();
    assert_eq!(matching(&edited, "delta"), ["L-2"]);
    write(&ledger, "L-4", "Cache builds", "charlie");
    assert_eq!(matching(&ledger.index().unwrap(), "charlie"), ["L-4"], "a file added right after a read");
    // A racy file is re-read on every read until a read long after its
    // change records it as settled; it is then trusted.
    let settled = later(&ledger);
    assert!(matching(&settled, "delta") == ["L-2"] && matching(&settled, "charlie") == ["L-4"]);
    let trusted = later(&ledger);
    assert_eq!((trusted.reindexed, trusted.listed), (0, 0));
}

#[test]
fn a_git_checkout_that_swaps_files_is_seen() {
    use git2::{Repository, Signature, build::CheckoutBuilder};
    let (dir, ledger) = ledger();
    let repo = Repository::init(dir.path()).unwrap();
    let sig = Signature::now("Ada", "ada@example.com").unwrap();
    let commit = |message: &str, parent: Option<git2::Oid>| {
        let mut index = repo.index().unwrap();
        index.add_all(["."], git2::IndexAddOption::DEFAULT, None).unwrap();
        index.update_all(["."], None).unwrap();
        index.write().unwrap();
        let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
        let parents: Vec<git2::Commit<'_>> = parent.map(|p| repo.find_commit(p).unwrap()).into_iter().collect();
        let parents: Vec<&git2::Commit<'_>> = parents.iter().collect();
        repo.commit(None, &sig, &sig, message, &tree, &parents).unwrap()
    };
    // Branch one: L-1 says alpha, L-2 bravo. Branch two: the other way
    // round (same sizes), and L-3 instead of nothing.
    write(&ledger, "L-1", "Pin wasmtime", "alpha");
    write(&ledger, "L-2", "Use nextest", "bravo");
    let one = commit("one", None);
    write(&ledger, "L-1", "Pin wasmtime", "bravo");
    write(&ledger, "L-2", "Use nextest", "alpha");
    write(&ledger, "L-3", "Cache builds", "charlie");
    let two = commit("two", Some(one));
    let checkout = |oid: git2::Oid| {
        repo.checkout_tree(
            repo.find_commit(oid).unwrap().as_object(),
            Some(CheckoutBuilder::new().force().remove_untracked(true)),
        )
        .unwrap();
        repo.set_head_detached(oid).unwrap();
    };
    checkout(one);
    assert!(!Path::new(&ledger.item_path(Kind::Learning, "L-3")).exists());
    let before = later(&ledger);
    assert_eq!((matching(&before, "alpha"), ids(&before).len()), (vec!["L-1".into()], 2));
    tick();
    checkout(two);
    let after = later(&ledger);
    assert_eq!(matching(&after, "alpha"), ["L-2"]);
    assert_eq!(matching(&after, "bravo"), ["L-1"]);
    assert_eq!(ids(&after), ["L-1", "L-2", "L-3"]);
    tick();
    checkout(one);
    let back = later(&ledger);
    assert_eq!((matching(&back, "alpha"), ids(&back)), (vec!["L-1".into()], vec!["L-1".into(), "L-2".into()]));
}

#[test]
fn a_broken_file_is_reported_on_every_read() {
    let (_dir, ledger) = ledger();
    write(&ledger, "L-1", "Pin wasmtime", "alpha");
    std::fs::write(ledger.item_path(Kind::Learning, "L-2"), "no frontmatter").unwrap();
    assert_eq!(later(&ledger).errors.len(), 1);
    let again = later(&ledger);
    assert_eq!((again.errors.len(), again.listed, ids(&again)), (1, 0, vec!["L-1".into()]));
    tick();
    write(&ledger, "L-2", "Fixed", "bravo");
    let fixed = later(&ledger);
    assert!(fixed.errors.is_empty());
    assert_eq!(matching(&fixed, "bravo"), ["L-2"]);
    tick();
    std::fs::write(ledger.item_path(Kind::Learning, "L-1"), "---\nbroken: [\n").unwrap();
    let broken = later(&ledger);
    assert_eq!((broken.errors.len(), ids(&broken)), (1, vec!["L-2".into()]));
    // Removed, it is forgotten: the folder is listed once, then trusted again.
    tick();
    std::fs::remove_file(ledger.item_path(Kind::Learning, "L-1")).unwrap();
    let removed = later(&ledger);
    assert_eq!((removed.errors.len(), removed.listed), (0, 1));
    let after = later(&ledger);
    assert_eq!((after.errors.len(), after.listed, ids(&after)), (0, 0, vec!["L-2".into()]));
}

#[test]
fn a_damaged_cache_is_rebuilt_and_a_foreign_delta_ignored() {
    let (_dir, ledger) = ledger();
    write(&ledger, "L-1", "Pin wasmtime", "alpha");
    later(&ledger);
    tick();
    write(&ledger, "L-2", "Use nextest", "bravo");
    later(&ledger);
    let delta_path = ledger.dir().join(DELTA_FILE);
    let delta = std::fs::read(&delta_path).unwrap();
    // A torn delta: ignored, the changes it held are found again.
    std::fs::write(&delta_path, &delta[..delta.len() - 3]).unwrap();
    let torn = later(&ledger);
    assert_eq!((ids(&torn), torn.reindexed), (vec!["L-1".into(), "L-2".into()], 1));
    // A base written over: its old delta no longer applies.
    std::fs::remove_file(ledger.dir().join(CACHE_FILE)).unwrap();
    std::fs::write(&delta_path, &delta).unwrap();
    let rebuilt = later(&ledger);
    assert_eq!((ids(&rebuilt), rebuilt.reindexed), (vec!["L-1".into(), "L-2".into()], 2));
    assert!(!delta_path.exists());
    // A damaged base.
    let base = ledger.dir().join(CACHE_FILE);
    let mut bytes = std::fs::read(&base).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0xff;
    bytes.truncate(last);
    std::fs::write(&base, &bytes).unwrap();
    assert_eq!(later(&ledger).reindexed, 2);
}

/// A small deterministic generator.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, m: usize) -> usize {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as usize % m
    }
}

/// After any sequence of adds, edits (in place and atomic), deletes,
/// renames and status changes, with reads in between (enough to fold the
/// delta into a new base several times), the cache answers exactly as an
/// index built from the files.
#[test]
fn the_cache_always_equals_an_index_built_from_the_files() {
    const WORDS: [&str; 12] =
        ["cargo", "lock", "wasm", "hook", "cache", "merge", "panic", "retry", "fsync", "glob", "yaml", "rank"];
    let (_dir, ledger) = ledger();
    let mut rng = Lcg(7);
    let mut live: Vec<u32> = Vec::new();
    let mut next_id = 0u32;
    let (mut retired, mut bases) = (0, std::collections::HashSet::new());
    for (version, step) in (1u32..).zip(0..400) {
        let op = rng.next(10);
        let body = |rng: &mut Lcg| {
            let words: Vec<&str> = (0..3 + rng.next(6)).map(|_| WORDS[rng.next(WORDS.len())]).collect();
            format!("{} v{version}", words.join(" "))
        };
        if live.is_empty() || op < 3 {
            next_id += 1;
            live.push(next_id);
            write(&ledger, &format!("L-{next_id}"), WORDS[rng.next(WORDS.len())], &body(&mut rng));
        } else {
            let i = rng.next(live.len());
            let id = format!("L-{}", live[i]);
            match op {
                3..=5 => write(&ledger, &id, WORDS[rng.next(WORDS.len())], &body(&mut rng)),
                6 => {
                    let tmp = ledger.dir().join("learnings/.tmp");
                    std::fs::write(&tmp, text(&id, "atomic", &body(&mut rng))).unwrap();
                    std::fs::rename(tmp, ledger.item_path(Kind::Learning, &id)).unwrap();
                }
                7 => {
                    std::fs::remove_file(ledger.item_path(Kind::Learning, &id)).unwrap();
                    live.swap_remove(i);
                }
                8 => {
                    next_id += 1;
                    let new = format!("L-{next_id}");
                    let content = std::fs::read_to_string(ledger.item_path(Kind::Learning, &id)).unwrap();
                    std::fs::write(
                        ledger.item_path(Kind::Learning, &id),
                        content.replace(&format!("id: {id}\n"), &format!("id: {new}\n")),
                    )
                    .unwrap();
                    std::fs::rename(ledger.item_path(Kind::Learning, &id), ledger.item_path(Kind::Learning, &new))
                        .unwrap();
                    live[i] = next_id;
                }
                _ => {
                    let path = ledger.item_path(Kind::Learning, &id);
                    let content = std::fs::read_to_string(&path).unwrap();
                    let flipped = match content.contains("status: retired\n") {
                        true => content.replace("status: retired\n", ""),
                        false => content.replace("created:", "status: retired\ncreated:"),
                    };
                    std::fs::write(&path, flipped).unwrap();
                    retired += 1;
                }
            }
        }
        if rng.next(3) == 0 {
            continue; // several changes before the next read
        }
        // Alternate the trusted path (a read "later") and the racy one.
        let cached = if step % 2 == 0 { later(&ledger) } else { ledger.index().unwrap() };
        assert!(cached.errors.is_empty(), "{:?}", cached.errors);
        let loaded = ledger.load();
        let fresh = Index::from_items(&loaded.items);
        let by_id = |index: &Index| {
            let mut all: Vec<(String, DocMeta, Vec<f64>)> = index
                .positions()
                .map(|p| {
                    let scores = ["cargo lock", "wasm panic retry", "yaml", "v1 v2 v3"].map(|q| index.scores(q)[p]);
                    (index.id(p).to_string(), index.meta(p), scores.to_vec())
                })
                .collect();
            all.sort_by(|a, b| a.0.cmp(&b.0));
            all
        };
        assert_eq!(by_id(&cached.index), by_id(&fresh), "step {step}");
        bases.insert(cached.index.base.as_ref().unwrap().h.id);
        if step % 2 == 0 {
            tick();
        }
    }
    assert!(retired > 10 && bases.len() > 3, "{retired} status changes, {} bases", bases.len());
}

/// Rewrites the delta as a read in the same clock tick as the last change
/// would have written it: the recorded stamps of the learnings folder and of
/// every file are the current ones, though the content indexed is older.
fn forge_same_tick(ledger: &Ledger, checked_at: i64) {
    let path = ledger.dir().join(DELTA_FILE);
    let mut delta = Delta::decode(&std::fs::read(&path).unwrap()).unwrap();
    let folder = fresh::open_folder(ledger.dir(), "learnings").unwrap().unwrap();
    delta.folders[0] = Some(folder.stamp().unwrap());
    for (_, record) in &mut delta.docs {
        let name = format!("{}\0", record.name);
        record.stamp = folder.stat(name.as_bytes()).unwrap().unwrap();
    }
    delta.checked_at = checked_at;
    std::fs::write(&path, delta.encode()).unwrap();
}

#[test]
fn a_file_changed_in_the_tick_of_the_check_is_read_again() {
    let (_dir, ledger) = ledger();
    write(&ledger, "L-1", "Pin wasmtime", "alpha");
    later(&ledger);
    tick();
    write(&ledger, "L-1", "Pin wasmtime", "bravo");
    later(&ledger); // L-1 now lives in the delta
    write(&ledger, "L-1", "Pin wasmtime", "delta");
    // As if the check had stat'ed L-1 after this write but indexed the
    // content before it, all within one tick of the clock.
    forge_same_tick(&ledger, unix_now());
    let racy = ledger.index().unwrap();
    assert_eq!(matching(&racy, "delta"), ["L-1"], "a racy stamp is not trusted: the content hash is compared");
}

#[test]
fn a_folder_changed_in_the_tick_of_the_check_is_listed_again() {
    let (_dir, ledger) = ledger();
    write(&ledger, "L-1", "Pin wasmtime", "alpha");
    later(&ledger);
    tick();
    write(&ledger, "L-1", "Pin wasmtime", "bravo");
    later(&ledger);
    write(&ledger, "L-2", "Use nextest", "charlie");
    // As if the check had taken the folder's stamp after L-2 was added but
    // listed it before.
    forge_same_tick(&ledger, unix_now());
    let racy = ledger.index().unwrap();
    assert_eq!(ids(&racy), ["L-1", "L-2"]);
}

/// What the caller computes while the files are stat'ed is dropped when a
/// file changed, and computed again on the index that saw the change.
#[test]
fn work_done_during_the_check_is_redone_after_a_change() {
    let (_dir, ledger) = ledger();
    write(&ledger, "L-1", "Pin wasmtime", "alpha");
    let later = unix_now() + 60;
    let ids_of = |i: &Index| i.ids().map(str::to_string).collect::<Vec<_>>();
    let (_, first) = ledger.index_at(later, |i| (ids_of(i), i.scores("bravo"))).unwrap();
    assert_eq!(first.0, ["L-1"]);
    tick();
    write(&ledger, "L-1", "Pin wasmtime", "bravo");
    write(&ledger, "L-2", "Use nextest", "charlie");
    let (refreshed, (ids, scores)) = ledger.index_at(later, |i| (ids_of(i), i.scores("bravo"))).unwrap();
    assert_eq!(ids_of(&refreshed.index), ids);
    assert_eq!(refreshed.index.scores("bravo"), scores);
    assert!(scores.iter().any(|s| *s > 0.0));
}
