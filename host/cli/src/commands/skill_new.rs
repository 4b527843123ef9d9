//! `agentops skill new`: scaffold a skill that builds and passes its own test
//! on the first try.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use agentops_manifest::validate_skill_name;
use agentops_runtime::CONTRACT_VERSION;

use crate::builtin::SDK_FILES;
use crate::cli::Global;
use crate::error::{CliError, Result};
use crate::project;

/// Scaffold a new skill under skills/NAME
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The skill's name, in kebab-case (at most 64 characters)
    pub name: String,
    /// Write only a SKILL.md: instructions for the agent, no logic
    #[arg(long)]
    pub instructions_only: bool,
}

pub fn cmd_skill_new(g: &Global, args: &Args) -> Result<ExitCode> {
    let name = args.name.as_str();
    validate_skill_name(name).map_err(|why| CliError::usage(format!("invalid skill name: {why}")))?;
    let root = project::root(g.project.as_deref())?;
    let dir = root.join("skills").join(name);
    if dir.exists() {
        return Err(
            CliError::usage(format!("{} already exists", dir.display())).hint("pick another name or remove the folder")
        );
    }
    let mut files: Vec<(PathBuf, String)> = vec![(dir.join("SKILL.md"), skill_md(name, args.instructions_only))];
    if !args.instructions_only {
        let sdk = sdk_path(&root)?;
        files.push((dir.join("skill.toml"), skill_toml(name)));
        files.push((dir.join("Cargo.toml"), cargo_toml(name, &sdk)));
        files.push((dir.join("src/lib.rs"), LIB_RS.replace("{struct}", &struct_name(name)).replace("{name}", name)));
        files.push((dir.join(".gitignore"), "/target\n".into()));
    }
    for (path, text) in &files {
        write_new(path, text)?;
    }
    if !g.quiet {
        println!("created {}", dir.strip_prefix(&root).unwrap_or(&dir).display());
        if args.instructions_only {
            println!("next: write the instructions in skills/{name}/SKILL.md");
        } else {
            println!("next: agentops build {name} && agentops run {name} --input README.md");
            println!("test: cargo test --manifest-path skills/{name}/Cargo.toml");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The SDK path for the skill's Cargo.toml, relative to `skills/NAME/`: the
/// project's own `skills-sdk/` when it has one, else a copy of the SDK this
/// binary carries, written once into `.agents/sdk/VERSION/` (commit it, so
/// teammates build the same SDK).
fn sdk_path(root: &Path) -> Result<String> {
    if root.join("skills-sdk/Cargo.toml").is_file() {
        return Ok("../../skills-sdk".into());
    }
    let base = root.join(".agents/sdk").join(CONTRACT_VERSION);
    for (rel, text) in SDK_FILES {
        let path = base.join(rel);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text) {
            write_file(&path, text)?;
        }
    }
    Ok(format!("../../.agents/sdk/{CONTRACT_VERSION}/skills-sdk"))
}

fn write_new(path: &Path, text: &str) -> Result<()> {
    if path.exists() {
        return Err(CliError::usage(format!("{} already exists", path.display())));
    }
    write_file(path, text)
}

fn write_file(path: &Path, text: &str) -> Result<()> {
    let fail = |e: std::io::Error| CliError::usage(format!("cannot write {}: {e}", path.display()));
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(fail)?;
    }
    std::fs::write(path, text).map_err(fail)
}

/// `my-skill` → `MySkill`.
fn struct_name(name: &str) -> String {
    name.split('-')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut chars = p.chars();
            chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
        })
        .collect::<String>()
        .replace(|c: char| !c.is_ascii_alphanumeric(), "")
}

fn skill_md(name: &str, instructions_only: bool) -> String {
    let description = if instructions_only {
        "Describe in one line what this skill does and when the agent should use it."
    } else {
        "Flags TODO lines left in a text. Use before handing work over."
    };
    let body = if instructions_only {
        "Write the steps the agent should follow, the commands it should run, and how it knows it is done.\n"
    } else {
        "Run `agentops run {name} --input FILE` on the text to check, then resolve or link every TODO it reports.\n"
    };
    format!("---\nname: {name}\ndescription: {description}\n---\n\n# {name}\n\n{}", body.replace("{name}", name))
}

fn skill_toml(name: &str) -> String {
    format!(
        r#"# What the host enforces for this skill. Reference: docs/skills.md
[skill]
component = "{name}.wasm"
crate = "."

[capabilities]
# Host interfaces the skill may call, e.g. ["workspace.read", "git.read"].
imports = []

[limits]
timeout_ms = 1000
memory_mb = 32

# Handed to the skill as JSON; read it with `request.config()`.
[config]
marker = "TODO"
"#
    )
}

fn cargo_toml(name: &str, sdk: &str) -> String {
    format!(
        r#"[package]
name = "{name}"
version = "0.1.0"
edition = "2024"
publish = false

[lib]
crate-type = ["cdylib", "rlib"]

[dependencies]
agentops-skill-sdk = {{ path = "{sdk}" }}
serde = {{ version = "1", features = ["derive"] }}

[profile.release]
opt-level = "s"
lto = true
strip = true

# The skill builds on its own, outside any workspace around it.
[workspace]
"#
    )
}

const LIB_RS: &str = r#"//! Flags lines of the input that still carry a marker (TODO by default).

use agentops_skill_sdk::prelude::*;
use serde::Deserialize;

/// The [config] table of skill.toml.
#[derive(Debug, Deserialize)]
struct Config {
    #[serde(default = "default_marker")]
    marker: String,
}

fn default_marker() -> String {
    "TODO".into()
}

/// The skill's logic, kept apart from the export so tests can call it.
fn check(text: &str, marker: &str) -> Vec<Finding> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| line.contains(marker))
        .map(|(i, line)| {
            Finding::new("{name}/marker", Severity::Minor, format!("`{marker}` left: {}", line.trim()))
                .at("input", i as u32 + 1)
                .fix("resolve it, or link the issue that tracks it")
        })
        .collect()
}

struct {struct};

impl Skill for {struct} {
    fn run(request: Request) -> Result<Outcome, SkillError> {
        let config: Config = request.config()?;
        let text = request.input.as_deref().ok_or_else(|| invalid_input("give the text to check with --input FILE"))?;
        let findings = check(text, &config.marker);
        let message = format!("{} line(s) with {}", findings.len(), config.marker);
        Ok(Outcome::from_findings(findings).message(message))
    }
}

agentops_skill_sdk::export_skill!({struct});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_each_marked_line() {
        let findings = check("done\nTODO: wire it\nok\n", "TODO");
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].line, Some(2));
        assert_eq!(Outcome::from_findings(findings).verdict, Verdict::Warn);
    }

    #[test]
    fn passes_a_clean_text() {
        assert!(check("all done\n", "TODO").is_empty());
    }
}
"#;
