//! Random-looking strings: a quoted literal or an assigned value made of
//! base64 or hex characters, long enough, with letters and digits, whose
//! Shannon entropy is close to the most a string of its length and alphabet
//! can have. Measuring against that maximum, rather than a fixed number of
//! bits, keeps one threshold fair to short and long, hex and base64 keys.

use super::Leak;

/// Settings from `[config]`.
#[derive(Debug, Clone, Copy)]
pub struct Threshold {
    pub min_length: usize,
    /// In (0, 1]: the share of the highest possible entropy.
    pub ratio: f64,
}

/// The first random-looking string in `line`.
pub fn find(line: &str, threshold: Threshold) -> Option<Leak> {
    candidates(line)
        .find(|candidate| is_random(candidate, threshold))
        .map(|candidate| Leak::shown("a random-looking string (high entropy)", candidate))
}

fn is_random(text: &str, threshold: Threshold) -> bool {
    let bytes = text.as_bytes();
    if bytes.len() < threshold.min_length
        || !bytes.iter().all(|&b| is_key_byte(b))
        || !bytes.iter().any(u8::is_ascii_digit)
        || !bytes.iter().any(u8::is_ascii_alphabetic)
    {
        return false;
    }
    let alphabet: f64 = if bytes.iter().all(u8::is_ascii_hexdigit) { 16.0 } else { 64.0 };
    let most = (bytes.len() as f64).min(alphabet).log2();
    shannon(bytes) >= threshold.ratio * most
}

/// Characters of base64, base64url and hex.
fn is_key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'_' | b'-')
}

/// Bits per character.
fn shannon(bytes: &[u8]) -> f64 {
    let mut counts = [0u32; 256];
    for &b in bytes {
        counts[usize::from(b)] += 1;
    }
    let len = bytes.len() as f64;
    counts.iter().filter(|&&n| n > 0).map(|&n| f64::from(n) / len).map(|p| -p * p.log2()).sum()
}

/// Quoted literals' contents, and the word after each `=` or `:` (values in
/// `.env`, YAML and similar files are often unquoted).
fn candidates(line: &str) -> impl Iterator<Item = &str> {
    quoted(line).chain(assigned(line))
}

fn quoted(line: &str) -> impl Iterator<Item = &str> {
    let mut rest = line;
    std::iter::from_fn(move || {
        loop {
            let open = rest.find(['"', '\'', '`'])?;
            let quote = rest[open..].chars().next()?;
            let body = &rest[open + 1..];
            let Some(close) = body.find(quote) else {
                rest = "";
                return None;
            };
            rest = &body[close + 1..];
            if close > 0 {
                return Some(&body[..close]);
            }
        }
    })
}

fn assigned(line: &str) -> impl Iterator<Item = &str> {
    line.match_indices(['=', ':']).filter_map(move |(i, _)| {
        let value = line[i + 1..].trim_start();
        let end = value.bytes().position(|b| !is_key_byte(b)).unwrap_or(value.len());
        (end > 0).then(|| &value[..end])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEFAULT: Threshold = Threshold { min_length: 20, ratio: 0.85 };

    #[test]
    fn random_keys_are_found() {
        let lines = [
            r#"aws_secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYz9Kq3Lm2Xa""#,
            "SECRET_KEY=9f2c4e8a1b7d3f6e0a5c9b2d4e7f1a3c",
            r#"{"k": "Zx81Qp3LmA0vR7tY2wE5"}"#,
            "api: 'q9W3e7R1t5Y8u2I6o4P0a8S3'",
        ];
        for line in lines {
            assert!(find(line, DEFAULT).is_some(), "{line}");
        }
    }

    #[test]
    fn words_paths_ids_and_short_strings_are_not() {
        let lines = [
            r#"let name = "some_long_identifier_name_v2";"#,
            r#"path = "src/components/Header1.tsx""#,
            r#"id = "550e8400-e29b-41d4-a716-446655440000""#,
            r#"url = "https://example.com/a1b2c3d4e5f6g7h8""#,
            r#"x = "Zx81Qp3LmA""#,
            r#"msg = "the quick brown fox jumps over 2 lazy dogs""#,
            r#"target = "wasm32-wasip2/release""#,
            r#"pad = "aaaaaaaaaaaaaaaaaaaaaaaa1""#,
        ];
        for line in lines {
            assert!(find(line, DEFAULT).is_none(), "{line}");
        }
    }

    #[test]
    fn entropy_is_bits_per_character() {
        assert_eq!(shannon(b"aaaa"), 0.0);
        assert_eq!(shannon(b"abab"), 1.0);
        assert_eq!(shannon(b"abcd"), 2.0);
    }

    #[test]
    fn candidates_are_literals_and_assigned_words() {
        let found: Vec<&str> = candidates(r#"a = 'x y' + "z" + ``; b: c9"#).collect();
        assert_eq!(found, ["x y", "z", "c9"]);
        assert_eq!(candidates("\"unterminated").count(), 0);
    }
}
