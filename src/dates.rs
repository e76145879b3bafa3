//! Dates as the handbook writes them (`YYYY-MM-DD`, and wall-clock times of rotations),
//! with the calendar arithmetic done by jiff.

use jiff::civil::{Date, DateTime};
use jiff::{SignedDuration, Unit};

/// A wall-clock date and time in a rotation's own time zone (no offset).
pub type LocalTime = DateTime;

/// Today's date (UTC). `OWNBOOK_TODAY=YYYY-MM-DD` pins it, so that builds and tests
/// that judge review dates are reproducible.
pub fn today() -> String {
    if let Ok(fixed) = std::env::var("OWNBOOK_TODAY")
        && parse(&fixed).is_some()
    {
        return fixed;
    }
    jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
        .to_string()
}

/// Parses `YYYY-MM-DD` (extra text after the date, such as a time, is ignored).
pub fn parse(s: &str) -> Option<Date> {
    Date::strptime("%Y-%m-%d", s.get(..10)?).ok()
}

/// Whole days from `from` to `to` (both `YYYY-MM-DD`); `None` if either is malformed.
pub fn days_between(from: &str, to: &str) -> Option<i64> {
    let span = parse(from)?.until((Unit::Day, parse(to)?)).ok()?;
    Some(i64::from(span.get_days()))
}

/// The date `days` after `date`.
pub fn add_days(date: &str, days: i64) -> Option<String> {
    let later = parse(date)?.checked_add(jiff::Span::new().try_days(days).ok()?);
    later.ok().map(|d| d.to_string())
}

/// English weekday name of a date.
pub fn weekday(date: &str) -> Option<&'static str> {
    use jiff::civil::Weekday::*;
    Some(match parse(date)?.weekday() {
        Monday => "Monday",
        Tuesday => "Tuesday",
        Wednesday => "Wednesday",
        Thursday => "Thursday",
        Friday => "Friday",
        Saturday => "Saturday",
        Sunday => "Sunday",
    })
}

/// The start of `today` (`YYYY-MM-DD`) as a wall-clock time: a build's reference point.
pub fn start_of(today: &str) -> LocalTime {
    parse(today)
        .unwrap_or(Date::constant(1970, 1, 1))
        .to_datetime(jiff::civil::Time::midnight())
}

/// Whole minutes from `from` to `to`.
pub fn minutes_between(from: LocalTime, to: LocalTime) -> i64 {
    to.duration_since(from).as_mins()
}

/// `at` plus `minutes` (clamped to the calendar's range).
pub fn add_minutes(at: LocalTime, minutes: i64) -> LocalTime {
    at.saturating_add(SignedDuration::from_mins(minutes))
}

/// "Mon 2026-11-23 10:00".
pub fn format_local(t: LocalTime) -> String {
    t.strftime("%a %Y-%m-%d %H:%M").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_and_sums() {
        assert_eq!(days_between("2026-01-01", "2026-03-01"), Some(59));
        assert_eq!(days_between("2026-03-01", "2026-01-01"), Some(-59));
        assert_eq!(add_days("2024-02-28", 1).as_deref(), Some("2024-02-29"));
        assert_eq!(weekday("2026-11-22"), Some("Sunday"));
        assert_eq!(parse("2026-02-30"), None);
        assert_eq!(
            parse("2026-11-22T10:00:00"),
            Some(Date::constant(2026, 11, 22))
        );
    }

    #[test]
    fn wall_clock_minutes() {
        let start = DateTime::constant(2026, 1, 5, 9, 0, 0, 0);
        let later = add_minutes(start, 7 * 1440 + 30);
        assert_eq!(format_local(later), "Mon 2026-01-12 09:30");
        assert_eq!(minutes_between(start, later), 7 * 1440 + 30);
        assert_eq!(minutes_between(later, start), -(7 * 1440 + 30));
    }
}
