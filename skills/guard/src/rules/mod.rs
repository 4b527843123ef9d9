//! The policy rules, and what they share: their identity, their fix, and the context they read.

mod blocked_command;
mod force_push;
mod git_internals_write;
mod pipe_to_shell;
mod private_read;
mod recursive_delete;

use agentops_skill_sdk::{Finding, Severity};

use crate::config::Config;
use crate::paths::PathPolicy;
use crate::shell;
use crate::tool::Action;

/// One of the guard's rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    RecursiveDelete,
    ForcePush,
    PipeToShell,
    PrivateRead,
    GitInternalsWrite,
    BlockedCommand,
}

impl Rule {
    pub const ALL: [Rule; 6] = [
        Rule::RecursiveDelete,
        Rule::ForcePush,
        Rule::PipeToShell,
        Rule::PrivateRead,
        Rule::GitInternalsWrite,
        Rule::BlockedCommand,
    ];

    /// The name used in `disabled_rules`; the finding's rule id is `guard/<name>`.
    pub fn name(self) -> &'static str {
        match self {
            Rule::RecursiveDelete => "recursive-delete",
            Rule::ForcePush => "force-push",
            Rule::PipeToShell => "pipe-to-shell",
            Rule::PrivateRead => "private-read",
            Rule::GitInternalsWrite => "git-internals-write",
            Rule::BlockedCommand => "blocked-command",
        }
    }

    /// The safer alternative the agent is told to take instead.
    pub fn fix(self) -> &'static str {
        match self {
            Rule::RecursiveDelete => {
                "delete the specific subfolder you mean, e.g. `rm -rf ./build`, or use `git clean -n` first"
            }
            Rule::ForcePush => {
                "push to a feature branch, or open a pull request; use `git push --force-with-lease` on your own branch"
            }
            Rule::PipeToShell => {
                "download to a file, read it, then run it: `curl -fsSLo install.sh URL && less install.sh`"
            }
            Rule::PrivateRead => "ask the user for the value you need, or read the `.env.example` template",
            Rule::GitInternalsWrite => {
                "use git commands (`git config`, `git commit`) instead of editing `.git/` by hand"
            }
            Rule::BlockedCommand => "ask the user before running it",
        }
    }
}

/// A rule matching something in a tool call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub rule: Rule,
    /// Names what matched, e.g. "`rm` recursively deletes `/`, the filesystem root".
    pub message: String,
}

impl Hit {
    fn new(rule: Rule, message: impl Into<String>) -> Self {
        Hit { rule, message: message.into() }
    }

    pub fn finding(&self) -> Finding {
        let id = format!("guard/{}", self.rule.name());
        Finding::new(id, Severity::Critical, self.message.clone()).fix(self.rule.fix())
    }
}

/// What the rules read besides the tool call.
pub struct Context<'a> {
    pub config: &'a Config,
    /// Folders deleting which deletes the repository: the session's working
    /// directory and the one the tool call names.
    pub repo_roots: Vec<&'a str>,
    pub private: PathPolicy<'a>,
}

/// The hits of the enabled rules on what a tool call does, each once, in order.
pub fn check(action: &Action, ctx: &Context) -> Vec<Hit> {
    let mut hits = Vec::new();
    match action {
        Action::Shell(script) => check_script(&shell::parse(script), ctx, &mut hits),
        Action::Read(path) => private_read::check_path(path, ctx, &mut hits),
        Action::Write(paths) => git_internals_write::check_paths(paths, &mut hits),
        Action::Other => {}
    }
    let mut unique: Vec<Hit> = Vec::with_capacity(hits.len());
    for hit in hits {
        // The same command can be seen twice, e.g. in `bash -c "$(…)"`'s word and its script.
        if ctx.config.enabled(hit.rule) && !unique.contains(&hit) {
            unique.push(hit);
        }
    }
    unique
}

fn check_script(script: &shell::Script, ctx: &Context, hits: &mut Vec<Hit>) {
    for pipeline in script.pipelines() {
        pipe_to_shell::check(pipeline, ctx.config, hits);
        for command in &pipeline.commands {
            recursive_delete::check(command, &ctx.repo_roots, hits);
            force_push::check(command, ctx.config, hits);
            private_read::check_command(command, ctx, hits);
            git_internals_write::check_command(command, hits);
            blocked_command::check(command, &ctx.config.extra_blocked_commands, hits);
        }
    }
}

#[cfg(test)]
mod test_support {
    //! Runs the rules on a shell script, for the rule modules' tables.

    use super::*;

    /// The messages of `rule`'s hits on `script`, with the default config and
    /// `/work/repo` as the repository.
    pub fn hits(rule: Rule, script: &str) -> Vec<String> {
        hits_with(rule, script, &Config::default())
    }

    pub fn hits_with(rule: Rule, script: &str, config: &Config) -> Vec<String> {
        let ctx = Context { config, repo_roots: vec!["/work/repo"], private: PathPolicy::new(config, &[]) };
        check(&Action::Shell(script.into()), &ctx)
            .into_iter()
            .filter(|hit| hit.rule == rule)
            .map(|hit| hit.message)
            .collect()
    }

    /// Asserts that `rule` blocks each of `blocked` and allows each of `allowed`.
    pub fn assert_rule(rule: Rule, blocked: &[&str], allowed: &[&str]) {
        for script in blocked {
            assert!(!hits(rule, script).is_empty(), "should block: {script}");
        }
        for script in allowed {
            assert_eq!(hits(rule, script), Vec::<String>::new(), "should allow: {script}");
        }
    }
}
