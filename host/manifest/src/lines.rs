//! Mapping byte offsets and keys to 1-based line numbers for error messages.

/// The 1-based line holding byte `offset` of `text`.
pub fn line_of_offset(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end].iter().filter(|b| **b == b'\n').count() + 1
}

/// The 1-based line where a top-level `key:` (YAML) or `key =` (TOML) first
/// appears, counting from `first_line`.
pub fn line_of_key(text: &str, key: &str, first_line: usize) -> Option<usize> {
    text.lines()
        .position(|line| {
            let rest = line.trim_start().strip_prefix(key);
            matches!(rest.map(str::trim_start), Some(r) if r.starts_with(':') || r.starts_with('='))
        })
        .map(|i| i + first_line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_to_lines() {
        let text = "a\nbc\nd";
        assert_eq!(line_of_offset(text, 0), 1);
        assert_eq!(line_of_offset(text, 2), 2);
        assert_eq!(line_of_offset(text, 5), 3);
        assert_eq!(line_of_offset(text, 99), 3);
    }

    #[test]
    fn keys_map_to_lines() {
        let text = "name: x\ndescription: y\n";
        assert_eq!(line_of_key(text, "description", 2), Some(3));
        assert_eq!(line_of_key(text, "desc", 2), None);
        assert_eq!(line_of_key("[limits]\ntimeout_ms = 3", "timeout_ms", 1), Some(2));
    }
}
