//! Rules from the ledger: every active `rule` and `pattern` item becomes an
//! always-loaded instruction (scoped to its `paths` when it has any). A project
//! without a ledger has no rules; that is not an error.

use std::path::Path;

use agentops_ledger::{Item, Kind, Ledger, LedgerError, Status};

use crate::model::Rule;
use crate::model::names::kebab;

pub(super) fn load(root: &Path) -> Result<Vec<Rule>, LedgerError> {
    let ledger = match Ledger::open(root) {
        Ok(ledger) => ledger,
        Err(LedgerError::NoLedger { .. }) => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let loaded = ledger.load();
    let folders = [Kind::Rule.folder(), Kind::Pattern.folder()];
    let in_scope = |p: &Path| p.parent().and_then(|d| d.file_name()).is_some_and(|d| folders.iter().any(|f| d == *f));
    if let Some(e) = loaded.errors.into_iter().find(|e| in_scope(&e.path)) {
        return Err(e.into());
    }
    let mut rules: Vec<Rule> = loaded
        .items
        .iter()
        .filter(|i| matches!(i.kind, Kind::Rule | Kind::Pattern) && i.status == Status::Active)
        .map(rule)
        .collect();
    rules.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(rules)
}

/// Ledger ids (`R-20261125-9ce15ec1`) become file names on Cursor, which take
/// kebab-case: lowercased, other characters as `-`.
fn rule(item: &Item) -> Rule {
    let id = kebab(&item.id);
    Rule {
        id,
        title: item.title.clone(),
        description: None,
        body: item.body.clone(),
        globs: item.paths.clone(),
        always_apply: item.paths.is_empty(),
    }
}
