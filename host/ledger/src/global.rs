//! The user-global ledger: a `.agents/` ledger in the user's home (or in
//! `$AGENTOPS_GLOBAL`) holding what applies across projects — typically
//! patterns and rules gathered by `harvest`. `lookup` and `inject` read it
//! beside the project's ledger, its scores multiplied by the project's
//! `global_weight`; path-scoped lookups and every write stay in the project.

use std::path::{Path, PathBuf};

use crate::error::{FileError, LedgerError};
use crate::init::LEDGER_DIR;
use crate::store::Ledger;

/// The variable naming the folder that holds the user-global `.agents/`.
pub const GLOBAL_ENV: &str = "AGENTOPS_GLOBAL";

/// The folder holding the user-global `.agents/`: `$AGENTOPS_GLOBAL`, else `$HOME`.
pub fn global_root() -> Option<PathBuf> {
    std::env::var_os(GLOBAL_ENV).or_else(|| std::env::var_os("HOME")).filter(|v| !v.is_empty()).map(PathBuf::from)
}

impl Ledger {
    /// The ledger at `root`, created first when it has none (what harvest
    /// does with the user-global ledger).
    pub fn open_or_init(root: &Path) -> Result<Ledger, LedgerError> {
        match Ledger::open(root) {
            Err(LedgerError::NoLedger { .. }) => Ledger::init(root).and_then(|_| Ledger::open(root)),
            other => other,
        }
    }

    /// The user-global ledger, when there is one and it is not this
    /// project's own. A global ledger that cannot be opened is reported, not
    /// fatal: the project's ledger works without it.
    pub fn global(&self) -> (Option<Ledger>, Option<FileError>) {
        let Some(root) = global_root() else { return (None, None) };
        if self.config().global_weight <= 0.0 || same_folder(&root, self.root()) {
            return (None, None);
        }
        match Ledger::open(&root) {
            Ok(global) => match self.encoder() {
                Some(encoder) => (Some(global.with_encoder(encoder.clone())), None),
                None => (Some(global), None),
            },
            Err(LedgerError::NoLedger { .. }) => (None, None),
            Err(LedgerError::File(e)) => (None, Some(e)),
            Err(e) => (None, Some(FileError::new(&root.join(LEDGER_DIR), None, e.to_string(), ""))),
        }
    }
}

fn same_folder(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}
