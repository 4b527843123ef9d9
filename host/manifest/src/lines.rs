//! Mapping byte offsets and keys to 1-based line numbers for error messages,
//! shared by every parser of a file a user writes (here and in the ledger).

/// The 1-based line holding byte `offset` of `text`.
pub fn line_of_offset(text: &[u8], offset: usize) -> usize {
    let end = offset.min(text.len());
    text[..end].iter().filter(|b| **b == b'\n').count() + 1
}

/// The 1-based line where a top-level (unindented) `key:` (YAML, bare or
/// quoted) or `key =` (TOML) first appears, counting from `first_line`.
pub fn line_of_key(text: &str, key: &str, first_line: usize) -> Option<usize> {
    let quoted = format!("\"{key}\"");
    text.lines()
        .position(|line| {
            let rest = line.strip_prefix(key).or_else(|| line.strip_prefix(&quoted));
            matches!(rest.map(str::trim_start), Some(r) if r.starts_with(':') || r.starts_with('='))
        })
        .map(|i| i + first_line)
}

/// The 1-based line of the first line of `text` that starts with `prefix`
/// (after indentation), such as a TOML key or table header.
pub fn line_starting_with(text: &str, prefix: &str) -> Option<usize> {
    text.lines().position(|line| line.trim_start().starts_with(prefix)).map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_to_lines() {
        let text = b"a\nbc\nd";
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
        assert_eq!(line_of_key("a: 1\n\"b\": 2\n", "b", 1), Some(2));
        assert_eq!(line_of_key("s:\n  n: 1\nn: 2\n", "n", 1), Some(3), "nested keys are not top-level");
        assert_eq!(line_starting_with("x\n  [ledger]\n", "[ledger]"), Some(2));
    }
}
