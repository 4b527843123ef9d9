//! Credentials with a recognisable shape: a fixed prefix and a body of known
//! characters and length (cloud and forge tokens), private-key PEM headers,
//! and JSON Web Tokens.

use super::{Leak, looks_fake};

/// A token format: one of `prefixes`, then a run of `body` characters whose
/// length lies in `len`.
struct Format {
    what: &'static str,
    prefixes: &'static [&'static str],
    body: fn(u8) -> bool,
    len: (usize, usize),
}

fn upper_or_digit(b: u8) -> bool {
    b.is_ascii_uppercase() || b.is_ascii_digit()
}

fn alphanumeric(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

fn word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn dashed_word(b: u8) -> bool {
    word(b) || b == b'-'
}

fn path_word(b: u8) -> bool {
    alphanumeric(b) || b == b'/'
}

const FORMATS: &[Format] = &[
    Format {
        what: "an AWS access key id",
        prefixes: &["AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AIPA", "ANPA", "ANVA", "AROA", "APKA"],
        body: upper_or_digit,
        len: (16, 16),
    },
    Format {
        what: "a GitHub token",
        prefixes: &["ghp_", "gho_", "ghu_", "ghs_", "ghr_"],
        body: alphanumeric,
        len: (36, 255),
    },
    Format { what: "a GitHub token", prefixes: &["github_pat_"], body: word, len: (50, 255) },
    Format { what: "a GitLab token", prefixes: &["glpat-", "gldt-", "glrt-"], body: dashed_word, len: (20, 255) },
    Format {
        what: "a Slack token",
        prefixes: &["xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "xoxe-"],
        body: dashed_word,
        len: (10, 255),
    },
    Format { what: "a Slack webhook URL", prefixes: &["hooks.slack.com/services/"], body: path_word, len: (20, 255) },
    Format {
        what: "a Stripe secret key",
        prefixes: &["sk_live_", "rk_live_", "sk_test_", "rk_test_"],
        body: alphanumeric,
        len: (16, 255),
    },
];

/// Whether `b` can start one of the formats' prefixes: the one-pass scan
/// below tries the prefixes only there.
fn starts_a_prefix(b: u8) -> bool {
    matches!(b, b'A' | b'g' | b'x' | b'h' | b's' | b'r')
}

/// The first credential of a known shape in `line`.
pub fn find(line: &str) -> Option<Leak> {
    private_key(line).or_else(|| token(line)).or_else(|| jwt(line))
}

/// The first token of a known format, found in one pass over the line.
fn token(line: &str) -> Option<Leak> {
    let bytes = line.as_bytes();
    for (start, &b) in bytes.iter().enumerate() {
        if !starts_a_prefix(b) || (start > 0 && alphanumeric(bytes[start - 1])) {
            continue;
        }
        // `b` is ASCII, so `start` is a character boundary.
        let rest = &line[start..];
        for format in FORMATS {
            let Some(prefix) = format.prefixes.iter().find(|prefix| rest.starts_with(*prefix)) else { continue };
            let body = rest.as_bytes()[prefix.len()..].iter().take_while(|&&b| (format.body)(b)).count();
            let text = &rest[..prefix.len() + body];
            if (format.len.0..=format.len.1).contains(&body) && !looks_fake(text) {
                return Some(Leak::shown(format.what, text));
            }
        }
    }
    None
}

fn private_key(line: &str) -> Option<Leak> {
    let begin = line.find("-----BEGIN ")?;
    let label = &line[begin..];
    (label.contains("PRIVATE KEY") && !label.contains("PUBLIC")).then(|| Leak::hidden("a private key (PEM block)"))
}

/// `header.payload.signature`, base64url, header and payload starting `eyJ` (`{"`).
fn jwt(line: &str) -> Option<Leak> {
    let base64url = |b: &u8| b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_';
    let bytes = line.as_bytes();
    for (start, _) in line.match_indices("eyJ") {
        if start > 0 && base64url(&bytes[start - 1]) {
            continue;
        }
        let mut end = start;
        let mut segments = Vec::with_capacity(3);
        while segments.len() < 3 {
            let len = bytes[end..].iter().take_while(|b| base64url(b)).count();
            segments.push(&line[end..end + len]);
            end += len;
            if segments.len() < 3 && bytes.get(end) != Some(&b'.') {
                break;
            }
            end += 1;
        }
        let shaped = segments.len() == 3
            && segments[1].starts_with("eyJ")
            && segments[..2].iter().all(|s| s.len() >= 10)
            && segments[2].len() >= 16;
        if shaped {
            return Some(Leak::shown("a JSON Web Token", segments[0]));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Built at run time, so the source holds no credential-shaped literal.
    fn fake(prefix: &str, body: &str, times: usize) -> String {
        format!("{prefix}{}", body.repeat(times))
    }

    #[test]
    fn each_format_is_found() {
        let cases = [
            (format!("key = \"{}\"", fake("AKIA", "Q7ZP", 4)), "an AWS access key id"),
            (format!("export T={}", fake("ghp_", "a1B2c3", 6)), "a GitHub token"),
            (fake("github_pat_", "11AbC_dE", 8), "a GitHub token"),
            (format!("token: {}", fake("glpat-", "x9-Y", 5)), "a GitLab token"),
            (format!("'{}'", fake("xoxb-", "12345-abc", 2)), "a Slack token"),
            (format!("https://{}", fake("hooks.slack.com/services/", "T00/B11/", 4)), "a Slack webhook URL"),
            (fake("sk_live_", "4eC39HqLyjWD", 2), "a Stripe secret key"),
            ("-----BEGIN OPENSSH PRIVATE KEY-----".to_string(), "a private key (PEM block)"),
            ("-----BEGIN RSA PRIVATE KEY-----".to_string(), "a private key (PEM block)"),
            (
                format!(
                    "Authorization: Bearer eyJ{}.eyJ{}.{}",
                    "hbGciOiJIUzI1", "zdWIiOiIxMjM0", "SflKxwRJSMeKKF2QT4fw"
                ),
                "a JSON Web Token",
            ),
        ];
        for (line, what) in cases {
            assert_eq!(find(&line).map(|leak| leak.what), Some(what), "{line}");
        }
    }

    #[test]
    fn near_misses_and_examples_are_not_secrets() {
        let lines = [
            fake("AKIA", "Q7ZP", 3),                 // too short
            fake("AKIA", "Q7ZP", 5),                 // too long
            format!("x{}", fake("AKIA", "Q7ZP", 4)), // glued to a word
            "AKIAIOSFODNN7EXAMPLE".to_string(),      // the documentation's example
            fake("ghp_", "x", 36),                   // a placeholder
            "-----BEGIN PUBLIC KEY-----".to_string(),
            "-----BEGIN CERTIFICATE-----".to_string(),
            "eyJhbGciOi.notajwt".to_string(),
            "pk_live_abcdefghijklmnop1234".to_string(),
        ];
        for line in lines {
            assert_eq!(find(&line).map(|leak| leak.what), None, "{line}");
        }
    }

    #[test]
    fn every_prefix_starts_where_the_scan_looks() {
        for prefix in FORMATS.iter().flat_map(|format| format.prefixes) {
            assert!(starts_a_prefix(prefix.as_bytes()[0]), "{prefix}");
        }
    }

    #[test]
    fn the_secret_is_not_repeated_in_full() {
        let leak = find(&fake("AKIA", "Q7ZP", 4)).unwrap();
        assert_eq!(leak.preview.as_deref(), Some("AKIA…"));
    }
}
