//! `SKILL.md`: YAML frontmatter per the Agent Skills rules, then markdown
//! instructions.

use std::path::Path;

use serde_norway::{Mapping, Value};

use crate::error::ManifestError;
use crate::lines::{line_of_key, line_of_offset};
use crate::names::validate_skill_name;

/// The longest description a runtime accepts.
pub const MAX_DESCRIPTION_LEN: usize = 1024;

/// A parsed and validated SKILL.md.
#[derive(Debug, Clone, PartialEq)]
pub struct SkillMd {
    pub name: String,
    pub description: String,
    /// Every frontmatter key, in file order, including `name`, `description`
    /// and keys this version does not know (kept for faithful conversion).
    pub frontmatter: Mapping,
    /// The markdown after the frontmatter.
    pub body: String,
}

impl SkillMd {
    /// Reads and validates `dir/SKILL.md`; the `name` must equal the folder name.
    pub fn load(dir: &Path) -> Result<Self, ManifestError> {
        let path = dir.join("SKILL.md");
        let text = std::fs::read_to_string(&path).map_err(|e| {
            ManifestError::new(&path, None, format!("cannot read: {e}"), "every skill folder needs a SKILL.md")
        })?;
        let folder = dir.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        Self::parse(&path, &text, folder)
    }

    /// Parses SKILL.md text; `folder` is the name of the folder holding it.
    pub fn parse(path: &Path, text: &str, folder: &str) -> Result<Self, ManifestError> {
        let (yaml, body) = split_frontmatter(path, text)?;
        // Frontmatter starts on line 2, after the opening `---`.
        let yaml_line = |key: &str| line_of_key(yaml, key, 2);
        let frontmatter: Mapping = match serde_norway::from_str::<Value>(yaml) {
            Ok(Value::Mapping(map)) => map,
            Ok(Value::Null) => Mapping::new(),
            Ok(_) => {
                return Err(ManifestError::new(
                    path,
                    Some(2),
                    "the frontmatter is not a set of `key: value` lines",
                    "write `name: my-skill` and `description: ...` between the `---` lines",
                ));
            }
            Err(e) => {
                // From the byte offset, counting `\n` only: YAML also breaks
                // lines at a lone `\r`, which no editor shows as a line.
                let line = e.location().map(|l| line_of_offset(yaml.as_bytes(), l.index()) + 1);
                return Err(ManifestError::new(
                    path,
                    line,
                    format!("the frontmatter is not valid YAML: {e}"),
                    "quote values that contain `: ` or start with a special character",
                ));
            }
        };
        let name = required_string(path, &frontmatter, "name", yaml_line("name"))?;
        validate_skill_name(&name).map_err(|msg| {
            ManifestError::new(
                path,
                yaml_line("name"),
                format!("invalid skill name: {msg}"),
                "rename the skill (and its folder) in kebab-case",
            )
        })?;
        if name != folder {
            return Err(ManifestError::new(
                path,
                yaml_line("name"),
                format!("the name `{name}` differs from its folder `{folder}`"),
                format!("rename the folder to `{name}` or set `name: {folder}`"),
            ));
        }
        let description = required_string(path, &frontmatter, "description", yaml_line("description"))?;
        let description = description.trim().to_string();
        if description.is_empty() {
            return Err(ManifestError::new(
                path,
                yaml_line("description"),
                "the description is empty",
                "say in one line what the skill does and when to use it",
            ));
        }
        if description.contains('\n') {
            return Err(ManifestError::new(
                path,
                yaml_line("description"),
                "the description spans several lines",
                "write the description on one line",
            ));
        }
        if description.chars().count() > MAX_DESCRIPTION_LEN {
            return Err(ManifestError::new(
                path,
                yaml_line("description"),
                format!(
                    "the description has {} characters; the limit is {MAX_DESCRIPTION_LEN}",
                    description.chars().count()
                ),
                "shorten it and move detail into the body",
            ));
        }
        Ok(SkillMd { name, description, frontmatter, body: body.to_string() })
    }
}

/// Splits `---\n<yaml>\n---\n<body>`; accepts CRLF line ends.
fn split_frontmatter<'a>(path: &Path, text: &'a str) -> Result<(&'a str, &'a str), ManifestError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let missing = || {
        ManifestError::new(
            path,
            Some(1),
            "SKILL.md must start with YAML frontmatter between `---` lines",
            "begin the file with `---`, `name: ...`, `description: ...`, `---`",
        )
    };
    let rest = text.strip_prefix("---\n").or_else(|| text.strip_prefix("---\r\n")).ok_or_else(missing)?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Ok((&rest[..offset], &rest[offset + line.len()..]));
        }
        offset += line.len();
    }
    Err(ManifestError::new(
        path,
        Some(1),
        "the frontmatter is never closed",
        "add a line `---` after the last frontmatter key",
    ))
}

fn required_string(path: &Path, map: &Mapping, key: &str, line: Option<usize>) -> Result<String, ManifestError> {
    match map.get(key) {
        Some(Value::String(s)) => Ok(s.clone()),
        Some(_) => Err(ManifestError::new(
            path,
            line,
            format!("`{key}` must be a string"),
            format!("write `{key}: ...` as plain text"),
        )),
        None => Err(ManifestError::new(
            path,
            Some(1),
            format!("the frontmatter has no `{key}`"),
            format!("add `{key}: ...` to the frontmatter"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<SkillMd, ManifestError> {
        SkillMd::parse(Path::new("skills/demo/SKILL.md"), text, "demo")
    }

    #[test]
    fn parses_a_valid_file_and_keeps_unknown_keys() {
        let md = parse("---\nname: demo\ndescription: Does a thing.\nallowed-tools: Read\n---\n# Demo\n").unwrap();
        assert_eq!(md.name, "demo");
        assert_eq!(md.description, "Does a thing.");
        assert_eq!(md.body, "# Demo\n");
        assert!(md.frontmatter.contains_key("allowed-tools"));
    }

    #[test]
    fn a_lone_carriage_return_is_not_a_line_of_the_error() {
        // Found by the fuzz test: YAML counts `\r` as a line break.
        let err = parse("---\n[A\r\rA\n---\n").unwrap_err();
        // The sequence is still open where the frontmatter ends, at its
        // closing `---` (line 3 of 3), not on a fifth line.
        assert_eq!(err.line, Some(3), "{err}");
    }

    #[test]
    fn accepts_crlf() {
        let md = parse("---\r\nname: demo\r\ndescription: x\r\n---\r\nbody").unwrap();
        assert_eq!(md.name, "demo");
    }

    #[test]
    fn reports_the_line_of_each_problem() {
        let cases = [
            ("no frontmatter", "# Demo", Some(1), "must start with"),
            ("unclosed", "---\nname: demo\n", Some(1), "never closed"),
            ("wrong folder", "---\ndescription: x\nname: other\n---\n", Some(3), "differs from its folder"),
            ("bad name", "---\nname: Demo\ndescription: x\n---\n", Some(2), "kebab-case"),
            ("no description", "---\nname: demo\n---\n", Some(1), "no `description`"),
            ("multi-line", "---\nname: demo\ndescription: |\n  a\n  b\n---\n", Some(3), "several lines"),
            ("bad yaml", "---\nname: demo\ndescription: [x\n---\n", Some(4), "not valid YAML"),
            ("not a map", "---\n- a\n---\n", Some(2), "not a set"),
        ];
        for (case, text, line, needle) in cases {
            let err = parse(text).expect_err(case);
            assert_eq!(err.line, line, "{case}: {err}");
            assert!(err.to_string().contains(needle), "{case}: {err}");
            assert!(err.to_string().starts_with("skills/demo/SKILL.md:"), "{case}: {err}");
        }
    }

    #[test]
    fn limits_description_length() {
        let long = "x".repeat(MAX_DESCRIPTION_LEN + 1);
        let err = parse(&format!("---\nname: demo\ndescription: {long}\n---\n")).unwrap_err();
        assert!(err.message.contains("1025"), "{err}");
    }
}
