//! Scans the project's files (through the host's workspace import) for a
//! marker left behind, and reports each at file:line.

use agentops_skill_sdk::prelude::*;
use agentops_skill_sdk::workspace;
use serde::Deserialize;

/// The [config] table of skill.toml.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Config {
    globs: Vec<String>,
    marker: String,
}

/// The findings in one file's text.
fn scan(path: &str, text: &str, marker: &str) -> Vec<Finding> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| line.contains(marker))
        .map(|(i, line)| {
            Finding::new("todo-check/marker", Severity::Minor, format!("`{marker}` left: {}", line.trim()))
                .at(path, i as u32 + 1)
                .fix("resolve it, or link the issue that tracks it")
        })
        .collect()
}

struct TodoCheck;

impl Skill for TodoCheck {
    fn run(request: Request) -> Result<Outcome, SkillError> {
        let config: Config = request.config()?;
        let mut paths = Vec::new();
        for glob in &config.globs {
            paths.extend(workspace::list_files(glob).map_err(failed)?);
        }
        paths.sort();
        paths.dedup();
        let mut findings = Vec::new();
        for path in &paths {
            let bytes = workspace::read_file(path).map_err(failed)?;
            findings.extend(scan(path, &String::from_utf8_lossy(&bytes), &config.marker));
        }
        let message = format!("{} marker(s) in {} file(s) scanned", findings.len(), paths.len());
        Ok(Outcome::from_findings(findings).message(message))
    }
}

agentops_skill_sdk::export_skill!(TodoCheck);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_each_marked_line_with_its_location() {
        let findings = scan("notes.md", "done\n- TODO: docs\nok\n", "TODO");
        assert_eq!(findings.len(), 1);
        assert_eq!((findings[0].path.as_deref(), findings[0].line), (Some("notes.md"), Some(2)));
        assert_eq!(Outcome::from_findings(findings).verdict, Verdict::Warn);
    }

    #[test]
    fn a_clean_file_passes() {
        assert!(scan("a.rs", "fn main() {}\n", "TODO").is_empty());
    }
}
