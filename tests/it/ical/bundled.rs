//! Every feed of the bundled handbook against catalog.json and the team pages: the
//! same people on call at the same times, overrides included, stable UIDs.

use super::*;
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};

/// The build day: Priya covers Chloé's week on Checkout primary (2026-12-21 to 28).
const DAY: &str = "2026-12-22";

fn bundled_on(today: &str) -> (TestSite, Value, BTreeMap<String, Feed>) {
    let site = TestSite::bundled();
    build_on(&site, today);
    let json: Value = serde_json::from_str(&site.read("catalog.json")).expect("catalog.json");
    let feeds = feeds(&site.out());
    (site, json, feeds)
}

fn list(v: &Value) -> &Vec<Value> {
    v.as_array().expect("array")
}

fn names(team: &Value) -> HashMap<String, String> {
    list(&team["members"])
        .iter()
        .map(|m| {
            let id = m["id"].as_str().expect("id").to_string();
            (id, m["name"].as_str().expect("name").to_string())
        })
        .collect()
}

#[test]
fn each_rotation_feed_has_who_catalog_json_says_is_on_call() {
    let (_site, json, feeds) = bundled_on(DAY);
    let mut rotations = 0;
    for team in list(&json["teams"]) {
        let names = names(team);
        for rot in list(&team["rotations"]) {
            rotations += 1;
            let path = rot["calendar"].as_str().expect("calendar path");
            let feed = &feeds[path];
            let rot_name = rot["name"].as_str().expect("name");
            assert_eq!(feed.name, format!("On call: {rot_name}"));
            let ev = &feed.events;
            // Shifts follow each other without gaps, for the whole horizon.
            for pair in ev.windows(2) {
                assert_eq!(pair[0].end, pair[1].start, "{path}: gap or overlap");
            }
            let tz = rot["time_zone"].as_str().expect("tz");
            let from = format!("{DAY}T00:00:00[{tz}]")
                .parse::<jiff::Zoned>()
                .expect("zoned")
                .timestamp();
            let to = from + jiff::SignedDuration::from_hours(12 * 7 * 24);
            assert!(
                ev[0].start <= from && from < ev[0].end,
                "{path}: starts now"
            );
            assert!(ev[ev.len() - 1].end >= to, "{path}: reaches 12 weeks");
            assert!(ev.iter().all(|e| e.tzid == tz));
            let summary =
                |id: &Value| format!("On call: {rot_name} ({})", names[id.as_str().expect("id")]);
            assert_eq!(ev[0].summary, summary(&rot["on_call_at_build"]), "{path}");
            let until = ev[0].end_local.strftime("%a %Y-%m-%d %H:%M").to_string();
            assert_eq!(rot["on_call_until"].as_str(), Some(until.as_str()));
            for (h, e) in list(&rot["next_handoffs"]).iter().zip(&ev[1..]) {
                let at = e.start_local.strftime("%a %Y-%m-%d %H:%M").to_string();
                assert_eq!(h["at"].as_str(), Some(at.as_str()), "{path}");
                assert_eq!(e.summary, summary(&h["member"]), "{path} at {at}");
                let marked = e.categories.contains("Override");
                assert_eq!(h["override"].as_bool(), Some(marked));
            }
        }
        // The team's feed is all its rotations' shifts.
        let team_uids: BTreeSet<&str> = feeds[team["calendar"].as_str().expect("team feed")]
            .events
            .iter()
            .map(|e| e.uid.as_str())
            .collect();
        let of_rotations: BTreeSet<&str> = list(&team["rotations"])
            .iter()
            .flat_map(|r| &feeds[r["calendar"].as_str().expect("path")].events)
            .map(|e| e.uid.as_str())
            .collect();
        assert_eq!(team_uids, of_rotations);
    }
    assert_eq!(rotations, 11);
}

#[test]
fn member_feeds_hold_exactly_their_shifts_and_the_override_replaces_the_turn() {
    let (_site, json, feeds) = bundled_on(DAY);
    let mut members = 0;
    for team in list(&json["teams"]) {
        let names = names(team);
        let rotation_events: Vec<&Event> = list(&team["rotations"])
            .iter()
            .flat_map(|r| &feeds[r["calendar"].as_str().expect("path")].events)
            .collect();
        for m in list(&team["members"]) {
            let Some(path) = m["calendar"].as_str() else {
                continue;
            };
            members += 1;
            let name = &names[m["id"].as_str().expect("id")];
            let theirs: BTreeSet<&str> = rotation_events
                .iter()
                .filter(|e| e.summary.ends_with(&format!("({name})")))
                .map(|e| e.uid.as_str())
                .collect();
            let feed: BTreeSet<&str> = feeds[path].events.iter().map(|e| e.uid.as_str()).collect();
            assert_eq!(feed, theirs, "{path}");
            assert!(!feed.is_empty(), "{path}");
        }
    }
    assert!(members >= 20, "{members} member feeds");
    // Priya's week of cover: its own event, and not in Chloé's calendar.
    let cover = ts("2026-12-21T15:00:00Z");
    let primary = &feeds["teams/checkout/rotations/primary.ics"].events;
    let over: Vec<&Event> = primary.iter().filter(|e| e.start == cover).collect();
    assert_eq!(over.len(), 1);
    assert_eq!(over[0].summary, "On call: Checkout primary (Priya Nair)");
    assert_eq!(over[0].end, ts("2026-12-28T15:00:00Z"));
    assert!(over[0].categories.contains("Override"));
    assert!(over[0].description.contains("Chloé on holiday"));
    let priya: Vec<&str> = feeds["teams/checkout/members/priya.ics"]
        .events
        .iter()
        .map(|e| e.uid.as_str())
        .collect();
    assert!(priya.contains(&over[0].uid.as_str()));
    let chloe = &feeds["teams/checkout/members/chloe.ics"].events;
    assert!(
        chloe
            .iter()
            .all(|e| e.end <= cover || e.start >= over[0].end)
    );
}

#[test]
fn team_page_shows_the_override_on_call_and_links_the_feeds() {
    let site = TestSite::bundled();
    build_on(&site, DAY);
    let page = site.html("teams/checkout/index.html");
    let now = texts(&page, "#rotation-primary .oncall-now");
    assert_eq!(now, ["Priya Nair"]);
    let overrides = texts(&page, "#rotation-primary table.overrides tbody td");
    assert_eq!(
        overrides,
        [
            "Mon 2026-12-21 10:00",
            "Mon 2026-12-28 10:00",
            "Priya Nair",
            "Chloé Martin",
            "Chloé on holiday"
        ]
    );
    let links = attrs(&page, "a.subscribe", "href");
    assert!(links.contains(&"calendar.ics".to_string()), "{links:?}");
    assert!(links.contains(&"rotations/primary.ics".to_string()));
    assert!(links.contains(&"members/priya.ics".to_string()));
    for l in &links {
        assert!(site.out().join("teams/checkout").join(l).is_file(), "{l}");
    }
    assert!(broken_links(&site.out()).is_empty());
}

#[test]
fn feeds_are_identical_for_one_day_and_uids_survive_the_next_build() {
    let (site, _, first) = bundled_on(DAY);
    let bytes = |s: &TestSite| -> BTreeMap<String, Vec<u8>> {
        first
            .keys()
            .map(|k| (k.clone(), std::fs::read(s.out().join(k)).expect("read")))
            .collect()
    };
    let before = bytes(&site);
    build_on(&site, DAY);
    assert_eq!(before, bytes(&site), "same input, same day: same bytes");
    build_on(&site, "2026-12-29");
    let later = feeds(&site.out());
    for (path, feed) in &first {
        let mut seen = BTreeSet::new();
        for e in &feed.events {
            assert!(seen.insert(&e.uid), "{path}: UID {} twice", e.uid);
        }
        // A shift still ahead a week later keeps its UID, start, end and summary.
        let next: HashMap<&str, &Event> = later[path]
            .events
            .iter()
            .map(|e| (e.uid.as_str(), e))
            .collect();
        let kept = feed
            .events
            .iter()
            .filter(|e| e.end > ts("2026-12-30T00:00:00Z") && e.start < ts("2027-03-01T00:00:00Z"));
        for e in kept {
            let again = next
                .get(e.uid.as_str())
                .unwrap_or_else(|| panic!("{path}: {}", e.uid));
            assert_eq!(
                (again.start, again.end, &again.summary),
                (e.start, e.end, &e.summary)
            );
        }
    }
}
