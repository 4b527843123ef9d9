//! `harvest`: gather the active patterns and rules of other projects'
//! ledgers into the user-global ledger, so what one repository learned the
//! hard way reaches the others.
//!
//! Each item keeps its id (the same lesson harvested twice is one item) and
//! gains `harvested_from` (the source project's folder) and `harvested_at`.
//! Skipped, with the reason: items already in the global ledger by id, and
//! near-duplicates of its active items (the similarity [`crate::scoring`]
//! uses for novelty, at or above [`NEAR_DUPLICATE`]).

use std::path::{Path, PathBuf};

use serde_norway::Value;

use crate::dedupe::NEAR_DUPLICATE;
use crate::error::{FileError, LedgerError};
use crate::index::Index;
use crate::item::{Item, Kind, Status};
use crate::scoring::Similar;
use crate::store::{Ledger, WriteMode};
use crate::time::Timestamp;

/// The key naming the project an item was harvested from.
pub const HARVESTED_FROM: &str = "harvested_from";
/// The key holding when it was harvested.
pub const HARVESTED_AT: &str = "harvested_at";

/// Why an item was not copied.
#[derive(Debug, Clone, PartialEq)]
pub enum Skip {
    /// The global ledger already has this id.
    Present,
    /// It says what an active global item says.
    NearDuplicate { similarity: f64 },
}

/// What one harvest did.
#[derive(Debug, Default)]
pub struct Harvest {
    /// Items copied, with the project they came from.
    pub copied: Vec<(PathBuf, Item)>,
    pub skipped: Vec<(PathBuf, Item, Skip)>,
    /// Source folders without a readable ledger, and unreadable item files.
    pub errors: Vec<FileError>,
}

impl Ledger {
    /// Copies the active patterns and rules of the ledgers at `sources` into
    /// this (global) ledger; `dry_run` decides without writing.
    pub fn harvest(&self, sources: &[PathBuf], dry_run: bool, now: Timestamp) -> Result<Harvest, LedgerError> {
        let mut report = Harvest::default();
        let mut present = self.load();
        report.errors.append(&mut present.errors);
        let mut known: Vec<Item> = present.items.into_iter().filter(|i| i.status == Status::Active).collect();
        let mut index = Index::from_items(&known);
        for source in sources {
            let ledger = match Ledger::open(source) {
                Ok(ledger) => ledger,
                Err(e) => {
                    report.errors.push(as_file_error(source, e));
                    continue;
                }
            };
            let mut loaded = ledger.load();
            report.errors.append(&mut loaded.errors);
            let wanted = loaded
                .items
                .into_iter()
                .filter(|i| matches!(i.kind, Kind::Pattern | Kind::Rule) && i.status == Status::Active);
            for item in wanted {
                if let Some(skip) = self.skip(&item, &known, &index) {
                    report.skipped.push((source.clone(), item, skip));
                    continue;
                }
                let mut copy = item;
                let from = source.canonicalize().unwrap_or_else(|_| source.clone());
                copy.extra.insert(HARVESTED_FROM.into(), Value::from(from.display().to_string()));
                copy.extra.insert(HARVESTED_AT.into(), Value::from(now.to_string()));
                if !dry_run {
                    self.write(&copy, WriteMode::Create)?;
                }
                known.push(copy.clone());
                index = Index::from_items(&known);
                report.copied.push((source.clone(), copy));
            }
        }
        Ok(report)
    }

    /// Why `item` should not be copied beside `known` (indexed in `index`), if it should not.
    fn skip(&self, item: &Item, known: &[Item], index: &Index) -> Option<Skip> {
        if known.iter().any(|k| k.id == item.id) || self.item_path(item.kind, &item.id).exists() {
            return Some(Skip::Present);
        }
        let similarity = index.best_similarity(&format!("{}\n{}", item.title, item.body));
        (similarity >= NEAR_DUPLICATE).then_some(Skip::NearDuplicate { similarity })
    }
}

fn as_file_error(source: &Path, e: LedgerError) -> FileError {
    match e {
        LedgerError::File(e) => e,
        other => FileError::new(source, None, other.to_string(), "give the folder of a project that has a ledger"),
    }
}
