//! Matching project paths against globs, as skill.toml lists them and as
//! ledger items scope themselves (`paths: [src/**]`); other `/`-separated
//! names match the same way (absolute paths, `~/.ssh/id_rsa`, `release/1.2`).
//!
//! glob-match 0.2 misses matches when `**/` is followed by a `*` component and
//! a folder holds a dot (`**/*.pem` fails on `a.b/c.pem`: devongovett/glob-match#9).
//! It is right on a single component, so it matches only components here and
//! `**` is handled a folder at a time.

/// Whether `path` matches `pattern`: `*`, `?`, `[…]` and `{a,b}` within a
/// component, `**` as a whole component for any number of folders.
pub fn glob_match(pattern: &str, path: &str) -> bool {
    let pattern: Vec<&str> = pattern.split('/').collect();
    let path: Vec<&str> = path.split('/').collect();
    components_match(&pattern, &path)
}

/// Whether `path` matches any of `patterns`.
pub fn any_match<S: AsRef<str>>(patterns: &[S], path: &str) -> bool {
    patterns.iter().any(|pattern| glob_match(pattern.as_ref(), path))
}

fn components_match(pattern: &[&str], path: &[&str]) -> bool {
    match pattern.split_first() {
        None => path.is_empty(),
        Some((&"**", rest)) => (0..=path.len()).any(|skip| components_match(rest, &path[skip..])),
        Some((first, rest)) => path
            .split_first()
            .is_some_and(|(head, tail)| glob_match::glob_match(first, head) && components_match(rest, tail)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globstar_crosses_any_folders() {
        let matching = [
            ("**/*.pem", "a.pem"),
            ("**/*.pem", "a.b/c.pem"),
            ("**/*.pem", "/home/u/.ssh/x.pem"),
            ("**/.env", ".env"),
            ("**/.env", "../.env"),
            ("**/.ssh/**", "/home/u/.ssh/id_rsa"),
            ("**/.ssh/**", "~/.ssh/keys/a"),
            ("**/tests/**", "crates/x.y/tests/a.rs"),
            ("a/**/b", "a/b"),
            ("a/**/b", "a/x.y/.z/b"),
            ("src/*", "src/lib.rs"),
            ("release/*", "release/1.2"),
            ("release/**", "release/1/2"),
            ("{main,master}", "master"),
            ("/etc/*", "/etc/passwd"),
            ("**/*_test.{go,py}", "pkg/v1.2/a_test.go"),
            ("**", "anything/at/all"),
        ];
        for (pattern, path) in matching {
            assert!(glob_match(pattern, path), "{pattern} ~ {path}");
        }
        let different = [
            ("**/*.pem", "a.pem.txt"),
            ("src/*", "src/a/b.rs"),
            ("release/*", "release"),
            ("*.rs", "src/a.rs"),
            ("**/tests/**", "testsx/a"),
            ("**/.ssh/**", ".sshx/a"),
            ("/etc/*", "etc/passwd"),
            ("main", "main2"),
        ];
        for (pattern, path) in different {
            assert!(!glob_match(pattern, path), "{pattern} !~ {path}");
        }
        assert!(any_match(&["*.md", "src/**"], "src/a/b.rs"));
        assert!(!any_match::<&str>(&[], "src/a.rs"));
    }
}
