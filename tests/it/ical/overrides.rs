//! `[[overrides]]`: an override is its own shift in every view, the scheduled turn
//! around it is cut short, and a wrong override is reported at file:line:col.

use super::dst::{TEAM, ops_site};
use super::*;
use serde_json::Value;

/// Anna covers two days of Ben's Berlin week (2027-03-22 to 29).
const COVER: &str = r#"
[[overrides]]
rotation = "berlin"
member = "anna"
start = 2027-03-24T12:00:00
end = 2027-03-26T12:00:00
note = "Ben at a wedding; back Friday"
"#;

#[test]
fn an_override_is_its_own_shift_in_feeds_pages_and_catalog_json() {
    let site = ops_site(&format!("{TEAM}{COVER}"));
    build_on(&site, "2027-03-01");
    let feeds = feeds(&site.out());
    let berlin = &feeds["teams/ops/rotations/berlin.ics"].events;
    let around: Vec<(Timestamp, Timestamp, &str)> = berlin
        .iter()
        .filter(|e| e.start >= ts("2027-03-22T00:00:00Z") && e.start < ts("2027-03-29T09:00:00Z"))
        .map(|e| (e.start, e.end, e.summary.as_str()))
        .collect();
    // Berlin is at +01:00 until 2027-03-28.
    assert_eq!(
        around,
        [
            (
                ts("2027-03-22T09:00:00Z"),
                ts("2027-03-24T11:00:00Z"),
                "On call: Ops Berlin (Ben Cole)"
            ),
            (
                ts("2027-03-24T11:00:00Z"),
                ts("2027-03-26T11:00:00Z"),
                "On call: Ops Berlin (Anna Berg)"
            ),
            (
                ts("2027-03-26T11:00:00Z"),
                ts("2027-03-29T08:00:00Z"),
                "On call: Ops Berlin (Ben Cole)"
            ),
            (
                ts("2027-03-29T08:00:00Z"),
                ts("2027-04-05T08:00:00Z"),
                "On call: Ops Berlin (Anna Berg)"
            ),
        ]
    );
    let cover = &berlin[berlin
        .iter()
        .position(|e| e.start == ts("2027-03-24T11:00:00Z"))
        .expect("override")];
    assert_eq!(cover.categories, "On call,Override");
    assert!(cover.description.contains("covers for Ben Cole"));
    assert!(cover.description.contains("Ben at a wedding; back Friday"));
    let uids: Vec<&str> = berlin.iter().map(|e| e.uid.as_str()).collect();
    let anna = &feeds["teams/ops/members/anna.ics"].events;
    assert!(anna.iter().any(|e| e.uid == cover.uid));
    // Ben's Berlin shifts (he is on New York's rotation too) leave the cover out.
    let ben: Vec<&Event> = feeds["teams/ops/members/ben.ics"]
        .events
        .iter()
        .filter(|e| e.tzid == "Europe/Berlin")
        .collect();
    assert!(
        ben.iter()
            .all(|e| e.end <= cover.start || e.start >= cover.end)
    );
    assert!(ben.iter().all(|e| uids.contains(&e.uid.as_str())));
    assert!(ben.iter().any(|e| e.end == cover.start));

    // Pages and catalog.json judge at 00:00 of the build day in the rotation's zone:
    // on Thursday 2027-03-25 Anna is on call until Friday noon.
    build_on(&site, "2027-03-25");
    let json: Value = serde_json::from_str(&site.read("catalog.json")).expect("json");
    let rot = &json["teams"][0]["rotations"][0];
    assert_eq!(rot["id"], "berlin");
    assert_eq!(rot["on_call_at_build"], "anna");
    assert_eq!(rot["on_call_until"], "Fri 2027-03-26 12:00");
    assert_eq!(rot["overrides"][0]["member"], "anna");
    assert_eq!(rot["overrides"][0]["start"], "2027-03-24T12:00:00");
    assert_eq!(rot["next_handoffs"][0]["member"], "ben");
    assert_eq!(rot["next_handoffs"][0]["at"], "Fri 2027-03-26 12:00");
    let page = site.html("teams/ops/index.html");
    assert_eq!(texts(&page, "#rotation-berlin .oncall-now"), ["Anna Berg"]);
    assert_eq!(
        texts(&page, "#rotation-berlin table.overrides td"),
        [
            "Wed 2027-03-24 12:00",
            "Fri 2027-03-26 12:00",
            "Anna Berg",
            "Ben Cole",
            "Ben at a wedding; back Friday"
        ]
    );
    // The New York rotation is untouched by Berlin's override.
    assert_eq!(texts(&page, "#rotation-newyork .oncall-now"), ["Ben Cole"]);
}

/// Six overrides, each wrong in one way but the first (lines 30 to 35).
const WRONG: &str = r#"
[[overrides]]
rotation = "berlin"
member = "anna"
start = 2027-03-24T12:00:00
end = 2027-03-26T12:00:00

[[overrides]]
rotation = "berlin"
member = "ben"
start = 2027-03-25T00:00:00
end = 2027-03-27T00:00:00

[[overrides]]
rotation = "berlni"
member = "anna"
start = 2027-04-01T10:00:00
end = 2027-04-02T10:00:00

[[overrides]]
rotation = "newyork"
member = "carl"
start = 2027-04-01T10:00:00
end = 2027-04-02T10:00:00

[[overrides]]
rotation = "newyork"
member = "anna"
start = 2027-04-05T10:00:00
end = 2027-04-05T10:00:00

[[overrides]]
rotation = "newyork"
member = "ben"
start = 2027-04-10T10:00:00-04:00
end = 2027-04-11T10:00:00
"#;

#[test]
fn wrong_overrides_are_reported_at_file_line_col() {
    let site = ops_site(&format!("{TEAM}{WRONG}"));
    let (diags, code) = site.check_json();
    assert_eq!(code, 1, "{diags:#?}");
    let file = "content/teams/ops.toml";
    let got: Vec<(String, u64, u64, String)> =
        diags.iter().map(at).filter(|d| d.0 == file).collect();
    let want = [
        (39, 9, "overlapping-overrides"),
        (43, 12, "unknown-escalation-target"),
        (50, 10, "unknown-escalation-target"),
        (58, 7, "invalid-value"),
        (63, 9, "invalid-value"),
    ]
    .map(|(l, c, code)| (file.to_string(), l, c, code.to_string()));
    assert_eq!(got, want, "{diags:#?}");
    let message = |line: u64| {
        diags
            .iter()
            .find(|d| d["line"].as_u64() == Some(line))
            .and_then(|d| d["message"].as_str())
            .unwrap_or_default()
            .to_string()
    };
    // The overlap names the earlier override's line; the offset hint gives the
    // wall-clock time it stands for in the rotation's zone.
    assert!(message(39).contains("line 33"), "{}", message(39));
    let hint = diags
        .iter()
        .find(|d| d["line"].as_u64() == Some(63))
        .and_then(|d| d["hint"].as_str())
        .unwrap_or_default();
    assert!(hint.contains("2027-04-10T10:00:00"), "{hint}");
    // A past override is fine, and so is the first one here.
    assert!(diags.iter().all(|d| d["line"].as_u64() != Some(33)));
}
