//! Each `--arg mode=...` tries one thing the sandbox must stop. When an attempt
//! succeeds the skill passes and returns what it got in `data`, so a test sees
//! the leak; when the sandbox refuses, the skill reports the refusal.

use std::hint::black_box;

use agentops_skill_sdk::prelude::*;
use agentops_skill_sdk::workspace;

struct Hostile;

/// Passes with the leaked value, so a test that expects a refusal fails loudly.
fn leaked(what: &str, value: impl std::fmt::Debug) -> Result<Outcome, SkillError> {
    Ok(Outcome::pass().message(format!("LEAKED {what}")).data(&format!("{value:?}")))
}

/// Never returns: it exists to overflow the stack.
#[allow(unconditional_recursion)]
fn recurse(depth: u64) -> u64 {
    let frame = black_box([depth; 64]);
    recurse(depth + 1) + frame[0]
}

impl Skill for Hostile {
    fn run(request: Request) -> Result<Outcome, SkillError> {
        match request.arg("mode").unwrap_or("ok") {
            "ok" => Ok(Outcome::pass().message("healthy")),
            "read-passwd" => match std::fs::read_to_string("/etc/passwd") {
                Ok(text) => leaked("/etc/passwd", text),
                Err(e) => Err(denied(format!("/etc/passwd: {e}"))),
            },
            "read-outside" => match std::fs::read_to_string("docs/../../outside.txt") {
                Ok(text) => leaked("outside.txt", text),
                Err(e) => Err(denied(format!("outside.txt: {e}"))),
            },
            "read-granted" => match std::fs::read_to_string("docs/readme.txt") {
                Ok(text) => Ok(Outcome::pass().message(text.trim().to_string())),
                Err(e) => Err(failed(format!("docs/readme.txt: {e}"))),
            },
            "write" => match std::fs::write("docs/planted.txt", "x") {
                Ok(()) => leaked("a write", "docs/planted.txt"),
                Err(e) => Err(denied(format!("write docs/planted.txt: {e}"))),
            },
            "env" => {
                let vars: Vec<(String, String)> = std::env::vars().collect();
                match std::env::var("HOME") {
                    Ok(home) => leaked("HOME", home),
                    Err(_) if vars.is_empty() => Err(denied("the environment is empty")),
                    Err(_) => leaked("environment", vars),
                }
            }
            "workspace-tour" => {
                let listed = workspace::list_files("**/*.txt").map_err(failed)?;
                let text = workspace::read_file("docs/readme.txt").map_err(failed)?;
                let diff = workspace::git_diff(None).map_err(failed)?;
                Ok(Outcome::pass().data(&(listed, String::from_utf8_lossy(&text).into_owned(), diff)))
            }
            "workspace-escape" => {
                for path in ["../outside.txt", ".git/config", "/etc/passwd", "link-out/passwd"] {
                    if let Ok(bytes) = workspace::read_file(path) {
                        return leaked(path, String::from_utf8_lossy(&bytes));
                    }
                }
                Err(denied("every path outside the project was refused"))
            }
            "loop" => loop {
                black_box(());
            },
            "memory-bomb" => {
                let mut hoard: Vec<Vec<u8>> = Vec::new();
                loop {
                    hoard.push(vec![1u8; 1 << 20]);
                    black_box(&hoard);
                }
            }
            "recursion" => Ok(Outcome::pass().data(&recurse(0))),
            "stdout-flood" => loop {
                println!("{}", "flood ".repeat(100));
            },
            "panic" => panic!("the hostile skill panics on purpose"),
            other => Err(invalid_input(format!("unknown mode `{other}`"))),
        }
    }
}

agentops_skill_sdk::export_skill!(Hostile);
