//! `password = "hunter22"` and its kin: a name that says it holds a secret,
//! an assignment, and a quoted literal that is not a placeholder.

use super::{Leak, looks_fake};
use crate::scan::is_ident;

/// Name endings that mark a variable, key or field as holding a secret.
const SECRET_NAMES: &[&str] = &[
    "password",
    "passwd",
    "secret",
    "token",
    "apikey",
    "api_key",
    "secret_key",
    "secretkey",
    "access_key",
    "accesskey",
    "private_key",
    "privatekey",
    "client_secret",
];

/// Literals shorter than this are too weak to be worth flagging as leaked.
const MIN_LEN: usize = 6;

/// The first secret-named assignment of a literal in `line`.
pub fn find(line: &str) -> Option<Leak> {
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !is_name_byte(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && is_name_byte(bytes[i]) {
            i += 1;
        }
        let name = &line[start..i];
        if is_secret_name(name)
            && let Some(value) = assigned_literal(&line[i..])
            && value.chars().count() >= MIN_LEN
            && !is_placeholder(value, name)
        {
            return Some(Leak::shown("a hard-coded secret assigned to a secret-named key", name));
        }
    }
    None
}

fn is_name_byte(b: u8) -> bool {
    is_ident(b) || b == b'-' || b == b'.'
}

/// Whether `name` ends like a secret's name, ignoring case and reading `-`
/// and `.` as `_` (`DB-PASSWORD`, `smtp.api_key`), without allocating: this
/// runs on every identifier of every added line.
fn is_secret_name(name: &str) -> bool {
    let name = name.as_bytes();
    SECRET_NAMES.iter().any(|ending| {
        let ending = ending.as_bytes();
        name.len() >= ending.len()
            && name[name.len() - ending.len()..].iter().zip(ending).all(|(&a, &b)| {
                let a = if matches!(a, b'-' | b'.') { b'_' } else { a.to_ascii_lowercase() };
                a == b
            })
    })
}

/// The literal after an assignment that follows a name: `= "x"`, `: 'x'`,
/// `:= "x"`, `=> "x"`, with the name's own closing quote or bracket allowed
/// (`"password": "x"`, `$c['password'] => 'x'`).
fn assigned_literal(rest: &str) -> Option<&str> {
    let rest = rest.trim_start_matches(['"', '\'', ']']).trim_start();
    let rest = ["=>", ":=", "=", ":"].iter().find_map(|op| rest.strip_prefix(op))?;
    if rest.starts_with('=') {
        return None; // `==`: a comparison
    }
    let rest = rest.trim_start();
    let quote = rest.chars().next().filter(|c| matches!(c, '"' | '\'' | '`'))?;
    let body = &rest[1..];
    body.find(quote).map(|end| &body[..end])
}

/// Values that stand in for a secret: templates, environment lookups, masks
/// and words like `changeme`.
fn is_placeholder(value: &str, name: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    let templated =
        ["${", "{{", "%(", "<", "$(", "process.env", "os.environ", "env("].iter().any(|t| lower.contains(t));
    let word = ["changeme", "password", "secret", "your", "xxx", "***", "placeholder", "redacted", "todo"]
        .iter()
        .any(|w| lower.contains(w));
    templated || word || lower == name.to_ascii_lowercase() || value.starts_with('$') || looks_fake(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_named_literals_are_found() {
        let lines = [
            r#"password = "hunter22""#,
            r#"db_password: 'Tr0ub4dor&3'"#,
            r#"  "apiKey": "a8f3k2m9q1""#,
            r#"const clientSecret = `zq81-91ak-pp1`;"#,
            r#"token := "0f9e8d7c6b5a""#,
            r#"$config['smtp.password'] => 'pw-81727364'"#,
            r#"DB-API.KEY = "k8s-91827364""#,
        ];
        for line in lines {
            assert!(find(line).is_some(), "{line}");
        }
    }

    #[test]
    fn placeholders_lookups_and_comparisons_are_not() {
        let lines = [
            r#"password = os.environ["DB_PASSWORD"]"#,
            r#"password = "${DB_PASSWORD}""#,
            r#"password = "<your password>""#,
            r#"password = "changeme""#,
            r#"password = "********""#,
            r#"password = "abc""#,
            r#"if password == "hunter22" {"#,
            r#"token_type = "Bearer""#,
            r#"let tokenizer = "whitespace-v2";"#,
            r#"password_field = "password""#,
            r#"password = """#,
        ];
        for line in lines {
            assert!(find(line).is_none(), "{line}");
        }
    }
}
