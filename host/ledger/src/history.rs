//! An item's history: the commits that changed its file. The ledger travels
//! with the repository, so git already holds every version of every item,
//! retired ones included; this only reads it (through git2, never a `git`
//! process).

use std::path::Path;

use crate::error::LedgerError;
use crate::store::Ledger;
use crate::time::Timestamp;

/// One commit that changed an item's file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    pub commit: String,
    /// `Name <email>`.
    pub author: String,
    pub time: Timestamp,
    /// The first line of the commit message.
    pub summary: String,
}

impl Ledger {
    /// The commits reachable from HEAD that added, changed or removed the
    /// item's file, newest first. Empty outside a repository or before the
    /// first commit; uncommitted changes are not history yet.
    pub fn history(&self, id: &str) -> Result<Vec<Revision>, LedgerError> {
        let file = self.resolve(id)?;
        let Ok(repo) = git2::Repository::discover(self.root()) else { return Ok(Vec::new()) };
        let Some(workdir) = repo.workdir().and_then(|w| w.canonicalize().ok()) else { return Ok(Vec::new()) };
        let Ok(file) = file.canonicalize() else { return Ok(Vec::new()) };
        let Ok(rel) = file.strip_prefix(&workdir) else { return Ok(Vec::new()) };
        if repo.head().is_err() {
            return Ok(Vec::new());
        }
        let mut walk = repo.revwalk()?;
        walk.push_head()?;
        walk.set_sorting(git2::Sort::TIME)?;
        let mut revisions = Vec::new();
        for oid in walk {
            let commit = repo.find_commit(oid?)?;
            let now = blob_at(&commit, rel);
            let before = commit.parents().next().and_then(|parent| blob_at(&parent, rel));
            if now != before {
                let author = commit.author();
                revisions.push(Revision {
                    commit: commit.id().to_string(),
                    author: format!("{} <{}>", author.name().unwrap_or("?"), author.email().unwrap_or("?")),
                    time: Timestamp::from_unix(commit.time().seconds()),
                    summary: commit
                        .summary_bytes()
                        .map(|s| String::from_utf8_lossy(s).into_owned())
                        .unwrap_or_default(),
                });
            }
        }
        Ok(revisions)
    }
}

/// The blob of `path` in a commit's tree, if it is there.
fn blob_at(commit: &git2::Commit<'_>, path: &Path) -> Option<git2::Oid> {
    commit.tree().ok()?.get_path(path).ok().map(|entry| entry.id())
}
