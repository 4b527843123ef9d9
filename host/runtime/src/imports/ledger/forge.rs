//! `forge`: a session transcript turned into learnings by the host, for a
//! skill that cannot reach the transcript from the sandbox.
//!
//! The host reads only this project's transcripts: a file inside the project
//! (never under `.git/`, never a private path) or a session that Claude Code
//! or Codex keeps for this project on this machine. Those feed the ledger
//! anyway (the stop hook forges them), so forging one hands a skill nothing
//! beyond what its ledger grant reaches; any other file, another project's
//! sessions included, stays out of reach.

use std::path::{Component, Path, PathBuf};

use agentops_ledger::{
    Decision, ForgeReport as Forging, ForgeRequest, LedgerError, Proposal, Timestamp, is_project_transcript,
};
use globset::GlobSet;

use super::{LedgerAccess, clip, message, no_ledger, tier};
use crate::bindings::agentops::skill::ledger::{ForgeReport, Forged};

impl LedgerAccess {
    /// Forges `transcript`: a dry run needs `ledger.read`, a real one `ledger.write`.
    pub fn forge(&self, transcript: &str, dry_run: bool) -> Result<ForgeReport, String> {
        let ledger = if dry_run { self.reader()?.ok_or_else(no_ledger)? } else { self.writer()? };
        let path = resolve(ledger.root(), &self.private, transcript)?;
        let request = ForgeRequest { transcripts: std::slice::from_ref(&path), format: None, dry_run };
        let forging = ledger.forge(&request, Timestamp::now()).map_err(|e| failure(transcript, &path, e))?;
        Ok(report(&forging))
    }
}

/// The file `given` names (absolute, or relative to the project `root`),
/// resolved, when it is one of the project's transcripts.
fn resolve(root: &Path, private: &GlobSet, given: &str) -> Result<PathBuf, String> {
    if given.trim().is_empty() {
        return Err("no transcript named".into());
    }
    let unreadable = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::NotFound => format!("`{given}` does not exist"),
        _ => format!("`{given}`: {e}"),
    };
    // Resolved first, so that neither `..` nor a symlink decides where it is.
    let path = root.join(given).canonicalize().map_err(unreadable)?;
    if !path.is_file() {
        return Err(format!("`{given}` is not a file"));
    }
    let project = root.canonicalize().map_err(unreadable)?;
    match path.strip_prefix(&project) {
        Ok(rel) if rel.components().any(|c| c == Component::Normal(".git".as_ref())) => {
            Err(format!("`{given}`: `.git/` is never readable by skills"))
        }
        Ok(rel) if private.is_match(rel) => Err(format!("`{given}` is private by the project policy")),
        Ok(_) => Ok(path),
        Err(_) if is_project_transcript(root, &path) => Ok(path),
        Err(_) => Err(format!(
            "`{given}` is neither inside the project nor one of its sessions that Claude Code \
             (~/.claude/projects/) or Codex ($CODEX_HOME/sessions/) keeps; copy it into the project"
        )),
    }
}

/// A failed forge as one paragraph. A transcript forge cannot read is named
/// as the skill named it, without the CLI's hint (`--from`), which a skill
/// cannot follow.
fn failure(given: &str, path: &Path, e: LedgerError) -> String {
    match e {
        LedgerError::File(e) if e.path == path => {
            let line = e.line.map(|l| format!(":{l}")).unwrap_or_default();
            format!("`{given}`{line}: {}", e.message)
        }
        e => message(e),
    }
}

fn report(forging: &Forging) -> ForgeReport {
    ForgeReport {
        proposed: forging.proposed.iter().map(forged).collect(),
        cited: forging.cited.iter().map(|c| c.id.clone()).collect(),
        warnings: forging.warnings.iter().map(ToString::to_string).collect(),
    }
}

fn forged(proposal: &Proposal) -> Forged {
    let item = &proposal.item;
    Forged {
        id: item.id.clone(),
        rule: proposal.rule.name().into(),
        title: item.title.clone(),
        body: clip(&item.body),
        category: item.category.clone(),
        tags: item.tags.clone(),
        paths: item.paths.clone(),
        quality: item.quality.unwrap_or_default(),
        tier: tier(item.tier).into(),
        line: u32::try_from(proposal.line).unwrap_or(u32::MAX),
        dropped: match &proposal.decision {
            Decision::Captured => None,
            Decision::Dropped(reason) => Some(reason.explain(item)),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::imports::workspace::private_set;

    fn project() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("project");
        for folder in [".git", ".agents/cache/opencode", "secrets"] {
            std::fs::create_dir_all(root.join(folder)).unwrap();
        }
        for file in [".git/session.jsonl", ".agents/cache/opencode/ses.jsonl", "secrets/s.jsonl", "session.jsonl"] {
            std::fs::write(root.join(file), "{}\n").unwrap();
        }
        std::fs::write(dir.path().join("elsewhere.jsonl"), "{}\n").unwrap();
        (dir, root)
    }

    #[test]
    fn transcripts_inside_the_project_resolve_and_nothing_else_does() {
        let (dir, root) = project();
        let private = private_set(&["secrets/**".to_string()]).unwrap();
        let ok = |given: &str| resolve(&root, &private, given);
        let canonical = root.canonicalize().unwrap();
        assert_eq!(ok("session.jsonl"), Ok(canonical.join("session.jsonl")));
        assert_eq!(ok(".agents/cache/opencode/ses.jsonl"), Ok(canonical.join(".agents/cache/opencode/ses.jsonl")));
        let absolute = root.join("session.jsonl").display().to_string();
        assert_eq!(ok(&absolute), Ok(canonical.join("session.jsonl")));

        let refused = |given: &str, expected: &str| {
            let error = ok(given).unwrap_err();
            assert!(error.contains(expected), "{given}: {error}");
            assert!(error.contains(given), "the error names the file: {error}");
        };
        refused("missing.jsonl", "does not exist");
        refused(".agents", "is not a file");
        refused(".git/session.jsonl", "`.git/` is never readable");
        refused("secrets/s.jsonl", "private by the project policy");
        refused("../elsewhere.jsonl", "neither inside the project");
        refused(&dir.path().join("elsewhere.jsonl").display().to_string(), "neither inside the project");
        assert_eq!(ok(" "), Err("no transcript named".into()));
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_cannot_lead_out_of_the_project() {
        let (dir, root) = project();
        std::os::unix::fs::symlink(dir.path().join("elsewhere.jsonl"), root.join("link.jsonl")).unwrap();
        let error = resolve(&root, &GlobSet::empty(), "link.jsonl").unwrap_err();
        assert!(error.contains("neither inside the project"), "{error}");
    }
}
