//! Weekly shifts across daylight-saving changes: the handoff stays at 10:00 on the
//! wall clock, so the instant moves by an hour. Instants are computed by hand.

use super::*;

/// A team with a weekly rotation in Berlin and one in New York, both handing off on
/// Mondays at 10:00 local time.
pub const TEAM: &str = r#"name = "Ops"
description = "Runs things."

[[members]]
id = "anna"
name = "Anna Berg"

[[members]]
id = "ben"
name = "Ben Cole"

[[rotations]]
id = "berlin"
name = "Ops Berlin"
members = ["anna", "ben"]
rotation_virtual_start = 2027-03-15T10:00:00
turn_length_days = 7
time_zone = "Europe/Berlin"
coverage = "24/7"

[[rotations]]
id = "newyork"
name = "Ops New York"
members = ["anna", "ben"]
rotation_virtual_start = 2027-03-01T10:00:00
turn_length_days = 7
time_zone = "America/New_York"
coverage = "24/7"
"#;

pub fn ops_site(team: &str) -> TestSite {
    let site = TestSite::new();
    site.write("content/_index.md", "# Handbook\n")
        .write("content/teams/ops.toml", team);
    site
}

/// The event of `feed` that starts at `start` (UTC).
fn starting<'a>(feed: &'a Feed, start: &str) -> &'a Event {
    let at = ts(start);
    feed.events
        .iter()
        .find(|e| e.start == at)
        .unwrap_or_else(|| panic!("no shift at {start}: {:#?}", feed.events))
}

#[test]
fn berlin_shift_across_the_march_change_keeps_ten_o_clock() {
    let site = ops_site(TEAM);
    site.write(
        "ownbook.toml",
        "title = \"T\"\norganization = \"Acme\"\n[calendar]\nweeks = 40\n",
    );
    build_on(&site, "2027-03-01");
    let feeds = feeds(&site.out());
    let berlin = &feeds["teams/ops/rotations/berlin.ics"];
    // Monday 2027-03-22 10:00 CET (+01:00) = 09:00Z; the change is Sunday 2027-03-28;
    // Monday 2027-03-29 10:00 CEST (+02:00) = 08:00Z.
    let e = starting(berlin, "2027-03-22T09:00:00Z");
    assert_eq!(e.end, ts("2027-03-29T08:00:00Z"));
    assert_eq!(e.summary, "On call: Ops Berlin (Ben Cole)");
    assert_eq!(e.start_local.to_string(), "2027-03-22T10:00:00");
    assert_eq!(e.end_local.to_string(), "2027-03-29T10:00:00");
    let next = starting(berlin, "2027-03-29T08:00:00Z");
    assert_eq!(next.summary, "On call: Ops Berlin (Anna Berg)");
    // And back in autumn: the change is Sunday 2027-10-31.
    let autumn = starting(berlin, "2027-10-25T08:00:00Z");
    assert_eq!(autumn.end, ts("2027-11-01T09:00:00Z"));
    // Before the virtual start the rotation runs backwards: 03-08 is Ben's.
    let first = &berlin.events[0];
    assert_eq!(first.start, ts("2027-02-22T09:00:00Z"));
    assert_eq!(first.summary, "On call: Ops Berlin (Ben Cole)");
}

#[test]
fn new_york_shift_across_the_march_change_keeps_ten_o_clock() {
    let site = ops_site(TEAM);
    build_on(&site, "2027-03-01");
    let feeds = feeds(&site.out());
    let ny = &feeds["teams/ops/rotations/newyork.ics"];
    // Monday 2027-03-08 10:00 EST (-05:00) = 15:00Z; the change is Sunday 2027-03-14;
    // Monday 2027-03-15 10:00 EDT (-04:00) = 14:00Z.
    let e = starting(ny, "2027-03-08T15:00:00Z");
    assert_eq!(e.end, ts("2027-03-15T14:00:00Z"));
    assert_eq!(e.summary, "On call: Ops New York (Ben Cole)");
    let after = starting(ny, "2027-03-15T14:00:00Z");
    assert_eq!(after.end, ts("2027-03-22T14:00:00Z"));
    // Twelve weeks (the default) from 2027-03-01: the last shift starts 2027-05-17.
    let last = ny.events.last().expect("events");
    assert_eq!(last.start, ts("2027-05-17T14:00:00Z"));
    // 13 shifts: 02-22 (in force on the build day) to 05-17.
    assert_eq!(ny.events.len(), 13);
    // The team's feed holds both zones; Anna's holds both rotations.
    let team = &feeds["teams/ops/calendar.ics"];
    assert_eq!(team.events.len(), 13 + 13);
    let anna = &feeds["teams/ops/members/anna.ics"];
    assert!(
        anna.events
            .iter()
            .all(|e| e.summary.ends_with("(Anna Berg)"))
    );
    let zones: std::collections::BTreeSet<&str> =
        anna.events.iter().map(|e| e.tzid.as_str()).collect();
    assert_eq!(zones.len(), 2);
}

#[test]
fn calendar_weeks_out_of_range_is_an_error_in_ownbook_toml() {
    let site = ops_site(TEAM);
    site.write(
        "ownbook.toml",
        "title = \"T\"\norganization = \"Acme\"\n[calendar]\nweeks = 0\n",
    );
    let (diags, code) = site.check_json();
    assert_eq!(code, 1);
    let d = diags
        .iter()
        .find(|d| d["message"].as_str().is_some_and(|m| m.contains("weeks")))
        .unwrap_or_else(|| panic!("{diags:#?}"));
    assert_eq!(
        (d["file"].as_str(), d["line"].as_u64(), d["column"].as_u64()),
        (Some("ownbook.toml"), Some(4), Some(9))
    );
}
