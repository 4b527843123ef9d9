//! The ledger on disk: opening it, loading every item, finding one by id,
//! and writing items back atomically.
//!
//! Loading never stops at a bad file: each broken file becomes a located
//! [`FileError`] beside the items that did load, so one hand-edit gone wrong
//! cannot hide the rest of the ledger. Nothing here reads file mtimes.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::atomic::AtomicFile;
use crate::config::LedgerConfig;
use crate::error::{FileError, LedgerError};
use crate::filter::Filter;
use crate::frontmatter::{parse, render};
use crate::ids::is_valid_id;
use crate::init::{CONFIG_FILE, InitReport, LEDGER_DIR, init};
use crate::item::{Item, Kind};
use crate::semantic::Encoder;

/// A project's `.agents/` ledger and its configuration.
#[derive(Debug, Clone)]
pub struct Ledger {
    root: PathBuf,
    dir: PathBuf,
    config: LedgerConfig,
    encoder: Option<SharedEncoder>,
}

/// The encoder a ledger ranks by meaning with (shared with its user-global
/// ledger).
#[derive(Clone)]
pub(crate) struct SharedEncoder(pub Arc<dyn Encoder>);

impl std::fmt::Debug for SharedEncoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Not asking the encoder anything: a lazily opened one would open.
        f.write_str("Encoder(..)")
    }
}

/// The items that loaded and the files that did not.
#[derive(Debug, Default)]
pub struct Loaded {
    /// By kind (in [`Kind::ALL`] order), then by id.
    pub items: Vec<Item>,
    pub errors: Vec<FileError>,
}

/// Whether a new item may replace an existing file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WriteMode {
    Create,
    Replace,
}

impl Ledger {
    /// Creates or completes `.agents/` under `project_root`; see [`init`].
    pub fn init(project_root: &Path) -> Result<InitReport, LedgerError> {
        init(project_root)
    }

    /// Opens the ledger of the project at `project_root` and reads its config.
    pub fn open(project_root: &Path) -> Result<Self, LedgerError> {
        let dir = project_root.join(LEDGER_DIR);
        if !dir.is_dir() {
            return Err(LedgerError::NoLedger { path: dir });
        }
        let config = LedgerConfig::load(&dir.join(CONFIG_FILE))?;
        Ok(Ledger { root: project_root.to_path_buf(), dir, config, encoder: None })
    }

    /// This ledger ranking queries by meaning as well, with `encoder`.
    pub fn with_encoder(mut self, encoder: Arc<dyn Encoder>) -> Ledger {
        self.encoder = Some(SharedEncoder(encoder));
        self
    }

    pub(crate) fn encoder(&self) -> Option<&Arc<dyn Encoder>> {
        self.encoder.as_ref().map(|e| &e.0)
    }

    /// The project root.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The `.agents/` folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn config(&self) -> &LedgerConfig {
        &self.config
    }

    /// Every item that parses, and a located error for every file that does not.
    pub fn load(&self) -> Loaded {
        let (files, mut errors) = self.item_files();
        let mut items = Vec::with_capacity(files.len());
        for path in files {
            match read_item(&path) {
                Ok(item) => items.push(item),
                Err(e) => errors.push(e),
            }
        }
        Loaded { items, errors }
    }

    /// The loaded items `filter` selects, with every load error.
    pub fn list(&self, filter: &Filter) -> Loaded {
        let mut loaded = self.load();
        loaded.items.retain(|item| filter.matches(item));
        loaded
    }

    /// The item with this id, or with the only id starting with `id`.
    pub fn show(&self, id: &str) -> Result<Item, LedgerError> {
        Ok(read_item(&self.resolve(id)?)?)
    }

    /// Where an item of this kind and id lives.
    pub fn item_path(&self, kind: Kind, id: &str) -> PathBuf {
        self.dir.join(kind.folder()).join(format!("{id}.md"))
    }

    /// Writes `item` to its file atomically.
    pub(crate) fn write(&self, item: &Item, mode: WriteMode) -> Result<(), LedgerError> {
        let path = self.item_path(item.kind, &item.id);
        let text = render(&path, item)?;
        let mut file = AtomicFile::create(&path)?;
        file.write_all(text.as_bytes())?;
        match mode {
            WriteMode::Replace => file.commit(),
            WriteMode::Create => file.commit_new().map_err(|e| match e {
                LedgerError::Io { source, .. } if source.kind() == std::io::ErrorKind::AlreadyExists => {
                    LedgerError::Exists { id: item.id.clone(), path }
                }
                other => other,
            }),
        }
    }

    /// The file of the item with id `id`, or the only id starting with `id`.
    pub(crate) fn resolve(&self, id: &str) -> Result<PathBuf, LedgerError> {
        let not_found = || LedgerError::NotFound { id: id.to_string() };
        if !is_valid_id(id) {
            return Err(not_found());
        }
        let (files, _) = self.item_files();
        let stem = |p: &PathBuf| p.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
        let exact: Vec<&PathBuf> = files.iter().filter(|p| stem(p) == id).collect();
        let candidates =
            if exact.is_empty() { files.iter().filter(|p| stem(p).starts_with(id)).collect() } else { exact };
        match candidates.as_slice() {
            [] => Err(not_found()),
            [one] => Ok((*one).clone()),
            many => Err(LedgerError::Ambiguous {
                prefix: id.to_string(),
                candidates: many.iter().map(|p| stem(p)).collect(),
            }),
        }
    }

    /// The `*.md` files of every kind folder, sorted, skipping hidden files
    /// (a crashed write leaves a hidden `.tmp*` file) and anything that is
    /// not a file (symlinks are followed); unreadable folders are reported.
    pub(crate) fn item_files(&self) -> (Vec<PathBuf>, Vec<FileError>) {
        let (mut files, mut errors) = (Vec::new(), Vec::new());
        for kind in Kind::ALL {
            let dir = self.dir.join(kind.folder());
            let entries = match std::fs::read_dir(&dir) {
                Ok(entries) => entries,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => {
                    errors.push(FileError::new(
                        &dir,
                        None,
                        format!("cannot list: {e}"),
                        "check the folder's permissions",
                    ));
                    continue;
                }
            };
            let mut found: Vec<(String, std::fs::DirEntry)> = entries
                .filter_map(Result::ok)
                .filter_map(|entry| {
                    let name = entry.file_name().into_string().ok()?;
                    (!name.starts_with('.') && name.ends_with(".md") && name.len() > 3).then_some((name, entry))
                })
                .filter(|(_, entry)| is_file(entry))
                .collect();
            found.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            files.extend(found.into_iter().map(|(_, entry)| entry.path()));
        }
        (files, errors)
    }
}

/// Whether a directory entry is a regular file, following a symlink.
fn is_file(entry: &std::fs::DirEntry) -> bool {
    match entry.file_type() {
        Ok(t) if t.is_symlink() => std::fs::metadata(entry.path()).is_ok_and(|m| m.is_file()),
        Ok(t) => t.is_file(),
        Err(_) => false,
    }
}

pub(crate) fn read_item(path: &Path) -> Result<Item, FileError> {
    let bytes = std::fs::read(path)
        .map_err(|e| FileError::new(path, None, format!("cannot read: {e}"), "check the file's permissions"))?;
    parse(path, &bytes)
}
