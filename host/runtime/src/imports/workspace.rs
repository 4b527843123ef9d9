//! `agentops:skill/workspace`: read-only access to the project, confined to
//! its root through cap-std, so neither `..` nor a symlink can leave it.
//! `.git/` and the policy's private paths are never served.

use std::io::Read;
use std::path::{Component, Path, PathBuf};

use cap_std::ambient_authority;
use cap_std::fs::Dir;
use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};

use crate::bindings::agentops::skill::workspace::Host;
use crate::state::HostState;

/// Largest file `read-file` returns.
const MAX_FILE_BYTES: u64 = 16 << 20;
/// Most paths `list-files` returns.
const MAX_LISTED: usize = 50_000;
/// Largest diff `git-diff` returns.
const MAX_DIFF_BYTES: usize = 16 << 20;

/// The project as a skill sees it.
#[derive(Debug)]
pub struct Workspace {
    root: PathBuf,
    dir: Dir,
    private: GlobSet,
    git: bool,
}

/// A glob where `*` stays within one folder and `**` crosses folders, as in
/// the policy's `private` list and `list-files` patterns.
fn glob(pattern: &str) -> Result<Glob, String> {
    GlobBuilder::new(pattern).literal_separator(true).build().map_err(|e| format!("invalid glob `{pattern}`: {e}"))
}

/// The policy's private globs as one matcher.
pub fn private_set(patterns: &[String]) -> Result<GlobSet, String> {
    let mut set = GlobSetBuilder::new();
    for pattern in patterns {
        set.add(glob(pattern)?);
    }
    set.build().map_err(|e| e.to_string())
}

impl Workspace {
    /// Opens the project at `root`; paths matching `private` are never
    /// served; `git` grants `git-diff`.
    pub fn open(root: &Path, private: GlobSet, git: bool) -> std::io::Result<Self> {
        let dir = Dir::open_ambient_dir(root, ambient_authority())?;
        Ok(Workspace { root: root.to_path_buf(), dir, private, git })
    }

    /// Normalizes a project-relative path and refuses what skills never see.
    fn check(&self, path: &str) -> Result<PathBuf, String> {
        let mut clean = PathBuf::new();
        for part in Path::new(path).components() {
            match part {
                Component::Normal(p) if p == ".git" => {
                    return Err(format!("`{path}`: `.git/` is never readable by skills"));
                }
                Component::Normal(p) => clean.push(p),
                Component::CurDir => {}
                Component::ParentDir => return Err(format!("`{path}` leaves the project")),
                Component::RootDir | Component::Prefix(_) => {
                    return Err(format!("`{path}` is absolute; give a path relative to the project root"));
                }
            }
        }
        let rel = clean.to_string_lossy();
        if rel.is_empty() {
            return Err("the path is empty".into());
        }
        if self.is_private(&rel) {
            return Err(format!("`{rel}` is private by the project policy"));
        }
        Ok(clean)
    }

    fn is_private(&self, rel: &str) -> bool {
        self.private.is_match(rel)
    }

    pub fn read_file(&self, path: &str) -> Result<Vec<u8>, String> {
        let rel = self.check(path)?;
        let file = self.dir.open(&rel).map_err(|e| describe(path, &e))?;
        let meta = file.metadata().map_err(|e| describe(path, &e))?;
        if meta.is_dir() {
            return Err(format!("`{path}` is a folder; use list-files"));
        }
        if meta.len() > MAX_FILE_BYTES {
            return Err(format!("`{path}` has {} bytes; the limit is {MAX_FILE_BYTES}", meta.len()));
        }
        let mut bytes = Vec::with_capacity(meta.len() as usize);
        file.into_std().take(MAX_FILE_BYTES).read_to_end(&mut bytes).map_err(|e| describe(path, &e))?;
        Ok(bytes)
    }

    /// Files (not folders) whose project-relative path matches `pattern`,
    /// sorted; symlinks are not followed.
    pub fn list_files(&self, pattern: &str) -> Result<Vec<String>, String> {
        let matcher = glob(pattern)?.compile_matcher();
        let mut found = Vec::new();
        let mut stack = vec![(self.dir.try_clone().map_err(|e| e.to_string())?, String::new())];
        while let Some((dir, prefix)) = stack.pop() {
            let entries = dir.entries().map_err(|e| describe(&prefix, &e))?;
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if prefix.is_empty() && name == ".git" {
                    continue;
                }
                let rel = if prefix.is_empty() { name.clone() } else { format!("{prefix}/{name}") };
                let Ok(kind) = entry.file_type() else { continue };
                if kind.is_dir() {
                    if name != ".git"
                        && let Ok(sub) = entry.open_dir()
                    {
                        stack.push((sub, rel));
                    }
                } else if kind.is_file() && matcher.is_match(&rel) && !self.is_private(&rel) {
                    if found.len() == MAX_LISTED {
                        return Err(format!("more than {MAX_LISTED} files match `{pattern}`; narrow the pattern"));
                    }
                    found.push(rel);
                }
            }
        }
        found.sort();
        Ok(found)
    }

    /// The unified diff of the staged changes against HEAD (`base` none) or
    /// of the working tree against `base`.
    pub fn git_diff(&self, base: Option<&str>) -> Result<String, String> {
        if !self.git {
            return Err("git-diff needs the `git.read` capability in skill.toml and the policy".into());
        }
        let repo = git2::Repository::discover(&self.root).map_err(|e| format!("no git repository: {}", e.message()))?;
        let tree_of = |rev: &str| -> Result<git2::Tree<'_>, String> {
            let object = repo.revparse_single(rev).map_err(|e| format!("unknown revision `{rev}`: {}", e.message()))?;
            object.peel_to_tree().map_err(|e| format!("`{rev}` has no tree: {}", e.message()))
        };
        let diff = match base {
            None => {
                let head = match repo.head() {
                    Ok(_) => Some(tree_of("HEAD")?),
                    Err(_) => None, // no commit yet: everything staged is new
                };
                repo.diff_tree_to_index(head.as_ref(), None, None)
            }
            Some(rev) => repo.diff_tree_to_workdir_with_index(Some(&tree_of(rev)?), None),
        }
        .map_err(|e| format!("git diff failed: {}", e.message()))?;
        let mut out = Vec::new();
        let mut too_big = false;
        diff.print(git2::DiffFormat::Patch, |delta, _hunk, line| {
            let hidden = [delta.old_file().path(), delta.new_file().path()]
                .into_iter()
                .flatten()
                .any(|p| self.is_private(&p.to_string_lossy()));
            if hidden {
                return true;
            }
            if matches!(line.origin(), '+' | '-' | ' ') {
                out.push(line.origin() as u8);
            }
            out.extend_from_slice(line.content());
            too_big = out.len() > MAX_DIFF_BYTES;
            !too_big
        })
        .or_else(|e| if too_big { Ok(()) } else { Err(format!("git diff failed: {}", e.message())) })?;
        if too_big {
            return Err(format!("the diff is larger than {MAX_DIFF_BYTES} bytes; diff against a nearer base"));
        }
        Ok(String::from_utf8_lossy(&out).into_owned())
    }
}

/// An io error as a guest-facing message; cap-std reports escapes as
/// permission errors.
fn describe(path: &str, e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => format!("`{path}` does not exist"),
        std::io::ErrorKind::PermissionDenied => format!("`{path}` is outside the project or not readable"),
        _ => format!("`{path}`: {e}"),
    }
}

impl Host for HostState {
    fn read_file(&mut self, path: String) -> Result<Vec<u8>, String> {
        self.workspace()?.read_file(&path)
    }

    fn list_files(&mut self, pattern: String) -> Result<Vec<String>, String> {
        self.workspace()?.list_files(&pattern)
    }

    fn git_diff(&mut self, base: Option<String>) -> Result<String, String> {
        self.workspace()?.git_diff(base.as_deref())
    }
}

impl HostState {
    fn workspace(&self) -> Result<&Workspace, String> {
        self.workspace.as_deref().ok_or_else(|| "the workspace capability was not granted".to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workspace(private: &[&str]) -> (tempfile::TempDir, Workspace) {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::create_dir_all(root.join("src/deep")).unwrap();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::write(root.join("src/a.rs"), "fn a() {}").unwrap();
        std::fs::write(root.join("src/deep/b.rs"), "fn b() {}").unwrap();
        std::fs::write(root.join(".git/config"), "[core]").unwrap();
        std::fs::write(root.join(".env"), "KEY=1").unwrap();
        std::os::unix::fs::symlink("/etc", root.join("etc-link")).unwrap();
        let private: Vec<String> = private.iter().map(|s| s.to_string()).collect();
        let ws = Workspace::open(root, private_set(&private).unwrap(), false).unwrap();
        (tmp, ws)
    }

    #[test]
    fn reads_inside_and_refuses_outside() {
        let (_tmp, ws) = workspace(&[".env"]);
        assert_eq!(ws.read_file("./src/a.rs").unwrap(), b"fn a() {}");
        for (path, why) in [
            (".git/config", ".git"),
            ("src/../.git/config", "leaves"),
            ("../x", "leaves"),
            ("/etc/passwd", "absolute"),
            ("etc-link/passwd", "outside"),
            (".env", "private"),
            ("missing.rs", "does not exist"),
        ] {
            let err = ws.read_file(path).unwrap_err();
            assert!(err.contains(why), "{path}: {err}");
        }
    }

    #[test]
    fn lists_by_glob_without_git_or_private_files() {
        let (_tmp, ws) = workspace(&[".env"]);
        assert_eq!(ws.list_files("**/*.rs").unwrap(), vec!["src/a.rs", "src/deep/b.rs"]);
        assert!(ws.list_files("**").unwrap().iter().all(|p| !p.starts_with(".git") && p != ".env"));
    }

    #[test]
    fn private_globs_match_through_dotted_folders() {
        let (tmp, ws) = workspace(&["**/*.pem"]);
        std::fs::create_dir_all(tmp.path().join("a.b")).unwrap();
        std::fs::write(tmp.path().join("a.b/c.pem"), "key").unwrap();
        assert!(ws.read_file("a.b/c.pem").unwrap_err().contains("private"));
        assert!(ws.list_files("**").unwrap().iter().all(|p| !p.ends_with(".pem")));
    }

    #[test]
    fn git_diff_needs_the_capability() {
        let (_tmp, ws) = workspace(&[]);
        assert!(ws.git_diff(None).unwrap_err().contains("git.read"));
    }
}
