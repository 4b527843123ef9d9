//! `forge` over the real transcripts of `tests/fixtures/transcripts/` (copies
//! of files written by Claude Code and Codex CLI: a tool call allowed, one
//! denied by a PreToolUse hook, one failed; and an OpenCode session as the
//! compiled plugin wrote it, project path shortened) and over constructed transcripts
//! in the same formats that hold lessons, failure → fix pairs, corrections,
//! cited ids, torn lines and garbage.

use std::collections::BTreeMap;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use agentops_ledger::{
    Decision, DropReason, FileError, ForgeReport, ForgeRequest, ForgeRule, Ledger, LedgerError, ToolOutcome,
    TranscriptEvent, TranscriptEventKind, TranscriptFormat, TranscriptReader,
};
use proptest::prelude::*;

use super::{now, project};

const CLAUDE_SESSION: &str = "5b1c9d2e-7f3a-4c1b-9e8d-2a6f0c4b7d13";
const CODEX_SESSION: &str = "01a21490-1c2d-7e3f-8a9b-0c1d2e3f4a5b";
/// The id the constructed Claude Code session cites (twice).
const CITED: &str = "L-20261120-1a2b3c4d";

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/transcripts").join(rel)
}

/// A copy of a fixture inside `dir`, so a test can grow or break it.
fn copy(dir: &Path, rel: &str) -> PathBuf {
    let to = dir.join(Path::new(rel).file_name().unwrap());
    std::fs::copy(fixture(rel), &to).unwrap();
    to
}

fn forge(ledger: &Ledger, paths: &[PathBuf], dry_run: bool) -> ForgeReport {
    ledger.forge(&ForgeRequest { transcripts: paths, format: None, dry_run }, now()).unwrap()
}

/// Reads a whole transcript: its events, its warnings, and the error that
/// stopped it.
fn read(path: &Path, format: Option<TranscriptFormat>) -> (Vec<TranscriptEvent>, Vec<FileError>, Option<FileError>) {
    let file = std::fs::File::open(path).unwrap();
    let mut reader = TranscriptReader::new(path, BufReader::new(file), format);
    let (mut events, mut error) = (Vec::new(), None);
    for event in reader.by_ref() {
        match event {
            Ok(e) => events.push(e),
            Err(e) => error = Some(e),
        }
    }
    (events, reader.take_warnings(), error)
}

/// The reader after reading the whole real transcript `rel`, and its events.
fn read_real(rel: &str) -> (TranscriptReader<BufReader<std::fs::File>>, Vec<TranscriptEvent>) {
    let path = fixture(rel);
    let mut reader = TranscriptReader::new(&path, BufReader::new(std::fs::File::open(&path).unwrap()), None);
    let events: Vec<TranscriptEvent> = reader.by_ref().map(Result::unwrap).collect();
    (reader, events)
}

/// The tool calls' commands and the results' outcomes, in order.
fn tool_turns(events: &[TranscriptEvent]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match &e.kind {
            TranscriptEventKind::ToolCall(c) => Some(format!("{} {}", c.name, c.input)),
            TranscriptEventKind::ToolResult(r) => Some(format!("{:?}", r.outcome)),
            _ => None,
        })
        .collect()
}

/// Every file under `dir` with its content.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.insert(path.clone(), std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

fn rules(report: &ForgeReport) -> Vec<ForgeRule> {
    report.captured().map(|p| p.rule).collect()
}

/// Writes an active learning with a given id, as a hand-written item.
fn item_with_id(ledger: &Ledger, id: &str) {
    let text = format!(
        "---\nid: {id}\nkind: learning\ntitle: Build before you commit\ncreated: 2026-11-20T08:00:00Z\n---\n\n\
         Run `cargo build` before `git commit`, because CI rejects broken builds.\n"
    );
    std::fs::write(ledger.dir().join(format!("learnings/{id}.md")), text).unwrap();
}

#[test]
fn reads_the_real_claude_code_transcripts() {
    for (file, outcome) in [("allowed", "Success"), ("denied", "Denied"), ("failed", "Failure")] {
        let path = fixture(&format!("claude-code/tool-turn-{file}.jsonl"));
        let (events, warnings, error) = read(&path, None);
        assert!(warnings.is_empty() && error.is_none(), "{file}: {warnings:?} {error:?}");
        let user: Vec<&TranscriptEventKind> =
            events.iter().map(|e| &e.kind).filter(|k| matches!(k, TranscriptEventKind::UserText(_))).collect();
        assert_eq!(user.len(), 1, "{file}: only the typed prompt, no system reminder: {user:?}");
        let turns = tool_turns(&events);
        assert_eq!(turns.len(), 2, "{file}: {turns:?}");
        assert!(turns[0].starts_with("Bash {\"command\":\"echo"), "{file}: {turns:?}");
        assert_eq!(turns[1], outcome, "{file}");
        assert_eq!(events.last().unwrap().kind, TranscriptEventKind::AssistantText("done".into()), "{file}");
    }
}

#[test]
fn reads_the_real_codex_transcripts() {
    for (file, outcome) in [("allowed", "Success"), ("denied", "Denied")] {
        let (reader, events) = read_real(&format!("codex/tool-turn-{file}.jsonl"));
        assert_eq!(reader.format(), Some(TranscriptFormat::Codex));
        assert_eq!(reader.meta().cwd.as_deref(), Some("/home/dev/project"));
        assert!(reader.meta().session.as_deref().is_some_and(|s| s.starts_with("01a2148")), "{:?}", reader.meta());
        assert!(reader.warnings().is_empty(), "{:?}", reader.warnings());
        let kinds: Vec<&TranscriptEventKind> = events.iter().map(|e| &e.kind).collect();
        assert_eq!(kinds[0], &TranscriptEventKind::UserText("write hi to out.txt".into()), "{kinds:?}");
        assert_eq!(tool_turns(&events), [r#"exec_command {"cmd":"echo hi > out.txt"}"#.to_string(), outcome.into()]);
        assert_eq!(kinds.last().unwrap(), &&TranscriptEventKind::AssistantText("done".into()));
    }
}

#[test]
fn reads_and_forges_the_real_opencode_session() {
    // OpenCode ran the conformance script: guard refused `rm -rf` on the
    // project, `echo` ran, and the answer quoted a learning and taught one.
    let (reader, events) = read_real("opencode/session-guarded.jsonl");
    assert_eq!(reader.format(), Some(TranscriptFormat::OpenCode));
    assert_eq!(reader.meta().cwd.as_deref(), Some("/home/dev/project"));
    assert!(reader.meta().session.as_deref().is_some_and(|s| s.starts_with("ses_")), "{:?}", reader.meta());
    let kinds: Vec<&TranscriptEventKind> = events.iter().map(|e| &e.kind).collect();
    assert!(
        matches!(kinds[0], TranscriptEventKind::UserText(t) if t.contains("Clean the project up")),
        "the typed prompt first: {kinds:?}"
    );
    let turns = tool_turns(&events);
    assert_eq!(turns.len(), 4, "{turns:?}");
    assert!(turns[0].starts_with(r#"bash {"command":"rm -rf /home/dev/project""#), "{turns:?}");
    assert_eq!((turns[1].as_str(), turns[3].as_str()), ("Denied", "Success"));
    assert!(turns[2].starts_with(r#"bash {"command":"echo hi > out.txt""#), "{turns:?}");
    assert!(matches!(kinds.last().unwrap(), TranscriptEventKind::AssistantText(t) if t.contains("Lesson learned")));

    let (_dir, ledger) = project();
    let report = forge(&ledger, &[fixture("opencode/session-guarded.jsonl")], true);
    assert_eq!(rules(&report), [ForgeRule::Lesson], "{report:?}");
    let lesson = report.captured().next().unwrap();
    assert!(lesson.item.body.contains("git clean -n"), "{}", lesson.item.body);
    assert_eq!(lesson.item.source.session, reader.meta().session);
}

#[test]
fn the_format_is_detected_from_content_or_given() {
    let dir = tempfile::tempdir().unwrap();
    for (rel, format) in [
        ("claude-code/tool-turn-failed.jsonl", TranscriptFormat::ClaudeCode),
        ("codex/tool-turn-denied.jsonl", TranscriptFormat::Codex),
        ("opencode/session-guarded.jsonl", TranscriptFormat::OpenCode),
    ] {
        let path = fixture(rel);
        let mut reader = TranscriptReader::new(&path, BufReader::new(std::fs::File::open(&path).unwrap()), None);
        assert!(reader.next().is_some());
        assert_eq!(reader.format(), Some(format), "{rel}");
    }
    // Read as the wrong format, every record is skipped as unknown or invalid.
    let (events, _, error) = read(&fixture("codex/tool-turn-allowed.jsonl"), Some(TranscriptFormat::ClaudeCode));
    assert!(events.is_empty() && error.is_none());
    let unknown = dir.path().join("notes.jsonl");
    std::fs::write(&unknown, "{\"type\":\"note\"}\nplain text\n").unwrap();
    let (_, warnings, error) = read(&unknown, None);
    let error = error.expect("an unknown format is an error");
    assert!(error.to_string().contains("cannot tell") && error.hint.contains("--from"), "{error}");
    assert_eq!(warnings[0].line, Some(2));
}

#[test]
fn the_real_transcripts_teach_nothing_and_are_read_to_the_end() {
    let (_dir, ledger) = project();
    let paths: Vec<PathBuf> =
        ["claude-code/tool-turn-allowed.jsonl", "claude-code/tool-turn-failed.jsonl", "codex/tool-turn-denied.jsonl"]
            .iter()
            .map(|r| fixture(r))
            .collect();
    let report = forge(&ledger, &paths, true);
    assert!(report.proposed.is_empty() && report.cited.is_empty() && report.warnings.is_empty(), "{report:?}");
    let lines: Vec<usize> = report.transcripts.iter().map(|t| t.lines).collect();
    assert_eq!(lines, [28, 28, 18]);
    assert_eq!(report.transcripts[2].session.as_deref(), Some("01a2148e-d05b-77d2-9a02-e0efe97e6360"));
}

#[test]
fn claude_code_lessons_fixes_and_corrections_are_captured_with_provenance() {
    let (dir, ledger) = project();
    let path = copy(dir.path(), "claude-code/session-lessons.jsonl");
    let report = forge(&ledger, std::slice::from_ref(&path), false);
    assert_eq!(rules(&report), [ForgeRule::FailFix, ForgeRule::Lesson, ForgeRule::Correction]);

    let fix = report.captured().next().unwrap();
    assert_eq!(fix.item.title, "`cargo build` failed: error[E0432]: unresolved import `crate::cache::Store`");
    assert!(fix.item.body.contains("Fix: edit `src/lib.rs`, then run `cargo build` again"), "{}", fix.item.body);
    assert_eq!(fix.item.paths, ["src/lib.rs"], "relative to the session's working folder");
    assert_eq!(fix.item.source.session.as_deref(), Some(CLAUDE_SESSION));
    let canonical = std::fs::canonicalize(&path).unwrap();
    assert_eq!(fix.item.source.transcript, Some(format!("{}:13", canonical.display())), "the passing result's line");
    assert_eq!(fix.item.tags, ["fail-fix"]);

    let lesson = report.captured().nth(1).unwrap();
    assert!(lesson.item.title.starts_with("The cache refactor renamed `Store` to `LruStore`"), "{}", lesson.item.title);
    assert!(lesson.item.body.contains("Next time, run `cargo check --workspace`"));
    let correction = report.captured().nth(2).unwrap();
    assert_eq!(correction.item.title, "Don't alias the import in `src/lib.rs`; rename the uses to `LruStore` instead");

    for p in report.captured() {
        let file = ledger.item_path(p.item.kind, &p.item.id);
        assert_eq!(ledger.show(&p.item.id).unwrap().title, p.item.title, "{}", file.display());
    }
    let dropped: Vec<&DropReason> = report.dropped().map(|(_, r)| r).collect();
    assert!(
        matches!(dropped[..], [DropReason::BelowThreshold { .. }, DropReason::DuplicatesProposal { .. }]),
        "{dropped:?}"
    );
    if let DropReason::DuplicatesProposal { id, .. } = dropped[1] {
        assert_eq!(*id, lesson.item.id, "the summary repeats the root-cause lesson");
    }

    let located: Vec<(Option<usize>, bool)> =
        report.warnings.iter().map(|w| (w.line, w.path.ends_with("session-lessons.jsonl"))).collect();
    assert_eq!(located, [(Some(14), true), (Some(15), true)], "the torn and the garbage line: {:?}", report.warnings);
}

#[test]
fn codex_rollouts_teach_the_same_way() {
    let (_dir, ledger) = project();
    let report = forge(&ledger, &[fixture("codex/rollout-failfix.jsonl")], false);
    assert_eq!(rules(&report), [ForgeRule::FailFix, ForgeRule::Lesson, ForgeRule::Correction]);
    let fix = report.captured().next().unwrap();
    assert_eq!(fix.item.paths, ["src/date.ts"]);
    assert!(fix.item.body.contains("TypeError: Cannot read properties of undefined (reading 'locale')"));
    assert!(fix.item.title.starts_with("`npm test -- src/date.test.ts` failed: TypeError"), "{}", fix.item.title);
    let correction = report.captured().nth(2).unwrap();
    assert!(correction.item.body.contains("run `pnpm test` instead"), "{}", correction.item.body);
    assert!(report.captured().all(|p| p.item.source.session.as_deref() == Some(CODEX_SESSION)));
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
}

#[test]
fn cited_ids_of_existing_items_are_applied_once_per_session() {
    let (dir, ledger) = project();
    item_with_id(&ledger, CITED);
    let path = copy(dir.path(), "claude-code/session-lessons.jsonl");
    let report = forge(&ledger, std::slice::from_ref(&path), false);
    let cited: Vec<(&str, &str, usize)> =
        report.cited.iter().map(|c| (c.id.as_str(), c.session.as_str(), c.line)).collect();
    assert_eq!(cited, [(CITED, CLAUDE_SESSION, 17)], "the unknown id is not cited, the repeat not twice");
    let item = ledger.show(CITED).unwrap();
    assert_eq!((item.citations.applied, item.last_applied), (1, Some(now())));

    // Neither the cursor nor its absence makes a second citation.
    forge(&ledger, std::slice::from_ref(&path), false);
    std::fs::remove_dir_all(ledger.dir().join("cache/forge")).unwrap();
    let again = forge(&ledger, std::slice::from_ref(&path), false);
    assert!(again.cited.is_empty(), "{:?}", again.cited);
    let log = std::fs::read_to_string(ledger.dir().join("log/citations.jsonl")).unwrap();
    assert_eq!(log.lines().filter(|l| l.contains("\"applied\"")).count(), 1, "{log}");
}

#[test]
fn a_second_run_captures_nothing_twice_with_or_without_the_cursor() {
    let (dir, ledger) = project();
    let path = copy(dir.path(), "codex/rollout-failfix.jsonl");
    let first = forge(&ledger, std::slice::from_ref(&path), false);
    let captured = first.captured().count();
    assert_eq!(captured, 3);
    let files = || std::fs::read_dir(ledger.dir().join("learnings")).unwrap().count();
    assert_eq!(files(), captured);

    let resumed = forge(&ledger, std::slice::from_ref(&path), false);
    assert_eq!(resumed.transcripts[0].resumed_after, 21);
    assert!(resumed.proposed.is_empty(), "the cursor skips what was read");

    std::fs::remove_dir_all(ledger.dir().join("cache/forge")).unwrap();
    let reread = forge(&ledger, std::slice::from_ref(&path), false);
    assert_eq!(reread.transcripts[0].resumed_after, 0);
    assert_eq!(reread.proposed.len(), captured);
    for (proposal, reason) in reread.dropped() {
        assert!(
            matches!(reason, DropReason::DuplicatesItem { similarity } if *similarity >= 0.8),
            "{reason:?}: {}",
            proposal.item.title
        );
    }
    assert_eq!(reread.dropped().count(), captured);
    assert_eq!(files(), captured);
}

#[test]
fn a_failure_and_its_fix_pair_up_across_runs_over_a_growing_transcript() {
    let (dir, ledger) = project();
    let full = std::fs::read_to_string(fixture("claude-code/session-lessons.jsonl")).unwrap();
    let lines: Vec<&str> = full.lines().collect();
    let path = dir.path().join("grown.jsonl");
    // The Stop hook after the failed build: the failure is read, no fix yet.
    std::fs::write(&path, lines[..8].join("\n") + "\n").unwrap();
    let before = forge(&ledger, std::slice::from_ref(&path), false);
    assert!(before.proposed.is_empty());
    // The turn goes on; the next run reads only the new lines.
    std::fs::write(&path, lines[..13].join("\n") + "\n").unwrap();
    let after = forge(&ledger, std::slice::from_ref(&path), false);
    assert_eq!(after.transcripts[0].resumed_after, 8);
    assert_eq!(rules(&after), [ForgeRule::FailFix]);
    assert!(after.captured().next().unwrap().item.body.contains("error[E0432]"));
}

#[test]
fn a_torn_last_line_is_reported_and_read_again_once_complete() {
    let (dir, ledger) = project();
    let full = std::fs::read_to_string(fixture("claude-code/session-lessons.jsonl")).unwrap();
    let lines: Vec<&str> = full.lines().collect();
    let path = dir.path().join("torn.jsonl");
    let (head, tail) = lines[16].split_at(200);
    std::fs::write(&path, format!("{}\n{head}", lines[..16].join("\n"))).unwrap();
    let torn = forge(&ledger, std::slice::from_ref(&path), false);
    let last = torn.warnings.last().unwrap();
    assert_eq!(last.line, Some(17));
    assert!(last.message.contains("incomplete"), "{last}");
    assert_eq!(torn.transcripts[0].lines, 16);
    std::fs::write(&path, format!("{}\n{head}{tail}\n", lines[..16].join("\n"))).unwrap();
    let completed = forge(&ledger, std::slice::from_ref(&path), false);
    assert_eq!(completed.transcripts[0].resumed_after, 16);
    assert!(completed.captured().any(|p| p.rule == ForgeRule::Lesson), "{:?}", completed.proposed);
}

#[test]
fn dry_run_writes_nothing_and_decides_like_a_real_run() {
    let (dir, ledger) = project();
    item_with_id(&ledger, CITED);
    let path = copy(dir.path(), "claude-code/session-lessons.jsonl");
    let before = snapshot(dir.path());
    let dry = forge(&ledger, std::slice::from_ref(&path), true);
    assert_eq!(snapshot(dir.path()), before, "no item, citation, cursor, lock or cache file");
    assert!(dry.dry_run && dry.captured().count() == 3 && dry.cited.len() == 1, "{dry:?}");
    let real = forge(&ledger, std::slice::from_ref(&path), false);
    let ids = |r: &ForgeReport| r.proposed.iter().map(|p| (p.item.id.clone(), p.decision.clone())).collect::<Vec<_>>();
    assert_eq!(ids(&dry), ids(&real));
    assert_eq!(dry.cited, real.cited);
    assert!(real.captured().all(|p| ledger.show(&p.item.id).is_ok()));
}

#[test]
fn an_item_already_recorded_today_is_dropped_not_an_error() {
    let (dir, ledger) = project();
    let path = copy(dir.path(), "codex/rollout-failfix.jsonl");
    let first = forge(&ledger, std::slice::from_ref(&path), false);
    // Retired items take no part in novelty, but their ids stay taken.
    for p in first.captured() {
        ledger.retire(&p.item.id, now()).unwrap();
    }
    std::fs::remove_dir_all(ledger.dir().join("cache/forge")).unwrap();
    let again = forge(&ledger, std::slice::from_ref(&path), false);
    let reasons: Vec<&DropReason> = again.dropped().map(|(_, r)| r).collect();
    assert_eq!(reasons, [&DropReason::AlreadyRecorded; 3]);
}

#[test]
fn unreadable_transcripts_fail_before_anything_is_written() {
    let (dir, ledger) = project();
    let good = copy(dir.path(), "codex/rollout-failfix.jsonl");
    let bad = dir.path().join("latin1.jsonl");
    std::fs::write(&bad, b"{\"type\":\"user\",\"sessionId\":\"s\",\"message\":{\"content\":\"caf\xe9\"}}\n").unwrap();
    let err = ledger
        .forge(&ForgeRequest { transcripts: &[good, bad.clone()], format: None, dry_run: false }, now())
        .unwrap_err();
    match err {
        LedgerError::File(e) => {
            assert_eq!((e.path.clone(), e.line), (std::fs::canonicalize(&bad).unwrap(), Some(1)));
            assert!(e.message.contains("not UTF-8"), "{e}");
        }
        other => panic!("{other}"),
    }
    assert_eq!(std::fs::read_dir(ledger.dir().join("learnings")).unwrap().count(), 0);
    let missing = ledger
        .forge(&ForgeRequest { transcripts: &[dir.path().join("gone.jsonl")], format: None, dry_run: true }, now());
    assert!(matches!(missing, Err(LedgerError::Io { .. })));
}

/// A source of endless transcript lines: reading it whole would never end.
struct Endless {
    line: &'static [u8],
    at: usize,
}

impl Read for Endless {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = buf.len().min(self.line.len() - self.at);
        buf[..n].copy_from_slice(&self.line[self.at..self.at + n]);
        self.at = (self.at + n) % self.line.len();
        Ok(n)
    }
}

#[test]
fn transcripts_are_streamed_line_by_line() {
    let line = b"{\"type\":\"assistant\",\"sessionId\":\"s\",\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}}\n";
    let mut reader = TranscriptReader::new(Path::new("endless.jsonl"), BufReader::new(Endless { line, at: 0 }), None);
    let first: Vec<TranscriptEvent> = reader.by_ref().take(1000).map(Result::unwrap).collect();
    assert_eq!(first.len(), 1000);
    assert_eq!(first[999].line, 1000);
}

#[test]
fn tool_outcomes_are_read_from_the_real_files() {
    let (events, _, _) = read(&fixture("claude-code/tool-turn-failed.jsonl"), Some(TranscriptFormat::ClaudeCode));
    let result = events.iter().find_map(|e| match &e.kind {
        TranscriptEventKind::ToolResult(r) => Some((e.line, r.outcome, r.output.clone())),
        _ => None,
    });
    assert_eq!(result, Some((22, ToolOutcome::Failure, "Exit code 3\noops".into())));
}

/// Lines a transcript may hold: real records, fragments of them, JSON of the
/// wrong shape, and arbitrary text.
fn any_line() -> impl Strategy<Value = String> {
    let real: Vec<String> = ["claude-code/session-lessons.jsonl", "codex/rollout-failfix.jsonl"]
        .iter()
        .flat_map(|f| std::fs::read_to_string(fixture(f)).unwrap().lines().map(str::to_string).collect::<Vec<_>>())
        .collect();
    let real_for_cut = real.clone();
    prop_oneof![
        proptest::sample::select(real),
        (proptest::sample::select(real_for_cut), any::<prop::sample::Index>()).prop_map(|(l, i)| {
            let cut = i.index(l.len() + 1);
            l.get(..cut).unwrap_or(&l).to_string()
        }),
        Just(r#"{"type":"user","message":{"content":[{"type":"tool_result"}]}}"#.to_string()),
        Just(r#"{"type":"response_item","payload":{"type":"message","role":"user","content":7}}"#.to_string()),
        Just(r#"{"type":"assistant","message":{"content":[{"type":"tool_use","id":"x","name":"Bash","input":{"command":["no"]}}]}}"#.to_string()),
        proptest::string::string_regex(".{0,80}").unwrap(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn transcript_parsers_never_panic_and_locate_every_problem(
        lines in prop::collection::vec(any_line(), 0..24),
        format in prop::option::of(prop::sample::select(vec![TranscriptFormat::ClaudeCode, TranscriptFormat::Codex])),
    ) {
        let text = lines.join("\n");
        let mut reader = TranscriptReader::new(Path::new("p.jsonl"), text.as_bytes(), format);
        let count = text.lines().count();
        for event in reader.by_ref() {
            match event {
                Ok(e) => prop_assert!((1..=count).contains(&e.line)),
                Err(e) => prop_assert!(e.line.is_some_and(|l| (1..=count).contains(&l)) || e.message.contains("cannot tell")),
            }
        }
        for w in reader.warnings() {
            prop_assert!(w.line.is_some_and(|l| (1..=count).contains(&l)), "{w}");
        }
        prop_assert!(reader.settled().0 <= count);
    }

    #[test]
    fn arbitrary_bytes_are_an_error_or_warnings_never_a_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let mut reader = TranscriptReader::new(Path::new("b.jsonl"), &bytes[..], None);
        for event in reader.by_ref() {
            if let Err(e) = event {
                prop_assert!(e.line.is_some() || e.message.contains("cannot tell"), "{e}");
            }
        }
        prop_assert!(reader.warnings().iter().all(|w| w.line.is_some()));
    }

    #[test]
    fn forge_over_arbitrary_lines_never_fails_on_content(lines in prop::collection::vec(any_line(), 1..16)) {
        let (dir, ledger) = project();
        let path = dir.path().join("t.jsonl");
        std::fs::write(&path, lines.join("\n")).unwrap();
        let result = ledger.forge(&ForgeRequest { transcripts: &[path], format: Some(TranscriptFormat::ClaudeCode), dry_run: false }, now());
        let report = result.map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(report.captured().all(|p| ledger.show(&p.item.id).is_ok()));
        for p in &report.proposed {
            let line: usize = p.item.source.transcript.as_deref().and_then(|t| t.rsplit(':').next()?.parse().ok()).unwrap();
            prop_assert!((1..=lines.len()).contains(&line));
            prop_assert!(p.decision != Decision::Captured || p.item.tier != Some(agentops_ledger::Tier::Discard));
        }
    }
}
