//! Skill names, per the Agent Skills rules every runtime follows.

/// The longest name a runtime accepts.
pub const MAX_NAME_LEN: usize = 64;

/// Checks a skill name: lowercase letters, digits and single hyphens, not
/// starting or ending with a hyphen, at most 64 characters. Returns what is wrong.
pub fn validate_skill_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("the name is empty".into());
    }
    if name.len() > MAX_NAME_LEN {
        return Err(format!("the name has {} characters; the limit is {MAX_NAME_LEN}", name.len()));
    }
    if let Some(c) = name.chars().find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')) {
        return Err(format!("`{name}` contains `{c}`; use lowercase letters, digits and hyphens (kebab-case)"));
    }
    if name.starts_with('-') || name.ends_with('-') || name.contains("--") {
        return Err(format!("`{name}` has a leading, trailing or doubled hyphen; use kebab-case like `my-skill`"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_kebab_case() {
        for ok in ["guard", "pre-mortem", "a1", "x-2-y"] {
            assert!(validate_skill_name(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn rejects_everything_else() {
        let long = "a".repeat(65);
        for bad in ["", "Guard", "pre_mortem", "-a", "a-", "a--b", "a b", "é", long.as_str()] {
            assert!(validate_skill_name(bad).is_err(), "{bad}");
        }
    }
}
