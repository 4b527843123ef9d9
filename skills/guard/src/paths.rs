//! Which paths are private, and which are inside git's own folder.

use agentops_skill_sdk::glob::glob_match;

use crate::config::Config;

/// The private-path globs, less the allowed ones.
pub struct PathPolicy<'a> {
    private: Vec<&'a str>,
    allowed: &'a [String],
}

impl<'a> PathPolicy<'a> {
    /// The configured private paths plus `extra` ones (from the project policy).
    pub fn new(config: &'a Config, extra: &'a [String]) -> Self {
        let private = config.private_paths.iter().chain(extra);
        PathPolicy { private: private.map(String::as_str).collect(), allowed: &config.allowed_paths }
    }

    /// The private pattern `path` matches, unless an allowed pattern exempts it.
    ///
    /// A path with a glob in it (`cat .env*`) is also tried with its stars
    /// removed, since it expands to the file the stars stand around.
    pub fn private_pattern(&self, path: &str) -> Option<&'a str> {
        let path = path.replace('\\', "/");
        let mut candidates = vec![path.as_str()];
        let unstarred = path.replace('*', "");
        if path.contains('*') {
            candidates.push(&unstarred);
        }
        candidates.into_iter().find_map(|candidate| {
            let pattern = self.private.iter().find(|private| matches(private, candidate))?;
            let exempt = self.allowed.iter().any(|allowed| matches(allowed, candidate));
            (!exempt).then_some(*pattern)
        })
    }
}

/// Whether `path` matches `pattern`, ignoring a leading `./`; a pattern
/// without a slash also matches the path's file name (`*.pem` ~ `keys/a.pem`).
fn matches(pattern: &str, path: &str) -> bool {
    let mut path = path;
    while let Some(rest) = path.strip_prefix("./") {
        path = rest;
    }
    let name = path.rsplit('/').next().unwrap_or(path);
    glob_match(pattern, path) || (!pattern.contains('/') && glob_match(pattern, name))
}

/// Whether `path` has a `.git` component: it is in (or is) a repository's git folder.
pub fn in_git_dir(path: &str) -> bool {
    path.split(['/', '\\']).any(|component| component.eq_ignore_ascii_case(".git"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_paths_match_anywhere() {
        let config = Config::default();
        let extra = vec!["secrets/**".to_string()];
        let policy = PathPolicy::new(&config, &extra);
        let private = [
            ".env",
            "./.env",
            ".env.local",
            "app/.env.production",
            "../.env",
            "/home/u/.ssh/id_rsa",
            "~/.ssh/id_ed25519",
            "$HOME/.ssh/config",
            "certs/server.pem",
            "certs.d/server.pem",
            "tls.key",
            "/root/.aws/credentials",
            "~/.netrc",
            "C:\\Users\\u\\.ssh\\id_rsa",
            ".env*",
            "secrets/db.txt",
        ];
        for path in private {
            assert!(policy.private_pattern(path).is_some(), "{path}");
        }
        let public = [
            ".env.example",
            "app/.env.sample",
            "~/.ssh/id_rsa.pub",
            "src/env.rs",
            ".envrc",
            "README.md",
            "keyboard.rs",
            "",
        ];
        for path in public {
            assert_eq!(policy.private_pattern(path), None, "{path}");
        }
    }

    #[test]
    fn the_matched_pattern_is_named() {
        let config = Config::default();
        let policy = PathPolicy::new(&config, &[]);
        assert_eq!(policy.private_pattern("a/b.pem"), Some("**/*.pem"));
    }

    #[test]
    fn git_dir_components() {
        for path in [".git", ".git/config", "sub/.git/hooks/pre-commit", "/r/.GIT/HEAD", ".git\\x"] {
            assert!(in_git_dir(path), "{path}");
        }
        for path in [".gitignore", ".github/workflows/ci.yml", "src/git/mod.rs", "x.git"] {
            assert!(!in_git_dir(path), "{path}");
        }
    }
}
