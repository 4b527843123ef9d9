//! `guard/git-internals-write`: writing inside a `.git/` folder (hooks,
//! config, refs), where a hand edit can corrupt the repository or plant a
//! hook that runs later. Reading `.git/` is fine.

use super::{Hit, Rule};
use crate::paths::in_git_dir;
use crate::shell::Command;

/// The paths a write tool (or a patch) changes.
pub fn check_paths(paths: &[String], hits: &mut Vec<Hit>) {
    for path in paths.iter().filter(|path| in_git_dir(path)) {
        let message = format!("writing `{path}` edits git's internals by hand");
        hits.push(Hit::new(Rule::GitInternalsWrite, message));
    }
}

/// The paths a shell command writes: redirections, `tee`, `cp`/`mv`
/// destinations, `rm`, `sed -i`.
pub fn check_command(command: &Command, hits: &mut Vec<Hit>) {
    for path in command.written_paths().into_iter().filter(|path| in_git_dir(path)) {
        let message = format!("the command writes `{path}`, inside git's internals");
        hits.push(Hit::new(Rule::GitInternalsWrite, message));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{assert_rule, hits};
    use super::*;

    #[test]
    fn blocks_shell_writes_into_git() {
        let blocked = [
            "echo x > .git/config",
            "echo '[core]' >> .git/config",
            "printf x &> sub/.git/HEAD",
            "echo ref | tee .git/refs/heads/main",
            "cp hook.sh .git/hooks/pre-commit",
            "mv -f x ./.git/hooks/post-checkout",
            "ln -s ../../hook .git/hooks/pre-push",
            "rm -rf .git",
            "rm .git/index.lock",
            "sed -i 's/a/b/' .git/config",
            "cat > .git/hooks/pre-commit <<'EOF'\n#!/bin/sh\nEOF",
            "bash -c 'echo x > .git/info/exclude'",
        ];
        let allowed = [
            "cat .git/config",
            "cp .git/config /tmp/config.bak",
            "git config user.name x",
            "git commit -m 'edit .git/config'",
            "echo x > .gitignore",
            "ls .git/hooks",
            "grep -r url .git/config",
            "echo x > .github/workflows/ci.yml",
            "sed 's/a/b/' .git/config",
            "echo '> .git/config'",
        ];
        assert_rule(Rule::GitInternalsWrite, &blocked, &allowed);
    }

    #[test]
    fn write_tool_paths() {
        let mut found = Vec::new();
        let paths = [".git/hooks/pre-commit", "src/lib.rs", "/r/sub/.git/config", ".gitignore"];
        check_paths(&paths.map(String::from), &mut found);
        let messages: Vec<&str> = found.iter().map(|hit| hit.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "writing `.git/hooks/pre-commit` edits git's internals by hand",
                "writing `/r/sub/.git/config` edits git's internals by hand",
            ]
        );
    }

    #[test]
    fn messages_name_the_path() {
        assert_eq!(
            hits(Rule::GitInternalsWrite, "echo x > .git/config"),
            ["the command writes `.git/config`, inside git's internals"]
        );
    }
}
