//! Glob matching with `**` handled here, a folder at a time.
//!
//! glob-match 0.2 misses matches when `**/` is followed by a `*` component and
//! a folder holds a dot (`**/*.pem` fails on `a.b/c.pem`: devongovett/glob-match#9),
//! which would let `~/.ssh/x.pem` past the private-path rule. It is right on a
//! single component, so it does only that.

/// Whether `text` matches `pattern`: `*`, `?`, `[…]` and `{a,b}` within a
/// component, `**` as a whole component for any number of folders.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let pattern: Vec<&str> = pattern.split('/').collect();
    let text: Vec<&str> = text.split('/').collect();
    components_match(&pattern, &text)
}

fn components_match(pattern: &[&str], text: &[&str]) -> bool {
    match pattern.split_first() {
        None => text.is_empty(),
        Some((&"**", rest)) => (0..=text.len()).any(|skip| components_match(rest, &text[skip..])),
        Some((first, rest)) => text
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
            ("a/**/b", "a/b"),
            ("a/**/b", "a/x.y/.z/b"),
            ("release/*", "release/1.2"),
            ("release/**", "release/1/2"),
            ("{main,master}", "master"),
            ("/etc/*", "/etc/passwd"),
            ("**", "anything/at/all"),
        ];
        for (pattern, text) in matching {
            assert!(glob_match(pattern, text), "{pattern} ~ {text}");
        }
        let different = [
            ("**/*.pem", "a.pem.txt"),
            ("release/*", "release/1/2"),
            ("release/*", "release"),
            ("*.pem", "a/b.pem"),
            ("**/.ssh/**", ".sshx/a"),
            ("/etc/*", "etc/passwd"),
            ("main", "main2"),
        ];
        for (pattern, text) in different {
            assert!(!glob_match(pattern, text), "{pattern} !~ {text}");
        }
    }
}
