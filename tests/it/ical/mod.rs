//! On-call calendars and `[[overrides]]`: every `.ics` feed of a build is parsed with
//! an iCalendar parser (the `icalendar` crate), its times turned into instants with the
//! feed's own VTIMEZONE (as a calendar app does), and compared with what the pages and
//! catalog.json say, with hand-computed instants across daylight-saving changes, and
//! with the diagnostics a wrong override gets; and overrides in the exports.

mod bundled;
mod dst;
mod exports;
mod overrides;

use crate::support::*;
use icalendar::parser::{Component, read_calendar, unfold};
use jiff::Timestamp;
use jiff::civil::DateTime;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

/// Runs ownbook in `site` with the build day pinned to `today`.
pub fn run_on(site: &TestSite, today: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ownbook"))
        .args(args)
        .current_dir(site.path())
        .env("OWNBOOK_TODAY", today)
        .output()
        .expect("run ownbook")
}

/// Builds `site` on `today`, asserting success.
pub fn build_on(site: &TestSite, today: &str) {
    let out = run_on(site, today, &["build"]);
    assert!(
        out.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// One VEVENT, its times as the feed's VTIMEZONE places them.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub uid: String,
    pub summary: String,
    pub description: String,
    pub tzid: String,
    /// Wall-clock times in `tzid`, as written.
    pub start_local: DateTime,
    pub end_local: DateTime,
    pub start: Timestamp,
    pub end: Timestamp,
    pub categories: String,
}

/// One parsed `.ics` file.
#[derive(Debug)]
pub struct Feed {
    pub name: String,
    pub events: Vec<Event>,
}

/// A zone as a VTIMEZONE describes it: each change (instant, offset after it in
/// seconds) in time order, and the offset before the first.
#[derive(Debug, Default)]
struct Zone {
    changes: Vec<(Timestamp, i32)>,
    before: i32,
}

impl Zone {
    fn offset_at(&self, t: Timestamp) -> i32 {
        self.changes
            .iter()
            .take_while(|(at, _)| *at <= t)
            .last()
            .map_or(self.before, |c| c.1)
    }

    /// The instant of wall-clock time `local`: the offset whose instant the zone agrees on.
    fn instant(&self, local: DateTime) -> Timestamp {
        let mut offsets: Vec<i32> = self.changes.iter().map(|c| c.1).collect();
        offsets.push(self.before);
        offsets
            .into_iter()
            .map(|o| utc(local, o))
            .find(|t| utc(local, self.offset_at(*t)) == *t)
            .unwrap_or_else(|| panic!("{local} is not a time of this zone: {self:?}"))
    }
}

/// The instant of `local` at UTC offset `seconds`.
fn utc(local: DateTime, seconds: i32) -> Timestamp {
    let offset = jiff::tz::Offset::from_seconds(seconds).expect("offset");
    offset.to_timestamp(local).expect("instant")
}

fn prop<'a>(c: &'a Component, name: &str) -> Option<&'a str> {
    c.find_prop(name).map(|p| p.val.as_str())
}

fn required(c: &Component, name: &str) -> String {
    prop(c, name)
        .unwrap_or_else(|| panic!("{} without {name}", c.name.as_str()))
        .to_string()
}

fn local(value: &str) -> DateTime {
    DateTime::strptime("%Y%m%dT%H%M%S", value).unwrap_or_else(|e| panic!("{value}: {e}"))
}

/// `+0100` → 3600.
fn offset(value: &str) -> i32 {
    let sign = if value.starts_with('-') { -1 } else { 1 };
    let digits = &value[1..];
    let h: i32 = digits[0..2].parse().expect("hours");
    let m: i32 = digits[2..4].parse().expect("minutes");
    let s: i32 = digits.get(4..6).map_or(0, |s| s.parse().expect("seconds"));
    sign * (h * 3600 + m * 60 + s)
}

fn zone(c: &Component) -> Zone {
    let mut changes = Vec::new();
    let mut before = None;
    for obs in &c.components {
        let from = offset(&required(obs, "TZOFFSETFROM"));
        let to = offset(&required(obs, "TZOFFSETTO"));
        let onsets = obs
            .properties
            .iter()
            .filter(|p| p.name.as_str() == "DTSTART" || p.name.as_str() == "RDATE")
            .flat_map(|p| p.val.as_str().split(','))
            .map(|v| utc(local(v), from));
        for at in onsets {
            changes.push((at, to, from));
        }
        assert!(
            obs.find_prop("RRULE").is_none(),
            "this reader knows only RDATE"
        );
    }
    changes.sort();
    if let Some(first) = changes.first() {
        before = Some(first.2);
    }
    Zone {
        changes: changes.iter().map(|c| (c.0, c.1)).collect(),
        before: before.unwrap_or(0),
    }
}

/// Parses one `.ics` text, checking what every calendar app relies on.
pub fn parse(text: &str) -> Feed {
    assert!(
        text.ends_with("\r\n") && !text.replace("\r\n", "").contains('\n'),
        "every line ends in CRLF"
    );
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "a line longer than 75 octets: {line:?}");
    }
    let unfolded = unfold(text);
    let cal = read_calendar(&unfolded).unwrap_or_else(|e| panic!("not iCalendar: {e}"));
    let name = cal
        .properties
        .iter()
        .find(|p| p.name.as_str() == "X-WR-CALNAME")
        .map(|p| p.val.clone().unescape_text().as_str().to_string())
        .unwrap_or_default();
    let version = cal.properties.iter().find(|p| p.name.as_str() == "VERSION");
    assert_eq!(version.map(|p| p.val.as_str()), Some("2.0"));
    let zones: BTreeMap<String, Zone> = cal
        .components
        .iter()
        .filter(|c| c.name.as_str() == "VTIMEZONE")
        .map(|c| (required(c, "TZID"), zone(c)))
        .collect();
    let events = cal
        .components
        .iter()
        .filter(|c| c.name.as_str() == "VEVENT")
        .map(|c| event(c, &zones))
        .collect();
    Feed { name, events }
}

fn event(c: &Component, zones: &BTreeMap<String, Zone>) -> Event {
    let start = c.find_prop("DTSTART").expect("DTSTART");
    let tzid = start
        .params
        .iter()
        .find(|p| p.key.as_str() == "TZID")
        .and_then(|p| p.val.as_ref())
        .map(|v| v.as_str().to_string())
        .expect("DTSTART;TZID");
    let zone = zones
        .get(&tzid)
        .unwrap_or_else(|| panic!("no VTIMEZONE for {tzid}"));
    let start_local = local(start.val.as_str());
    let end_local = local(&required(c, "DTEND"));
    let stamp = required(c, "DTSTAMP");
    assert!(stamp.ends_with('Z'), "DTSTAMP is UTC: {stamp}");
    let text = |name: &str| {
        c.find_prop(name)
            .map(|p| p.val.clone().unescape_text().as_str().to_string())
            .unwrap_or_default()
    };
    Event {
        uid: required(c, "UID"),
        summary: text("SUMMARY"),
        description: text("DESCRIPTION"),
        start: zone.instant(start_local),
        end: zone.instant(end_local),
        tzid,
        start_local,
        end_local,
        categories: required(c, "CATEGORIES"),
    }
}

/// Every feed of a built site, by path relative to the output folder.
pub fn feeds(out: &Path) -> BTreeMap<String, Feed> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "ics"))
        .map(|e| {
            let rel = e.path().strip_prefix(out).expect("prefix");
            let text = std::fs::read_to_string(e.path()).expect("read");
            (rel.to_string_lossy().replace('\\', "/"), parse(&text))
        })
        .collect()
}

/// `2027-03-22T09:00:00Z` as an instant.
pub fn ts(s: &str) -> Timestamp {
    s.parse().expect("timestamp")
}
