//! Calendar arithmetic on plain `YYYY-MM-DD` dates, enough for review dates and
//! rotation handoffs without a time-zone database.

use std::time::{SystemTime, UNIX_EPOCH};

/// Today's date (UTC). `OWNBOOK_TODAY=YYYY-MM-DD` pins it, so that builds and tests
/// that judge review dates are reproducible.
pub fn today() -> String {
    if let Ok(fixed) = std::env::var("OWNBOOK_TODAY")
        && parse_ymd(&fixed).is_some()
    {
        return fixed;
    }
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    format_ymd(civil_from_days(days))
}

/// Parses `YYYY-MM-DD` (extra text after the date, such as a time, is ignored).
pub fn parse_ymd(s: &str) -> Option<(i64, u32, u32)> {
    let date = s.get(..10)?;
    let mut parts = date.split('-');
    let y = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let d: u32 = parts.next()?.parse().ok()?;
    ((1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m)).then_some((y, m, d))
}

pub fn format_ymd((y, m, d): (i64, u32, u32)) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 (Howard Hinnant's algorithm).
pub fn days_from_civil((y, m, d): (i64, u32, u32)) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date `days` days after 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Whole days from `from` to `to` (both `YYYY-MM-DD`); `None` if either is malformed.
pub fn days_between(from: &str, to: &str) -> Option<i64> {
    Some(days_from_civil(parse_ymd(to)?) - days_from_civil(parse_ymd(from)?))
}

/// The date `days` after `date`.
pub fn add_days(date: &str, days: i64) -> Option<String> {
    Some(format_ymd(civil_from_days(
        days_from_civil(parse_ymd(date)?) + days,
    )))
}

/// English weekday name of a date.
pub fn weekday(date: &str) -> Option<&'static str> {
    const NAMES: [&str; 7] = [
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "Monday",
        "Tuesday",
        "Wednesday",
    ];
    let days = days_from_civil(parse_ymd(date)?);
    Some(NAMES[days.rem_euclid(7) as usize])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_differences() {
        for days in [-1000, 0, 10_957, 20_000, 25_000] {
            assert_eq!(days_from_civil(civil_from_days(days)), days);
        }
        assert_eq!(days_between("2026-01-01", "2026-03-01"), Some(59));
        assert_eq!(add_days("2024-02-28", 1).as_deref(), Some("2024-02-29"));
        assert_eq!(weekday("2026-11-22"), Some("Sunday"));
        assert_eq!(parse_ymd("2026-02-30"), None);
    }
}
