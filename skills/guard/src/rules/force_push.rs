//! `guard/force-push`: a force-push that may rewrite a protected branch. When
//! no branch is named, the current one is pushed, which may well be protected.

use agentops_skill_sdk::glob::glob_match;

use super::{Hit, Rule};
use crate::config::Config;
use crate::shell::{Command, Word};

/// git's options before the subcommand that take the next word as their value.
const GIT_VALUED_OPTIONS: &[&str] = &["-C", "-c", "--git-dir", "--work-tree", "--namespace"];
/// `git push` options that take the next word as their value.
const PUSH_VALUED_OPTIONS: &[&str] = &["-o", "--push-option", "--repo", "--receive-pack", "--exec"];

pub fn check(command: &Command, config: &Config, hits: &mut Vec<Hit>) {
    if command.name != "git" {
        return;
    }
    let Some(push_args) = push_args(command.args()) else {
        return;
    };
    let mut force_flag = None;
    let mut every_branch = false;
    let mut positionals = Vec::new();
    let mut words = push_args.iter().map(|word| word.text.as_str());
    while let Some(arg) = words.next() {
        match arg {
            "--force" | "-f" => force_flag = Some(arg),
            _ if arg.starts_with("--force-with-lease") => {
                if !config.allow_force_with_lease {
                    force_flag = Some(arg);
                }
            }
            "--all" | "--mirror" | "--branches" => every_branch = true,
            "--" => positionals.extend(words.by_ref()),
            _ if PUSH_VALUED_OPTIONS.contains(&arg) => {
                words.next();
            }
            _ if arg.starts_with("--") => {}
            _ if arg.len() > 1 && arg.starts_with('-') => {
                // A cluster like `-uf`; `-o…` carries a push option's value instead.
                if !arg.starts_with("-o") && arg.contains('f') {
                    force_flag = Some(arg);
                }
            }
            _ => positionals.push(arg),
        }
    }
    // The first positional is the remote; refspecs follow.
    let refspecs = positionals.get(1..).unwrap_or_default();
    if refspecs.is_empty() || every_branch {
        if let Some(flag) = force_flag {
            let what = if every_branch { "every branch" } else { "the current branch, which may be protected" };
            hits.push(Hit::new(Rule::ForcePush, format!("`git push {flag}` rewrites {what}")));
        }
        return;
    }
    for refspec in refspecs {
        let (how, spec) = match (refspec.strip_prefix('+'), force_flag) {
            (Some(spec), _) => (format!("`+{spec}`"), spec),
            (None, Some(flag)) => (format!("`{flag}`"), *refspec),
            (None, None) => continue,
        };
        match destination(spec) {
            None => hits.push(Hit::new(
                Rule::ForcePush,
                format!("force-push ({how}) of `{spec}` rewrites the current branch, which may be protected"),
            )),
            Some(branch) if is_protected(branch, config) => hits.push(Hit::new(
                Rule::ForcePush,
                format!("force-push ({how}) rewrites the protected branch `{branch}`"),
            )),
            Some(_) => {}
        }
    }
}

/// The arguments after `push`, if this `git` command is a push.
fn push_args(args: &[Word]) -> Option<&[Word]> {
    let mut index = 0;
    while let Some(word) = args.get(index) {
        let text = word.text.as_str();
        if GIT_VALUED_OPTIONS.contains(&text) {
            index += 2;
        } else if text.starts_with('-') {
            index += 1;
        } else {
            return (text == "push").then(|| &args[index + 1..]);
        }
    }
    None
}

/// The branch a refspec updates (`src:dst` → `dst`, `src` → `src`); `None`
/// when it depends on the current branch (`HEAD`, `@`).
fn destination(refspec: &str) -> Option<&str> {
    let destination = refspec.rsplit_once(':').map_or(refspec, |(_, dst)| dst);
    let branch = destination.strip_prefix("refs/heads/").unwrap_or(destination);
    (!matches!(branch, "" | "HEAD" | "@")).then_some(branch)
}

fn is_protected(branch: &str, config: &Config) -> bool {
    config.protected_branches.iter().any(|pattern| glob_match(pattern, branch))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{assert_rule, hits, hits_with};
    use super::*;

    #[test]
    fn blocks_force_pushing_protected_or_unknown_branches() {
        let blocked = [
            "git push -f",
            "git push --force",
            "git push -f origin",
            "git push --force origin main",
            "git push origin +main",
            "git push origin +refs/heads/master",
            "git push -f origin HEAD:main",
            "git push -f origin HEAD",
            "git push -uf origin release/1.2",
            "git push --force-with-lease origin trunk",
            "git push --force-with-lease=main:abc origin main",
            "git -C ../other push -f origin production",
            "git -c push.default=current push --force",
            "git push --force --all origin",
            "git push origin feature/x +main",
            "sudo git push -f origin main",
            "cd x && git push -f origin master",
        ];
        let allowed = [
            "git push",
            "git push origin main",
            "git push -f origin feature/x",
            "git push --force origin HEAD:feature/x",
            "git push origin +feature/x",
            "git push -u origin my-branch",
            "git push -o ci.skip origin main",
            "git push --force-if-includes origin main",
            "git pull --force origin main",
            "git log -f",
            "echo git push -f origin main",
            "git push origin main --tags",
        ];
        assert_rule(Rule::ForcePush, &blocked, &allowed);
    }

    #[test]
    fn force_with_lease_can_be_allowed() {
        let config = Config { allow_force_with_lease: true, ..Config::default() };
        let script = "git push --force-with-lease origin main";
        assert!(hits_with(Rule::ForcePush, script, &config).is_empty());
        assert!(!hits_with(Rule::ForcePush, "git push -f origin main", &config).is_empty());
    }

    #[test]
    fn protected_branches_are_configurable() {
        let config = Config { protected_branches: vec!["prod/*".into()], ..Config::default() };
        assert!(hits_with(Rule::ForcePush, "git push -f origin main", &config).is_empty());
        assert!(!hits_with(Rule::ForcePush, "git push -f origin prod/eu", &config).is_empty());
    }

    #[test]
    fn messages_say_how_and_which_branch() {
        assert_eq!(
            hits(Rule::ForcePush, "git push origin +main"),
            ["force-push (`+main`) rewrites the protected branch `main`"]
        );
        assert_eq!(
            hits(Rule::ForcePush, "git push -f"),
            ["`git push -f` rewrites the current branch, which may be protected"]
        );
    }
}
