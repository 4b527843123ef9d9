//! Flags lines of the input that still carry a marker (TODO by default).

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
            Finding::new("todo-check/marker", Severity::Minor, format!("`{marker}` left: {}", line.trim()))
                .at("input", i as u32 + 1)
                .fix("resolve it, or link the issue that tracks it")
        })
        .collect()
}

struct TodoCheck;

impl Skill for TodoCheck {
    fn run(request: Request) -> Result<Outcome, SkillError> {
        let config: Config = request.config()?;
        let text = request.input.as_deref().ok_or_else(|| invalid_input("give the text to check with --input FILE"))?;
        let findings = check(text, &config.marker);
        let message = format!("{} line(s) with {}", findings.len(), config.marker);
        Ok(Outcome::from_findings(findings).message(message))
    }
}

agentops_skill_sdk::export_skill!(TodoCheck);

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
