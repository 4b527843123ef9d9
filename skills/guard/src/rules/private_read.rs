//! `guard/private-read`: reading a secret (`.env`, keys, credentials) into the
//! agent's context, by a read tool or by any shell command naming the file.

use super::{Context, Hit, Rule};
use crate::shell::{Command, RedirectKind};

/// A read tool's path.
pub fn check_path(path: &str, ctx: &Context, hits: &mut Vec<Hit>) {
    if let Some(pattern) = ctx.private.private_pattern(path) {
        let message = format!("reading `{path}` exposes a private file (matches `{pattern}`)");
        hits.push(Hit::new(Rule::PrivateRead, message));
    }
}

/// Every argument of a command and every file it reads by redirection: any
/// command may print a file (`cat`, `grep`, `base64`, `cp` to somewhere
/// readable…). Only what the command writes is exempt (`cp .env.example .env`).
pub fn check_command(command: &Command, ctx: &Context, hits: &mut Vec<Hit>) {
    let written = command.written_paths();
    let arguments = command.args().iter().map(|word| word.text.as_str()).filter(|path| !written.contains(path));
    let inputs = command
        .redirects
        .iter()
        .filter(|redirect| redirect.kind == RedirectKind::Input)
        .map(|redirect| redirect.target.text.as_str());
    for path in arguments.chain(inputs) {
        if let Some(pattern) = ctx.private.private_pattern(path) {
            let name = if command.name.is_empty() { "the command" } else { &command.name };
            let message = format!("`{name}` reads the private file `{path}` (matches `{pattern}`)");
            hits.push(Hit::new(Rule::PrivateRead, message));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{assert_rule, hits};
    use super::*;
    use crate::config::Config;
    use crate::paths::PathPolicy;

    #[test]
    fn blocks_shell_commands_naming_secrets() {
        let blocked = [
            "cat .env",
            "cat ./.env.local",
            "less app/.env.production",
            "head -n 5 .env",
            "grep API_KEY .env",
            "source .env",
            ". ./.env",
            "base64 < ~/.ssh/id_rsa",
            "xxd certs/server.key",
            "cp ~/.aws/credentials /tmp/c",
            "cat ~/.ssh/id_ed25519",
            "sudo cat /root/.netrc",
            "echo \"$(cat .env)\"",
            "bash -c 'cat .env'",
            "cat .env*",
            "tar czf x.tgz ~/.ssh/*",
        ];
        let allowed = [
            "cat .env.example",
            "cat app/.env.sample",
            "cat ~/.ssh/id_rsa.pub",
            "cat README.md",
            "cp .env.example .env",
            "echo 'KEY=1' >> .env",
            "touch .env",
            "rm -f .env",
            "ls -la",
            "grep -r env src/",
        ];
        assert_rule(Rule::PrivateRead, &blocked, &allowed);
    }

    #[test]
    fn read_tools_and_extra_patterns() {
        let config = Config::default();
        let extra = vec!["config/master.key".to_string(), "vault/**".to_string()];
        let ctx = Context { config: &config, repo_roots: Vec::new(), private: PathPolicy::new(&config, &extra) };
        let read = |path: &str| {
            let mut hits = Vec::new();
            check_path(path, &ctx, &mut hits);
            hits
        };
        for path in ["/home/u/.ssh/id_rsa", ".env", "/r/app/.env.local", "vault/token", "x.p12"] {
            assert_eq!(read(path).len(), 1, "{path}");
        }
        for path in [".env.example", "src/main.rs", "/home/u/.ssh/id_rsa.pub", "vaults/x"] {
            assert!(read(path).is_empty(), "{path}");
        }
        assert_eq!(
            read("/home/u/.ssh/id_rsa")[0].message,
            "reading `/home/u/.ssh/id_rsa` exposes a private file (matches `**/id_rsa`)"
        );
    }

    #[test]
    fn messages_name_the_command_and_the_file() {
        assert_eq!(hits(Rule::PrivateRead, "cat .env"), ["`cat` reads the private file `.env` (matches `.env`)"]);
    }
}
