//! Timestamps as the ledger stores them: RFC 3339 strings in UTC, second
//! precision (`2026-11-25T09:30:00Z`).
//!
//! Every timestamp lives in an item's frontmatter; none comes from a file's
//! mtime, which git does not preserve. Callers pass "now" explicitly, so tests
//! are deterministic; [`Timestamp::now`] is for the binary. The civil-date
//! arithmetic is the small, well-known days-from-civil algorithm, which spares a
//! date-time dependency.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds since the Unix epoch, UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

const SECS_PER_DAY: i64 = 86_400;

impl Timestamp {
    pub fn from_unix(secs: i64) -> Self {
        Timestamp(secs)
    }

    pub fn unix(self) -> i64 {
        self.0
    }

    /// The system clock, truncated to the second.
    pub fn now() -> Self {
        let secs = match SystemTime::now().duration_since(UNIX_EPOCH) {
            Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
            Err(e) => -i64::try_from(e.duration().as_secs()).unwrap_or(i64::MAX),
        };
        Timestamp(secs)
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`; `t`/`z` and a space
    /// for `T` are accepted as RFC 3339 allows. The fraction is dropped.
    pub fn parse(text: &str) -> Option<Self> {
        let b = text.as_bytes();
        if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
            return None;
        }
        if b[13] != b':' || b[16] != b':' {
            return None;
        }
        let num = |range| num_in(text, range);
        let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
        if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
            return None;
        }
        if hour > 23 || minute > 59 || second > 60 {
            return None;
        }
        let mut rest = &text[19..];
        if let Some(frac) = rest.strip_prefix('.') {
            let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return None;
            }
            rest = &frac[digits..];
        }
        let offset = match rest {
            "Z" | "z" => 0,
            _ => {
                let sign = match rest.as_bytes().first() {
                    Some(b'+') => 1,
                    Some(b'-') => -1,
                    _ => return None,
                };
                if rest.len() != 6 || rest.as_bytes()[3] != b':' {
                    return None;
                }
                let (h, m) = (num_in(rest, 1..3)?, num_in(rest, 4..6)?);
                if h > 23 || m > 59 {
                    return None;
                }
                sign * (h * 3600 + m * 60)
            }
        };
        let days = days_from_civil(year, month, day);
        Some(Timestamp(days * SECS_PER_DAY + hour * 3600 + minute * 60 + second.min(59) - offset))
    }

    /// The UTC date as `YYYYMMDD`, as used in item ids.
    pub fn compact_date(self) -> String {
        let (y, m, d) = civil_from_days(self.0.div_euclid(SECS_PER_DAY));
        format!("{y:04}{m:02}{d:02}")
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, mo, d) = civil_from_days(self.0.div_euclid(SECS_PER_DAY));
        let secs = self.0.rem_euclid(SECS_PER_DAY);
        write!(f, "{y:04}-{mo:02}-{d:02}T{:02}:{:02}:{:02}Z", secs / 3600, secs % 3600 / 60, secs % 60)
    }
}

/// The decimal number in `text[range]`, digits only (no sign).
fn num_in(text: &str, range: std::ops::Range<usize>) -> Option<i64> {
    let s = text.get(range)?;
    if s.bytes().all(|c| c.is_ascii_digit()) { s.parse().ok() } else { None }
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (if month <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(Timestamp::from_unix(0).to_string(), "1970-01-01T00:00:00Z");
        assert_eq!(Timestamp::from_unix(951_782_400).to_string(), "2000-02-29T00:00:00Z");
        assert_eq!(Timestamp::from_unix(1_795_599_000).to_string(), "2026-11-25T09:30:00Z");
        assert_eq!(Timestamp::from_unix(-1).to_string(), "1969-12-31T23:59:59Z");
        assert_eq!(Timestamp::from_unix(1_795_599_000).compact_date(), "20261125");
    }

    #[test]
    fn parses_what_it_formats_and_offsets() {
        for secs in [0, 1, 951_782_400, 1_795_599_000, 4_102_444_799, -86_401] {
            let t = Timestamp::from_unix(secs);
            assert_eq!(Timestamp::parse(&t.to_string()), Some(t));
        }
        let utc = Timestamp::parse("2026-11-25T09:30:00Z");
        assert_eq!(Timestamp::parse("2026-11-25T10:30:00+01:00"), utc);
        assert_eq!(Timestamp::parse("2026-11-25t09:30:00.123456z"), utc);
        assert_eq!(Timestamp::parse("2026-11-25 04:30:00-05:00"), utc);
    }

    #[test]
    fn rejects_malformed_text() {
        for bad in [
            "",
            "2026-11-25",
            "2026-11-25T09:30:00",
            "2026-13-01T00:00:00Z",
            "2026-02-29T00:00:00Z",
            "2026-11-25T24:00:00Z",
            "2026-11-25T09:30:00.Z",
            "2026-11-25T09:30:00+0100",
            "2026-11-25T09:30:00+01:60",
            "20x6-11-25T09:30:00Z",
            "2026-11-25T09:30:00Zjunk",
            "+026-11-25T09:30:00Z",
        ] {
            assert_eq!(Timestamp::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn now_is_after_2025() {
        assert!(Timestamp::now() > Timestamp::parse("2025-01-01T00:00:00Z").unwrap());
    }
}
