//! Provenance from git: the commit checked out and the identity of whoever
//! records an item, so a reviewer can tell where a lesson came from.
//!
//! Outside a repository there is simply no provenance; an unborn branch (no
//! commit yet) or an unset `user.name` leave the matching field empty.

use std::path::Path;

use git2::{ErrorCode, Repository};

use crate::error::LedgerError;

/// The git facts recorded on capture.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Provenance {
    /// The full hex id of `HEAD`'s commit.
    pub commit: Option<String>,
    /// `Name <email>` from git's configuration.
    pub author: Option<String>,
}

/// Reads provenance for a project at `root` (any folder inside the work tree).
pub fn provenance(root: &Path) -> Result<Provenance, LedgerError> {
    let repo = match Repository::discover(root) {
        Ok(repo) => repo,
        Err(e) if e.code() == ErrorCode::NotFound => return Ok(Provenance::default()),
        Err(e) => return Err(e.into()),
    };
    let commit = match repo.head() {
        Ok(head) => head.peel_to_commit().ok().map(|c| c.id().to_string()),
        Err(e) if matches!(e.code(), ErrorCode::UnbornBranch | ErrorCode::NotFound) => None,
        Err(e) => return Err(e.into()),
    };
    let author = match repo.signature() {
        Ok(sig) => match (sig.name().ok(), sig.email().ok()) {
            (Some(name), Some(email)) => Some(format!("{name} <{email}>")),
            (Some(name), None) => Some(name.to_string()),
            _ => None,
        },
        Err(e) if e.code() == ErrorCode::NotFound => None,
        Err(e) => return Err(e.into()),
    };
    Ok(Provenance { commit, author })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outside_a_repository_there_is_none() {
        let dir = tempfile::tempdir().unwrap();
        // Meaningless when the temp folder itself lies inside a repository.
        if Repository::discover(dir.path()).is_err() {
            assert_eq!(provenance(dir.path()).unwrap(), Provenance::default());
        }
    }

    #[test]
    fn an_unborn_branch_has_no_commit() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        repo.config().unwrap().set_str("user.name", "Ada").unwrap();
        repo.config().unwrap().set_str("user.email", "ada@example.com").unwrap();
        let p = provenance(dir.path()).unwrap();
        assert_eq!(p, Provenance { commit: None, author: Some("Ada <ada@example.com>".into()) });
    }
}
