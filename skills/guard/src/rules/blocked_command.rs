//! `guard/blocked-command`: commands the project refuses outright, listed in
//! `extra_blocked_commands` as a command word followed by arguments it must
//! have, in order (`"git reset --hard"` also blocks `git -C x reset -q --hard`).

use super::{Hit, Rule};
use crate::shell::Command;

pub fn check(command: &Command, blocked: &[String], hits: &mut Vec<Hit>) {
    for entry in blocked {
        let words: Vec<&str> = entry.split_whitespace().collect();
        if matches_entry(command, &words) {
            let message = format!("`{}` is on the project's list of blocked commands", words.join(" "));
            hits.push(Hit::new(Rule::BlockedCommand, message));
        }
    }
}

fn matches_entry(command: &Command, entry: &[&str]) -> bool {
    let Some((program, listed_args)) = entry.split_first() else {
        return false;
    };
    if !word_matches(program, &command.name) {
        return false;
    }
    // Each listed argument must appear after the previous one's match.
    let mut args = command.args().iter().map(|word| word.text.as_str());
    listed_args.iter().all(|listed| args.any(|arg| word_matches(listed, arg)))
}

/// Whether a listed word matches a command's word: equal, or extending it
/// with a value after a listed `=` (`dd if=` ~ `if=/dev/sda`) or with a
/// `.suffix` (`mkfs` ~ `mkfs.ext4`).
fn word_matches(listed: &str, word: &str) -> bool {
    match word.strip_prefix(listed) {
        Some(rest) => rest.is_empty() || listed.ends_with('=') || rest.starts_with('.'),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::hits_with;
    use super::*;
    use crate::config::Config;

    #[test]
    fn blocks_listed_commands() {
        let config = Config {
            extra_blocked_commands: vec![
                "git reset --hard".into(),
                "mkfs".into(),
                "dd if=".into(),
                "  terraform   destroy ".into(),
            ],
            ..Config::default()
        };
        let blocked = [
            "git reset --hard",
            "git reset --hard HEAD~1",
            "git -C sub reset -q --hard",
            "sudo mkfs.ext4 /dev/sda1",
            "mkfs -t ext4 /dev/sdb",
            "dd bs=1M if=/dev/zero of=/dev/sda",
            "terraform destroy -auto-approve",
            "echo $(git reset --hard)",
        ];
        let allowed = [
            "git reset --soft HEAD~1",
            "git reset HEAD file",
            "echo git reset --hard",
            "mkfsx",
            "dd of=x",
            "terraform plan",
            "ls",
        ];
        for script in blocked {
            assert!(!hits_with(Rule::BlockedCommand, script, &config).is_empty(), "{script}");
        }
        for script in allowed {
            assert!(hits_with(Rule::BlockedCommand, script, &config).is_empty(), "{script}");
        }
        assert_eq!(
            hits_with(Rule::BlockedCommand, "terraform destroy", &config),
            ["`terraform destroy` is on the project's list of blocked commands"]
        );
    }

    #[test]
    fn nothing_is_blocked_by_default_or_by_an_empty_entry() {
        let config = Config { extra_blocked_commands: vec!["".into(), "   ".into()], ..Config::default() };
        assert!(hits_with(Rule::BlockedCommand, "mkfs /dev/sda", &Config::default()).is_empty());
        assert!(hits_with(Rule::BlockedCommand, "", &config).is_empty());
        assert!(hits_with(Rule::BlockedCommand, "ls", &config).is_empty());
    }
}
