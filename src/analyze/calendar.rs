//! On-call calendars: which shifts each iCalendar feed holds over the horizon (the
//! build day plus `[calendar] weeks`), whose they are across teams, and the rules of
//! each time zone a calendar app needs to place them. The shifts come from
//! `oncall::shifts`, so overrides are in; `render::calendar` writes the text.
//!
//! A member is the same person in every team where they have the same e-mail address
//! (member ids are only unique within a team): their feed holds all their shifts.

use super::oncall::{Shift, scheduled_between, shifts};
use crate::catalog::model::{Member, Rotation, Team};
use crate::catalog::{Catalog, member_calendar_url, rotation_calendar_url, team_calendar_url};
use crate::dates::{LocalTime, add_minutes, start_of};
use jiff::Timestamp;
use jiff::tz::{Offset, TimeZone};
use std::collections::{BTreeMap, HashMap, HashSet};

/// One shift as a calendar event.
#[derive(Debug, Clone)]
pub struct Event<'a> {
    pub team: &'a Team,
    pub rotation: &'a Rotation,
    pub shift: Shift,
    /// Stable while the shift is: team, rotation, start instant and member (and
    /// whether it is an override), so a calendar app updates the event in place.
    pub uid: String,
    pub start_utc: Timestamp,
    pub end_utc: Timestamp,
    /// For an override: the member ids the schedule had on call instead.
    pub covers_for: Vec<String>,
}

/// One `.ics` file.
#[derive(Debug, Clone)]
pub struct Feed {
    /// Output path (`teams/checkout/calendar.ics`).
    pub path: String,
    /// The calendar's name in the reader's app.
    pub title: String,
    /// Indexes into `Calendars::events`, in time order.
    pub events: Vec<usize>,
    /// The rules of every time zone the events use.
    pub zones: Vec<Zone>,
}

/// Every feed of the site, over one list of events.
#[derive(Debug, Default)]
pub struct Calendars<'a> {
    pub events: Vec<Event<'a>>,
    pub feeds: Vec<Feed>,
    paths: HashSet<String>,
}

impl Calendars<'_> {
    /// Whether the site has a feed at `path`.
    pub fn has(&self, path: &str) -> bool {
        self.paths.contains(path)
    }
}

/// A time zone's offsets over a stretch of time, as VTIMEZONE describes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zone {
    pub name: String,
    pub observances: Vec<Observance>,
}

/// One STANDARD or DAYLIGHT part of a VTIMEZONE: an offset the zone changes to, at
/// each of `onsets`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observance {
    pub daylight: bool,
    /// Seconds east of UTC before and after the change.
    pub offset_from: i32,
    pub offset_to: i32,
    pub abbreviation: String,
    /// Local times (in `offset_from`) of each change to this offset, in order.
    pub onsets: Vec<LocalTime>,
}

/// The feeds of every rotation, team and on-call member, for the `weeks` from the
/// start of `today`. `domain` ends every UID.
pub fn calendars<'a>(catalog: &'a Catalog, today: &str, weeks: u32, domain: &str) -> Calendars<'a> {
    let from = start_of(today);
    let to = add_minutes(from, i64::from(weeks) * 7 * 1440);
    let mut cal = Calendars::default();
    // (team index, member id) → events of that member.
    let mut by_member: HashMap<(usize, String), Vec<usize>> = HashMap::new();
    for (ti, team) in catalog.teams.iter().enumerate() {
        let mut of_team = Vec::new();
        for rot in &team.rotations {
            let first = cal.events.len();
            cal.events
                .extend(rotation_events(team, rot, from, to, domain));
            let mine: Vec<usize> = (first..cal.events.len()).collect();
            for &e in &mine {
                let member = cal.events[e].shift.member.clone();
                by_member.entry((ti, member)).or_default().push(e);
            }
            let title = format!("On call: {}", rot.name);
            let path = rotation_calendar_url(&team.id, &rot.id.value);
            cal.feeds.push(feed(&cal.events, path, title, mine.clone()));
            of_team.extend(mine);
        }
        if !team.rotations.is_empty() {
            let title = format!("On call: {}", team.name);
            let path = team_calendar_url(&team.id);
            cal.feeds.push(feed(&cal.events, path, title, of_team));
        }
    }
    let people = people(catalog);
    for team in &catalog.teams {
        for m in &team.members {
            let same = &people[&person(team, m)];
            if !same
                .iter()
                .any(|&(t, id)| on_a_rotation(&catalog.teams[t], id))
            {
                continue;
            }
            let events = same
                .iter()
                .flat_map(|&(t, id)| {
                    by_member
                        .get(&(t, id.to_string()))
                        .into_iter()
                        .flatten()
                        .copied()
                })
                .collect();
            let title = format!("On call: {}", m.name);
            let path = member_calendar_url(&team.id, &m.id.value);
            cal.feeds.push(feed(&cal.events, path, title, events));
        }
    }
    cal.paths = cal.feeds.iter().map(|f| f.path.clone()).collect();
    cal
}

/// Who is the same person: the lower-cased e-mail address, else team and member id.
fn person(team: &Team, m: &Member) -> String {
    match &m.email {
        Some(e) => e.to_lowercase(),
        None => format!("{}/{}", team.id, m.id.value),
    }
}

/// Each person's (team index, member id) in every team they are a member of.
fn people(catalog: &Catalog) -> HashMap<String, Vec<(usize, &str)>> {
    let mut out: HashMap<String, Vec<(usize, &str)>> = HashMap::new();
    for (ti, team) in catalog.teams.iter().enumerate() {
        for m in &team.members {
            out.entry(person(team, m))
                .or_default()
                .push((ti, m.id.value.as_str()));
        }
    }
    out
}

/// Whether member `id` takes turns on, or covers, a rotation of `team`.
fn on_a_rotation(team: &Team, id: &str) -> bool {
    team.rotations.iter().any(|r| {
        r.members.iter().any(|m| m.value == id) || r.overrides.iter().any(|o| o.member.value == id)
    })
}

/// A feed of `events` (indexes), sorted by start, with the zones they need.
fn feed(all: &[Event], path: String, title: String, mut events: Vec<usize>) -> Feed {
    events.sort_by(|&a, &b| {
        let (x, y) = (&all[a], &all[b]);
        (x.start_utc, &x.team.id, &x.rotation.id.value, &x.uid).cmp(&(
            y.start_utc,
            &y.team.id,
            &y.rotation.id.value,
            &y.uid,
        ))
    });
    events.dedup();
    // Each zone from the first start to the last end of its events.
    let mut spans: BTreeMap<&str, (Timestamp, Timestamp)> = BTreeMap::new();
    for &e in &events {
        let ev = &all[e];
        let span = spans
            .entry(ev.rotation.time_zone.as_str())
            .or_insert((ev.start_utc, ev.end_utc));
        span.0 = span.0.min(ev.start_utc);
        span.1 = span.1.max(ev.end_utc);
    }
    let zones = spans
        .into_iter()
        .filter_map(|(name, (from, to))| zone(name, from, to))
        .collect();
    Feed {
        path,
        title,
        events,
        zones,
    }
}

/// The shifts of `rot` that overlap `from..to`, as events.
fn rotation_events<'a>(
    team: &'a Team,
    rot: &'a Rotation,
    from: LocalTime,
    to: LocalTime,
    domain: &str,
) -> Vec<Event<'a>> {
    let Ok(tz) = TimeZone::get(&rot.time_zone) else {
        // An unknown zone is an error of the team file; the build stops on it.
        return Vec::new();
    };
    shifts(rot, from, to)
        .into_iter()
        .filter_map(|shift| {
            let start_utc = instant(&tz, shift.start)?;
            let end_utc = instant(&tz, shift.end)?;
            let covers_for = match shift.cover {
                Some(_) => scheduled_between(rot, shift.start, shift.end)
                    .into_iter()
                    .filter(|m| *m != shift.member)
                    .map(String::from)
                    .collect(),
                None => Vec::new(),
            };
            let kind = if shift.cover.is_some() {
                ".override"
            } else {
                ""
            };
            let uid = format!(
                "{}.{}.{}.{}{kind}@{domain}",
                start_utc.strftime("%Y%m%dT%H%M%SZ"),
                team.id,
                rot.id.value,
                shift.member
            );
            Some(Event {
                team,
                rotation: rot,
                shift,
                uid,
                start_utc,
                end_utc,
                covers_for,
            })
        })
        .collect()
}

/// The instant of a wall-clock time in `tz`: a time skipped by a change to summer
/// time counts as after it, a repeated one as its first occurrence (RFC 5545 3.3.5).
pub fn instant(tz: &TimeZone, at: LocalTime) -> Option<Timestamp> {
    tz.to_ambiguous_timestamp(at).compatible().ok()
}

/// The rules of zone `name` from `from` to `to`: the offset in force at `from` (from
/// the change that started it) and every change until `to`. Changes of the same kind
/// share one observance, its later onsets listed after the first.
pub fn zone(name: &str, from: Timestamp, to: Timestamp) -> Option<Zone> {
    let tz = TimeZone::get(name).ok()?;
    let mut changes: Vec<Observance> = Vec::new();
    let first = from.checked_add(jiff::SignedDuration::from_secs(1)).ok()?;
    let before = tz.preceding(first).next();
    let opening = match &before {
        Some(t) => change(
            &tz,
            t.timestamp(),
            t.offset(),
            t.dst().is_dst(),
            t.abbreviation(),
        ),
        None => {
            // A zone that never changed (UTC): one observance from the epoch.
            let info = tz.to_offset_info(from);
            let offset = info.offset();
            Observance {
                daylight: info.dst().is_dst(),
                offset_from: offset.seconds(),
                offset_to: offset.seconds(),
                abbreviation: info.abbreviation().to_string(),
                onsets: vec![LocalTime::constant(1970, 1, 1, 0, 0, 0, 0)],
            }
        }
    };
    changes.push(opening);
    let start = before.map_or(from, |t| t.timestamp());
    for t in tz.following(start).take_while(|t| t.timestamp() <= to) {
        changes.push(change(
            &tz,
            t.timestamp(),
            t.offset(),
            t.dst().is_dst(),
            t.abbreviation(),
        ));
    }
    let mut observances: Vec<Observance> = Vec::new();
    for c in changes {
        let same = observances.iter_mut().find(|o| {
            (o.daylight, o.offset_from, o.offset_to, &o.abbreviation)
                == (c.daylight, c.offset_from, c.offset_to, &c.abbreviation)
        });
        match same {
            Some(o) => o.onsets.extend(c.onsets),
            None => observances.push(c),
        }
    }
    Some(Zone {
        name: name.to_string(),
        observances,
    })
}

/// The change of `tz` at instant `at` to `offset`.
fn change(tz: &TimeZone, at: Timestamp, offset: Offset, daylight: bool, abbr: &str) -> Observance {
    let before = at
        .checked_sub(jiff::SignedDuration::from_secs(1))
        .map_or(offset, |b| tz.to_offset(b));
    Observance {
        daylight,
        offset_from: before.seconds(),
        offset_to: offset.seconds(),
        abbreviation: abbr.to_string(),
        onsets: vec![before.to_datetime(at)],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap_or(Timestamp::UNIX_EPOCH)
    }

    #[test]
    fn berlin_in_spring_has_its_winter_offset_then_the_summer_change() {
        let z = zone(
            "Europe/Berlin",
            ts("2027-03-01T00:00Z"),
            ts("2027-05-01T00:00Z"),
        );
        let z = z.map(|z| z.observances).unwrap_or_default();
        assert_eq!(z.len(), 2, "{z:?}");
        assert_eq!((z[0].daylight, z[0].offset_to), (false, 3600));
        // The change of 2026-10-25 03:00 CEST started the winter offset.
        assert_eq!(z[0].onsets, [LocalTime::constant(2026, 10, 25, 3, 0, 0, 0)]);
        assert_eq!(
            (z[1].daylight, z[1].offset_from, z[1].offset_to),
            (true, 3600, 7200)
        );
        assert_eq!(z[1].onsets, [LocalTime::constant(2027, 3, 28, 2, 0, 0, 0)]);
        assert_eq!(z[1].abbreviation, "CEST");
    }

    #[test]
    fn a_zone_without_changes_has_one_observance() {
        let z = zone("UTC", ts("2027-03-01T00:00Z"), ts("2027-05-01T00:00Z"));
        let z = z.map(|z| z.observances).unwrap_or_default();
        assert_eq!(z.len(), 1);
        assert_eq!((z[0].offset_from, z[0].offset_to), (0, 0));
    }

    #[test]
    fn a_year_of_changes_shares_two_observances() {
        let z = zone(
            "America/New_York",
            ts("2027-01-01T00:00Z"),
            ts("2029-01-01T00:00Z"),
        );
        let z = z.map(|z| z.observances).unwrap_or_default();
        assert_eq!(z.len(), 2, "{z:?}");
        // The winter offset: the onset before the range, then two more.
        assert_eq!(z[0].onsets.len(), 3);
        assert_eq!(z[1].onsets.len(), 2);
        assert_eq!(z[1].onsets[0], LocalTime::constant(2027, 3, 14, 2, 0, 0, 0));
    }
}
