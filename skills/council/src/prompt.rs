//! The prompt every judge gets: the question, the answer format, the material.

/// The answer format, spelled out so any model or script can follow it.
const FORMAT: &str = "Answer with one JSON object and nothing else:\n\
{\"verdict\": \"pass\" | \"warn\" | \"fail\", \"confidence\": <0.0-1.0>, \"summary\": \"<one line>\", \
\"findings\": [{\"message\": \"...\", \"path\": \"<file, if any>\", \"line\": <number, if any>, \
\"severity\": \"info\" | \"minor\" | \"significant\" | \"critical\"}]}\n\
Use fail for a defect that must be fixed first, warn for a concern that should be looked at, pass otherwise.";

/// The prompt for `material`, cut to `max_bytes` on a character boundary.
pub fn build(question: &str, what: &str, material: &str, max_bytes: usize) -> String {
    let mut end = material.len().min(max_bytes);
    while !material.is_char_boundary(end) {
        end -= 1;
    }
    let cut = if end < material.len() {
        format!("\n[cut: only the first {end} of {} bytes are shown]\n", material.len())
    } else {
        String::new()
    };
    format!("{question}\n\n{FORMAT}\n\nThe material ({what}):\n-----\n{}{cut}\n-----\n", &material[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_material_is_cut_and_says_so() {
        let p = build("Q?", "a diff", "é".repeat(10).as_str(), 5);
        assert!(p.starts_with("Q?\n\nAnswer with one JSON object"));
        assert!(p.contains("-----\néé\n[cut: only the first 4 of 20 bytes are shown]"), "{p}");
        assert!(!build("Q?", "x", "short", 100).contains("[cut"));
    }
}
