//! What PagerDuty cannot hold as written: a member without e-mail, business hours,
//! a team as an escalation target. A fixture team is added to the bundled handbook.

use super::*;

const SUPPORT: &str = r#"name = "Support"
description = "Answers customers and runs the help desk."

[[members]]
id = "ana"
name = "Ana Lima"
role = "Support manager"
email = "ana@brightwater.example"

[[members]]
id = "ben"
name = "Ben Okafor"
role = "Support engineer"

[[members]]
id = "cai"
name = "Cai Jun"
role = "Support engineer"
email = "cai@brightwater.example"

[[rotations]]
id = "daytime"
name = "Support daytime"
members = ["ana", "ben", "cai"]
rotation_virtual_start = 2026-01-07T11:00:00
turn_length_days = 14
time_zone = "Europe/Berlin"
coverage = "business-hours"

[[escalation_policies]]
id = "support-default"
name = "Support default"
num_loops = 1
[[escalation_policies.escalation_rules]]
escalation_delay_in_minutes = 30
targets = [{ type = "rotation", id = "daytime" }]
[[escalation_policies.escalation_rules]]
escalation_delay_in_minutes = 30
targets = [{ type = "user", id = "ben" }, { type = "team", id = "platform" }]
[[escalation_policies.escalation_rules]]
escalation_delay_in_minutes = 0
targets = [{ type = "user", id = "ana" }]
"#;

const HELPDESK: &str = r#"name = "Help desk"
description = "Tickets from customers, answered by support. Costs ${5} %{x}."
owner = "support"
tier = 3
lifecycle = "production"
depends_on = [{ service = "identity-api" }]
"#;

fn with_support() -> TestSite {
    let site = TestSite::bundled();
    site.write("content/teams/support.toml", SUPPORT);
    site.write("content/services/helpdesk.toml", HELPDESK);
    site
}

/// The (file, line, column) of each place a note whose headline holds `words`
/// applies to, read from the report's `warning[…]: …` line and the `--> file:line:col`
/// lines under it (one for a single note, one per place for a grouped note).
fn notes_about(stdout: &str, words: &str) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = stdout.lines().collect();
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if !(line.starts_with("warning[not-exported]") && line.contains(words)) {
            continue;
        }
        let places = lines[i + 1..]
            .iter()
            .map_while(|l| l.trim().strip_prefix("--> "));
        for at in places {
            let mut parts = at.rsplitn(3, ':');
            let col = parts.next().and_then(|c| c.parse().ok()).expect("column");
            let line = parts.next().and_then(|l| l.parse().ok()).expect("line");
            found.push((parts.next().expect("file").to_string(), line, col));
        }
    }
    found
}

/// 1-based line and column of the first `needle` in `text`.
fn position(text: &str, needle: &str) -> (usize, usize) {
    let at = text.find(needle).expect("needle");
    let line = text[..at].matches('\n').count() + 1;
    let col = at - text[..at].rfind('\n').map_or(0, |n| n + 1) + 1;
    (line, col)
}

#[test]
fn pagerduty_export_reports_a_member_without_email_and_leaves_them_out() {
    let site = with_support();
    let (tf, stdout) = exported(&site, &[]);
    let (line, col) = position(SUPPORT, "\"ben\"");
    assert_eq!(
        notes_about(&stdout, "`ben` has no e-mail"),
        [("content/teams/support.toml".to_string(), line, col)]
    );
    let emails: Vec<&str> = tf
        .of_type("data.pagerduty_user")
        .map(|(_, b)| string(attr(b, "email")))
        .collect();
    let with_email = teams(site.path())
        .values()
        .flat_map(|t| tables(t, "members"))
        .filter(|m| m.contains_key("email"))
        .count();
    assert_eq!(
        emails.len(),
        with_email,
        "everyone with an e-mail, and only them"
    );
    assert!(
        emails.contains(&"ana@brightwater.example") && emails.contains(&"cai@brightwater.example")
    );
    let (_, schedule) = tf.named("pagerduty_schedule", "Support daytime", Some("support"));
    let layer = one(schedule, "layer");
    let users: Vec<&str> = list(attr(layer, "users"))
        .iter()
        .map(|u| email_of(&tf, &reference(u)))
        .collect();
    assert_eq!(
        users,
        ["ana@brightwater.example", "cai@brightwater.example"]
    );
    // Business hours: one weekly restriction per working day, 09:00 for 8 hours.
    let days: Vec<(i64, &str, i64, &str)> = blocks(layer, "restriction")
        .iter()
        .map(|r| {
            let b = r.body();
            (
                int(attr(b, "start_day_of_week")),
                string(attr(b, "start_time_of_day")),
                int(attr(b, "duration_seconds")),
                string(attr(b, "type")),
            )
        })
        .collect();
    let expected: Vec<(i64, &str, i64, &str)> = (1..=5)
        .map(|d| (d, "09:00:00", 8 * 3600, "weekly_restriction"))
        .collect();
    assert_eq!(days, expected);
    // Level 2 pages Ben (left out) and the platform team, written as what
    // platform's first policy pages first: its primary rotation.
    let (_, policy) = tf.named(
        "pagerduty_escalation_policy",
        "Support default",
        Some("support"),
    );
    let level2 = blocks(policy, "rule")[1].body();
    let targets: Vec<String> = blocks(level2, "target")
        .iter()
        .map(|t| {
            string(attr(
                &tf.target(&reference(attr(t.body(), "id"))).body,
                "name",
            ))
            .to_string()
        })
        .collect();
    assert_eq!(targets, ["Platform primary"]);
    let (line, col) = position(SUPPORT, "\"platform\"");
    assert_eq!(
        notes_about(&stdout, "PagerDuty cannot page a team: `platform`")
            .into_iter()
            .filter(|n| n.0 == "content/teams/support.toml")
            .collect::<Vec<_>>(),
        [("content/teams/support.toml".to_string(), line, col)]
    );
    // PagerDuty's shortest delay is one minute.
    let level3 = blocks(policy, "rule")[2].body();
    assert_eq!(int(attr(level3, "escalation_delay_in_minutes")), 1);
    let (line, col) = position(SUPPORT, "= 0\n");
    assert_eq!(
        notes_about(&stdout, "escalates after 0 minutes"),
        [("content/teams/support.toml".to_string(), line, col + 2)]
    );
    // A description with template characters stays plain text.
    let (_, helpdesk) = tf.named("pagerduty_service", "Help desk", None);
    assert_eq!(
        string(attr(helpdesk, "description")),
        "Tickets from customers, answered by support. Costs ${5} %{x}."
    );
}

#[test]
fn pagerduty_v2_business_hours_are_working_day_shifts_held_a_turn_at_a_time() {
    let site = with_support();
    let (tf, stdout) = exported(&site, &["--schedules", "v2"]);
    let (_, schedule) = tf.named("pagerduty_schedulev2", "Support daytime", Some("support"));
    let event = one(one(schedule, "rotation"), "event");
    let rrule = string(&list(attr(event, "recurrence"))[0]);
    let parts: BTreeMap<&str, &str> = rrule
        .trim_start_matches("RRULE:")
        .split(';')
        .filter_map(|p| p.split_once('='))
        .collect();
    assert_eq!(parts["FREQ"], "WEEKLY");
    assert_eq!(parts.get("INTERVAL").copied().unwrap_or("1"), "1");
    assert_eq!(parts["BYDAY"], "MO,TU,WE,TH,FR");
    let start = local(string(attr(event, "start_time")));
    let end = local(string(attr(event, "end_time")));
    assert_eq!(
        (start.hour(), end.hour(), start.date()),
        (9, 17, end.date())
    );
    let strategy = one(event, "assignment_strategy");
    // Two weeks of five working days each.
    assert_eq!(int(attr(strategy, "shifts_per_member")), 10);
    assert_eq!(blocks(strategy, "member").len(), 2, "ben is left out");
    // The turn starts at 11:00, inside a working day: the shift cannot be split.
    let (line, col) = position(SUPPORT, "\"daytime\"");
    assert_eq!(
        notes_about(&stdout, "rotation `daytime` hands over at 11:00"),
        [("content/teams/support.toml".to_string(), line, col)]
    );
}

#[test]
fn pagerduty_export_keeps_rotations_whose_ids_give_the_same_name_apart() {
    let site = with_support();
    let spare = "\n[[rotations]]\nid = \"Daytime\"\nname = \"Support spare\"\nmembers = [\"ana\"]\nrotation_virtual_start = 2026-01-05T09:00:00\nturn_length_days = 7\ntime_zone = \"UTC\"\n";
    let text = format!("{SUPPORT}{spare}");
    site.write("content/teams/support.toml", &text);
    let (tf, stdout) = exported(&site, &[]);
    let (first, _) = tf.named("pagerduty_schedule", "Support daytime", Some("support"));
    let (second, _) = tf.named("pagerduty_schedule", "Support spare", Some("support"));
    assert_ne!(first, second);
    let (line, col) = position(&text, "\"Daytime\"");
    assert_eq!(
        notes_about(&stdout, "rotation id `Daytime`"),
        [("content/teams/support.toml".to_string(), line, col)]
    );
}
