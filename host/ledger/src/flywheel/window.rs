//! The length of a flywheel window: `24h`, `7d`, `2w`.

use std::fmt;
use std::str::FromStr;

const SECS_PER_HOUR: i64 = 3_600;
const SECS_PER_DAY: i64 = 24 * SECS_PER_HOUR;

/// A window length, a whole number of hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    secs: i64,
}

impl Window {
    pub fn days(days: u32) -> Self {
        Window { secs: i64::from(days) * SECS_PER_DAY }
    }

    pub fn secs(self) -> i64 {
        self.secs
    }
}

impl Default for Window {
    fn default() -> Self {
        Window::days(7)
    }
}

impl FromStr for Window {
    type Err = String;

    /// `<n>h`, `<n>d` or `<n>w` with n a positive whole number.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("`{s}` is not a window: write a positive number and h, d or w, e.g. 24h, 7d, 2w");
        let Some((at, _)) = s.char_indices().last() else { return Err(bad()) };
        let (count, unit) = s.split_at(at);
        let unit = match unit {
            "h" => SECS_PER_HOUR,
            "d" => SECS_PER_DAY,
            "w" => 7 * SECS_PER_DAY,
            _ => return Err(bad()),
        };
        let count: u32 = count.parse().map_err(|_| bad())?;
        if count == 0 {
            return Err(bad());
        }
        Ok(Window { secs: i64::from(count) * unit })
    }
}

impl fmt::Display for Window {
    /// In days when whole days, else in hours.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.secs % SECS_PER_DAY == 0 {
            write!(f, "{}d", self.secs / SECS_PER_DAY)
        } else {
            write!(f, "{}h", self.secs / SECS_PER_HOUR)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_hours_days_and_weeks() {
        assert_eq!("24h".parse::<Window>().unwrap().secs(), 86_400);
        assert_eq!("7d".parse::<Window>().unwrap(), Window::days(7));
        assert_eq!("2w".parse::<Window>().unwrap(), Window::days(14));
        assert_eq!("30d".parse::<Window>().unwrap().to_string(), "30d");
        assert_eq!("24h".parse::<Window>().unwrap().to_string(), "1d");
        assert_eq!("36h".parse::<Window>().unwrap().to_string(), "36h");
        for bad in ["", "d", "0d", "-1d", "7", "7 d", "1.5d", "7m", "é"] {
            assert!(bad.parse::<Window>().is_err(), "{bad}");
        }
    }
}
