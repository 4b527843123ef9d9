//! The values of a goal's fields, checked one by one: each parser returns
//! the value or the message and hint of a located error.

use std::time::Duration;

/// A rejected value: what is wrong and what to write instead.
pub(super) type Bad = (String, String);

/// Most a weight may be, so no single goal drowns the others by accident.
const MAX_WEIGHT: u32 = 100;
/// Longest timeout a gate may ask for.
const MAX_TIMEOUT: Duration = Duration::from_secs(24 * 3600);

/// The text of a value written as one code span (`` `cargo test` `` or
/// ``` ``echo `date` `` ```), else the value as written. A value that opens a
/// code span without closing it at its end is refused: the shell would run
/// the backticks as a command substitution.
pub(super) fn unquote(value: &str) -> Result<&str, Bad> {
    let ticks = value.len() - value.trim_start_matches('`').len();
    if ticks == 0 {
        return Ok(value);
    }
    let fence = &value[..ticks];
    let inner = value.get(ticks..value.len().saturating_sub(ticks)).filter(|_| value.len() > 2 * ticks);
    match inner {
        Some(inner) if value.ends_with(fence) && !inner.ends_with('`') => {
            // CommonMark drops one space on each side when both are there.
            let unpadded = inner.strip_prefix(' ').and_then(|i| i.strip_suffix(' ')).filter(|i| !i.trim().is_empty());
            Ok(unpadded.unwrap_or(inner))
        }
        _ => Err((
            format!("`{value}` starts a code span that does not end the value"),
            "wrap the whole value in backticks, or none of it".into(),
        )),
    }
}

/// A whole number from 1 to [`MAX_WEIGHT`].
pub(super) fn weight(value: &str) -> Result<u32, Bad> {
    match value.parse::<u32>() {
        Ok(w) if (1..=MAX_WEIGHT).contains(&w) => Ok(w),
        _ => Err((
            format!("weight `{value}` is not a whole number from 1 to {MAX_WEIGHT}"),
            "write e.g. `- weight: 3`; a goal that should not count belongs in the description of another".into(),
        )),
    }
}

/// A number and a unit, `s`, `m` or `h` (`90s`, `5m`, `1h`), from one second
/// to a day.
pub(super) fn timeout(value: &str) -> Result<Duration, Bad> {
    let bad = || {
        (
            format!("timeout `{value}` is not a duration from 1s to 24h"),
            "write a whole number and a unit: `90s`, `5m` or `2h`".to_string(),
        )
    };
    let split = value.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
    let (number, unit) = value.split_at(split);
    let unit_secs = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        _ => return Err(bad()),
    };
    let secs = number.parse::<u64>().ok().and_then(|n| n.checked_mul(unit_secs)).ok_or_else(bad)?;
    let duration = Duration::from_secs(secs);
    if secs == 0 || duration > MAX_TIMEOUT { Err(bad()) } else { Ok(duration) }
}

/// Comma-separated project-relative files or globs, each checked to parse.
pub(super) fn paths(value: &str) -> Result<Vec<String>, Bad> {
    let mut paths = Vec::new();
    for part in value.split(',') {
        let part = unquote(part.trim())?.trim();
        if part.is_empty() {
            return Err((
                "`paths` has an empty entry".into(),
                "separate globs with single commas: `src/**, docs/*.md`".into(),
            ));
        }
        if let Err(e) = globset::GlobBuilder::new(part).literal_separator(true).build() {
            return Err((
                format!("`{part}` is not a valid glob: {}", e.kind()),
                "use `*`, `**`, `?` and `[...]`".into(),
            ));
        }
        paths.push(part.to_string());
    }
    Ok(paths)
}

/// An explicit id: lowercase letters, digits and single dashes inside.
pub(super) fn id(value: &str) -> Result<String, Bad> {
    if slug(value) == value && !value.is_empty() {
        Ok(value.to_string())
    } else {
        Err((
            format!("id `{value}` is not a slug"),
            format!("use lowercase letters, digits and dashes, e.g. `{}`", slug(value)),
        ))
    }
}

/// The id derived from a title: letters and digits lowercased, every other
/// run of characters one dash, no dash at either end.
pub(super) fn slug(title: &str) -> String {
    let mut slug = String::with_capacity(title.len());
    for c in title.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let trimmed = slug.trim_end_matches('-').len();
    slug.truncate(trimmed);
    slug
}

/// A duration as a person writes it: `90s`, `5m`, `1h`, or `2.5s`.
pub fn format_duration(duration: Duration) -> String {
    let secs = duration.as_secs();
    if duration.subsec_nanos() == 0 && secs > 0 {
        if secs.is_multiple_of(3600) {
            return format!("{}h", secs / 3600);
        }
        if secs.is_multiple_of(60) {
            return format!("{}m", secs / 60);
        }
        return format!("{secs}s");
    }
    format!("{:.1}s", duration.as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unquotes_whole_code_spans_only() {
        assert_eq!(unquote("cargo test"), Ok("cargo test"));
        assert_eq!(unquote("`cargo test`"), Ok("cargo test"));
        assert_eq!(unquote("`` echo `date` ``"), Ok("echo `date`"));
        assert!(unquote("`a`b").is_err());
        assert!(unquote("`").is_err());
        assert!(unquote("``").is_err());
        assert!(unquote("`a``").is_err());
    }

    #[test]
    fn parses_weights_and_timeouts_within_bounds() {
        assert_eq!(weight("3"), Ok(3));
        for bad in ["0", "101", "-1", "2.5", "", "three"] {
            assert!(weight(bad).is_err(), "{bad}");
        }
        assert_eq!(timeout("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(timeout("5m"), Ok(Duration::from_secs(300)));
        assert_eq!(timeout("24h"), Ok(Duration::from_secs(86_400)));
        for bad in ["0s", "25h", "90", "s", "1.5m", "5 m", "1m30s", "99999999999999999999h"] {
            assert!(timeout(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn slugs_titles_and_checks_ids() {
        assert_eq!(slug("Tests pass!"), "tests-pass");
        assert_eq!(slug("  Make `vibe` fast -- really  "), "make-vibe-fast-really");
        assert_eq!(slug("Überprüfung 2"), "überprüfung-2");
        assert_eq!(slug("!!!"), "");
        assert_eq!(id("tests-pass"), Ok("tests-pass".into()));
        assert!(id("Tests").is_err() && id("a--b").is_err() && id("-a").is_err() && id("").is_err());
    }

    #[test]
    fn splits_and_checks_paths() {
        assert_eq!(paths("src/**, `docs/*.md`"), Ok(vec!["src/**".to_string(), "docs/*.md".to_string()]));
        assert!(paths("src/**,,docs").is_err());
        assert!(paths("src/[").is_err());
    }

    #[test]
    fn prints_durations_as_written() {
        assert_eq!(format_duration(Duration::from_secs(300)), "5m");
        assert_eq!(format_duration(Duration::from_secs(7200)), "2h");
        assert_eq!(format_duration(Duration::from_secs(90)), "90s");
        assert_eq!(format_duration(Duration::from_millis(2500)), "2.5s");
    }
}
