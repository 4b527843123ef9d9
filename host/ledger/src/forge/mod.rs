//! `forge`: learnings and citations from real agent transcripts.
//!
//! A run reads each transcript (Claude Code session JSONL, Codex rollout
//! JSONL, OpenCode messages as the plugin writes them; [`transcript`]) from where the last run stopped ([`cursor`]),
//! proposes learnings by three rules ([`extract`]), scores each one as
//! `learn add` does, and keeps those that reach the bronze tier and
//! near-duplicate neither an active item (novelty ≤ 1 − [`NEAR_DUPLICATE`])
//! nor an earlier proposal of the run (Jaccard of their terms ≥
//! [`NEAR_DUPLICATE`], as `lookup` collapses duplicates). Ids of existing
//! items that the assistant mentions become `applied` citations, once per
//! session and id. Everything is read and decided before anything is
//! written; `dry_run` writes nothing at all (no items, citations, cursors,
//! locks or index cache). The stop hook calls this after every turn, so the
//! usual run reads a few new lines and, finding nothing, opens neither the
//! index nor git. [`stores`] knows where the agent runtimes keep a project's
//! transcripts on this machine.

mod cited;
mod claude;
mod codex;
mod corrections;
mod cursor;
mod extract;
mod failfix;
mod lessons;
mod lines;
mod opencode;
mod stores;
mod text;
mod tools;
mod transcript;

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{BufReader, Seek, SeekFrom};
use std::path::{Path, PathBuf};

pub use extract::Rule;
pub use stores::{is_project_transcript, project_transcripts};
pub use transcript::{Event, EventKind, Format, Meta, Outcome, ToolCall, ToolResult, TranscriptReader};

use crate::capture::Draft;
use crate::citations::{CITATIONS_LOG, How};
use crate::dedupe::{NEAR_DUPLICATE, jaccard};
use crate::error::{FileError, LedgerError};
use crate::index::{Index, tokens};
use crate::item::{Item, Tier};
use crate::lock::LockGuard;
use crate::provenance::provenance;
use crate::store::{Ledger, WriteMode};
use crate::time::Timestamp;
use cursor::Cursor;
use extract::{Extracted, Extractor, Found, Mention, Place};

/// What to forge from.
#[derive(Debug, Clone, Copy)]
pub struct ForgeRequest<'a> {
    pub transcripts: &'a [PathBuf],
    /// The transcripts' format; detected per file from its records when `None`.
    pub format: Option<Format>,
    /// Decide everything, write nothing.
    pub dry_run: bool,
}

/// What a run read, proposed, kept, dropped and cited.
#[derive(Debug, Default)]
pub struct ForgeReport {
    pub dry_run: bool,
    pub transcripts: Vec<TranscriptRead>,
    /// Every learning the rules proposed, scored, in transcript order.
    pub proposed: Vec<Proposal>,
    /// `applied` citations recorded (or, under dry run, that would be).
    pub cited: Vec<Cited>,
    /// Skipped transcript lines and unreadable ledger items.
    pub warnings: Vec<FileError>,
}

/// How far one transcript was read.
#[derive(Debug, Clone, PartialEq)]
pub struct TranscriptRead {
    pub path: PathBuf,
    /// `None` for a transcript with no record yet.
    pub format: Option<Format>,
    pub session: Option<String>,
    /// Lines read by earlier runs and skipped now (0: read from the start).
    pub resumed_after: usize,
    /// Lines read for good so far.
    pub lines: usize,
}

/// A proposed learning.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    pub rule: Rule,
    /// The transcript line it was drawn from.
    pub line: usize,
    /// The learning as written (or as it would be): id, scores, quality,
    /// tier and provenance (`source.transcript` is `path:line`).
    pub item: Item,
    pub decision: Decision,
}

/// What became of a proposal.
#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    /// Written to the ledger (under dry run: would be).
    Captured,
    Dropped(DropReason),
}

/// Why a proposal was not captured.
#[derive(Debug, Clone, PartialEq)]
pub enum DropReason {
    /// It says what an active item already says: similarity 1 − novelty.
    DuplicatesItem { similarity: f64 },
    /// It repeats a proposal captured earlier in this run.
    DuplicatesProposal { id: String, jaccard: f64 },
    /// Its quality is under the bronze threshold.
    BelowThreshold { bronze: f64 },
    /// The same content was already recorded today under this id.
    AlreadyRecorded,
}

impl DropReason {
    /// The reason in words, for `item`, the learning dropped: what the CLI
    /// prints and what skills forging through the host are told.
    pub fn explain(&self, item: &Item) -> String {
        match self {
            DropReason::DuplicatesItem { similarity } => {
                format!("repeats an active item (similarity {similarity:.2})")
            }
            DropReason::DuplicatesProposal { id, jaccard } => format!("repeats {id} (term overlap {jaccard:.2})"),
            DropReason::BelowThreshold { bronze } => {
                format!("quality {:.2} is below bronze {bronze:.2}", item.quality.unwrap_or_default())
            }
            DropReason::AlreadyRecorded => format!("already recorded as {}", item.id),
        }
    }
}

/// An `applied` citation forge recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cited {
    pub id: String,
    pub session: String,
    pub transcript: PathBuf,
    pub line: usize,
}

impl ForgeReport {
    /// The proposals captured (or, under dry run, that would be).
    pub fn captured(&self) -> impl Iterator<Item = &Proposal> {
        self.proposed.iter().filter(|p| p.decision == Decision::Captured)
    }

    /// The proposals dropped, with why.
    pub fn dropped(&self) -> impl Iterator<Item = (&Proposal, &DropReason)> {
        self.proposed.iter().filter_map(|p| match &p.decision {
            Decision::Dropped(reason) => Some((p, reason)),
            Decision::Captured => None,
        })
    }
}

/// One transcript read, before anything is written.
struct Read {
    /// The canonical path.
    path: PathBuf,
    session: String,
    extracted: Extracted,
    /// The cursor to save once the run's writes are done, when it moved.
    cursor: Option<Cursor>,
}

impl Ledger {
    /// Reads `request.transcripts` and captures what they teach.
    ///
    /// Fails before writing anything when a transcript cannot be read, is
    /// not UTF-8 or its format cannot be told; invalid lines are skipped
    /// and reported as warnings.
    pub fn forge(&self, request: &ForgeRequest<'_>, now: Timestamp) -> Result<ForgeReport, LedgerError> {
        let mut report = ForgeReport { dry_run: request.dry_run, ..ForgeReport::default() };
        let mut paths: Vec<PathBuf> = Vec::new();
        for path in request.transcripts {
            let canonical = std::fs::canonicalize(path).map_err(|e| LedgerError::io(path, e))?;
            if !paths.contains(&canonical) {
                paths.push(canonical);
            }
        }
        let _locks = if request.dry_run { Vec::new() } else { self.lock_transcripts(&paths)? };
        let mut reads = Vec::with_capacity(paths.len());
        for path in &paths {
            reads.push(self.read_transcript(path, request.format, &mut report)?);
        }
        let found = reads.iter().any(|r| !r.extracted.found.is_empty() || !r.extracted.mentions.is_empty());
        if found {
            let index = if request.dry_run {
                let loaded = self.load();
                report.warnings.extend(loaded.errors);
                Index::from_items(&loaded.items)
            } else {
                let refreshed = self.index()?;
                report.warnings.extend(refreshed.errors);
                refreshed.index
            };
            report.proposed = self.propose(&reads, &index, now)?;
            report.cited = self.mentioned(&reads, &index)?;
        }
        if !request.dry_run {
            self.record(&mut report, now)?;
            for read in &reads {
                if let Some(cursor) = &read.cursor {
                    cursor.save(self, &read.path)?;
                }
            }
        }
        Ok(report)
    }

    /// Each transcript's lock, taken in one global order so that two runs
    /// over overlapping transcripts cannot deadlock.
    fn lock_transcripts(&self, paths: &[PathBuf]) -> Result<Vec<LockGuard>, LedgerError> {
        let mut keys: Vec<String> = paths.iter().map(|p| format!("forge-{}", cursor::key(p))).collect();
        keys.sort();
        keys.iter().map(|k| self.lock(k)).collect()
    }

    /// Reads one transcript from its cursor and extracts from it.
    fn read_transcript(
        &self,
        path: &Path,
        format: Option<Format>,
        report: &mut ForgeReport,
    ) -> Result<Read, LedgerError> {
        let saved = Cursor::load(self, path).filter(|c| format.is_none_or(|f| f == c.format));
        let resumed_after = saved.as_ref().map_or(0, |c| c.lines);
        let (settled, meta, mut extractor, format) = match saved.clone() {
            Some(c) => ((c.lines, c.offset), c.meta, c.state, Some(c.format)),
            None => ((0, 0), Meta::default(), Extractor::default(), format),
        };
        let io = |e| LedgerError::io(path, e);
        let mut file = File::open(path).map_err(io)?;
        file.seek(SeekFrom::Start(settled.1)).map_err(io)?;
        let mut reader = TranscriptReader::resume(path, BufReader::new(file), format, meta, settled);
        let mut extracted = Extracted::default();
        while let Some(event) = reader.next() {
            let place = Place { root: self.root(), cwd: reader.meta().cwd.as_deref() };
            extractor.push(&event?, &place, &mut extracted);
        }
        report.warnings.extend(reader.take_warnings());
        let meta = reader.meta().clone();
        let session = meta.session.clone().unwrap_or_else(|| file_stem(path));
        report.transcripts.push(TranscriptRead {
            path: path.to_path_buf(),
            format: reader.format(),
            session: meta.session.clone(),
            resumed_after,
            lines: reader.settled().0,
        });
        let cursor = match reader.format() {
            Some(format) => Some(Cursor::new(path, format, reader.settled(), meta, extractor)?),
            None => None,
        };
        // Nothing new read: leave the file alone (a write costs an fsync).
        let cursor = cursor.filter(|c| saved.as_ref() != Some(c));
        Ok(Read { path: path.to_path_buf(), session, extracted, cursor })
    }

    /// Scores every proposal and decides whether it is kept.
    fn propose(&self, reads: &[Read], index: &Index, now: Timestamp) -> Result<Vec<Proposal>, LedgerError> {
        let found: Vec<(&Read, &Found)> =
            reads.iter().flat_map(|r| r.extracted.found.iter().map(move |f| (r, f))).collect();
        if found.is_empty() {
            return Ok(Vec::new());
        }
        let git = provenance(self.root())?;
        let bronze = self.config().tiers.bronze;
        let mut terms = Terms::default();
        let mut kept: Vec<(String, Vec<u32>)> = Vec::new();
        let mut proposed = Vec::with_capacity(found.len());
        for (read, found) in found {
            let draft = Draft {
                session: Some(read.session.clone()),
                transcript: Some(format!("{}:{}", read.path.display(), found.line)),
                ..found.draft.clone()
            };
            if draft.title.trim().is_empty() {
                continue;
            }
            let item = self.learning(&draft, index, &git, now)?;
            let words = terms.of(&format!("{}\n\n{}", item.title, item.body));
            let similarity = item.scores.map_or(0.0, |s| 1.0 - s.novelty);
            let twin = kept.iter().map(|(id, k)| (id, jaccard(k, &words))).find(|(_, j)| *j >= NEAR_DUPLICATE);
            let decision = if similarity >= NEAR_DUPLICATE {
                Decision::Dropped(DropReason::DuplicatesItem { similarity })
            } else if let Some((id, jaccard)) = twin {
                Decision::Dropped(DropReason::DuplicatesProposal { id: id.clone(), jaccard })
            } else if item.tier == Some(Tier::Discard) {
                Decision::Dropped(DropReason::BelowThreshold { bronze })
            } else {
                kept.push((item.id.clone(), words));
                Decision::Captured
            };
            proposed.push(Proposal { rule: found.rule, line: found.line, item, decision });
        }
        Ok(proposed)
    }

    /// The `applied` citations the mentions call for: existing items, each
    /// once per session, not already in the citation log.
    fn mentioned(&self, reads: &[Read], index: &Index) -> Result<Vec<Cited>, LedgerError> {
        let mentions: Vec<(&Read, &Mention)> =
            reads.iter().flat_map(|r| r.extracted.mentions.iter().map(move |m| (r, m))).collect();
        if mentions.is_empty() {
            return Ok(Vec::new());
        }
        let known: HashSet<&str> = index.ids().collect();
        let sessions: HashSet<&str> = reads.iter().map(|r| r.session.as_str()).collect();
        let mut done = cited::applied(&self.dir().join(CITATIONS_LOG), &sessions)?;
        let mut cited = Vec::new();
        for (read, mention) in mentions {
            if known.contains(mention.id.as_str()) && done.insert((read.session.clone(), mention.id.clone())) {
                cited.push(Cited {
                    id: mention.id.clone(),
                    session: read.session.clone(),
                    transcript: read.path.clone(),
                    line: mention.line,
                });
            }
        }
        Ok(cited)
    }

    /// Writes the captured learnings and the citations; a learning whose id
    /// another writer took first is dropped as already recorded.
    fn record(&self, report: &mut ForgeReport, now: Timestamp) -> Result<(), LedgerError> {
        for proposal in report.proposed.iter_mut().filter(|p| p.decision == Decision::Captured) {
            match self.write(&proposal.item, WriteMode::Create) {
                Ok(()) => {}
                Err(LedgerError::Exists { .. }) => proposal.decision = Decision::Dropped(DropReason::AlreadyRecorded),
                Err(e) => return Err(e),
            }
        }
        for cited in &report.cited {
            self.cite(&cited.id, How::Applied, Some(&cited.session), now)?;
        }
        Ok(())
    }
}

/// A file's name without extension: the session when a transcript names none
/// (Claude Code names its files after the session).
fn file_stem(path: &Path) -> String {
    path.file_stem().map_or_else(|| path.display().to_string(), |s| s.to_string_lossy().into_owned())
}

/// Term ids for Jaccard comparisons between proposals, interned per run.
#[derive(Default)]
struct Terms {
    ids: HashMap<String, u32>,
}

impl Terms {
    /// The sorted, distinct term ids of `text`.
    fn of(&mut self, text: &str) -> Vec<u32> {
        let mut out: Vec<u32> = tokens(text)
            .into_iter()
            .map(|t| {
                let next = u32::try_from(self.ids.len()).unwrap_or(u32::MAX);
                *self.ids.entry(t).or_insert(next)
            })
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}
