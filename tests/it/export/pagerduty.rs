//! `ownbook export pagerduty`: every generated file is parsed with hcl-rs and its
//! resources and references are checked against the catalog TOML, read here on its
//! own with the toml crate.

mod files;
mod notes;
mod terraform;

use crate::support::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Output;
use terraform::*;
use toml::{Table, Value};

fn export(site: &TestSite, extra: &[&str]) -> Output {
    let mut args = vec!["export", "pagerduty", "--out", "out"];
    args.extend_from_slice(extra);
    site.run(&args)
}

fn exported(site: &TestSite, extra: &[&str]) -> (Terraform, String) {
    let out = export(site, extra);
    assert!(
        out.status.success(),
        "export failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tf = read(&site.path().join("out"));
    for (file, text) in &tf.files {
        assert!(text.ends_with("}\n"), "{file} ends with one newline");
    }
    // Every reference in every file points at a resource that exists.
    for r in tf.resources.values() {
        let mut refs = Vec::new();
        all_references(&r.body, &mut refs);
        for reference in refs {
            tf.target(&reference);
        }
    }
    (tf, String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The team files of a handbook, by id.
fn teams(root: &Path) -> BTreeMap<String, Table> {
    toml_files(&root.join("content/teams"))
}

fn services(root: &Path) -> BTreeMap<String, Table> {
    toml_files(&root.join("content/services"))
}

fn toml_files(dir: &Path) -> BTreeMap<String, Table> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).expect("dir") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "toml") {
            let text = std::fs::read_to_string(&path).expect("read");
            let id = path
                .file_stem()
                .expect("stem")
                .to_string_lossy()
                .into_owned();
            out.insert(id, text.parse::<Table>().expect("toml"));
        }
    }
    out
}

fn s<'a>(t: &'a Table, key: &str) -> &'a str {
    t.get(key).and_then(Value::as_str).unwrap_or_default()
}

fn tables<'a>(t: &'a Table, key: &str) -> Vec<&'a Table> {
    t.get(key)
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_table).collect())
        .unwrap_or_default()
}

fn member<'a>(team: &'a Table, id: &str) -> &'a Table {
    tables(team, "members")
        .into_iter()
        .find(|m| s(m, "id") == id)
        .unwrap_or_else(|| panic!("member {id}"))
}

/// The e-mail of the `data "pagerduty_user"` a reference points at.
fn email_of<'a>(tf: &'a Terraform, r: &str) -> &'a str {
    assert!(r.starts_with("data.pagerduty_user."), "{r} is a user");
    string(attr(&tf.target(r).body, "email"))
}

/// `2026-01-05T10:00:00+01:00` read back as the local time and date it names.
fn local(stamp: &str) -> jiff::civil::DateTime {
    stamp
        .parse::<jiff::Timestamp>()
        .expect("a timestamp with an offset");
    stamp[..19].parse().expect("local date-time")
}

fn catalog_start(rot: &Table) -> jiff::civil::DateTime {
    let v = rot
        .get("rotation_virtual_start")
        .expect("start")
        .to_string();
    v.parse().expect("local date-time")
}

#[test]
fn pagerduty_export_holds_every_team_person_rotation_policy_and_service_of_the_handbook() {
    let site = TestSite::bundled();
    let (tf, _) = exported(&site, &[]);
    let teams = teams(site.path());
    let (_, terraform) = &tf.others[0];
    assert_eq!(terraform.identifier(), "terraform");
    let providers = one(terraform.body(), "required_providers");
    let Some(hcl::Expression::Object(pd)) = providers
        .attributes()
        .find(|a| a.key() == "pagerduty")
        .map(|a| a.expr())
    else {
        panic!("a pagerduty provider requirement")
    };
    assert!(
        pd.values()
            .any(|v| v == &hcl::Expression::from("PagerDuty/pagerduty"))
    );
    for (id, team) in &teams {
        let team_ref = format!("pagerduty_team.{id}");
        let found = tf.target(&team_ref);
        assert_eq!(found.file, format!("{id}.tf"));
        assert_eq!(string(attr(&found.body, "name")), s(team, "name"));
        // Every member with an e-mail is looked up and joins the team.
        for m in tables(team, "members") {
            let email = s(m, "email");
            let memberships: Vec<&hcl::Body> = tf
                .of_type("pagerduty_team_membership")
                .map(|(_, b)| b)
                .filter(|b| reference(attr(b, "team_id")) == format!("{team_ref}.id"))
                .filter(|b| email_of(&tf, &reference(attr(b, "user_id"))) == email)
                .collect();
            assert_eq!(memberships.len(), 1, "{id}: {email} joins once");
        }
        for rot in tables(team, "rotations") {
            let (_, schedule) = tf.named("pagerduty_schedule", s(rot, "name"), Some(id));
            assert_eq!(string(attr(schedule, "time_zone")), s(rot, "time_zone"));
            let layer = one(schedule, "layer");
            let days = rot["turn_length_days"].as_integer().expect("days");
            assert_eq!(
                int(attr(layer, "rotation_turn_length_seconds")),
                days * 86_400
            );
            let start = string(attr(layer, "rotation_virtual_start"));
            assert_eq!(local(start), catalog_start(rot));
            let users: Vec<&str> = list(attr(layer, "users"))
                .iter()
                .map(|u| email_of(&tf, &reference(u)))
                .collect();
            let expected: Vec<&str> = rot["members"]
                .as_array()
                .expect("members")
                .iter()
                .map(|m| s(member(team, m.as_str().unwrap_or_default()), "email"))
                .collect();
            assert_eq!(users, expected, "rotation order");
        }
        check_policies(
            &tf,
            &teams,
            id,
            team,
            "schedule_reference",
            "pagerduty_schedule",
        );
    }
    check_services(&tf, site.path(), &teams);
}

/// Each policy of `team`: its levels in order, delays, targets and num_loops.
fn check_policies(
    tf: &Terraform,
    teams: &BTreeMap<String, Table>,
    id: &str,
    team: &Table,
    schedule_type: &str,
    schedule_kind: &str,
) {
    for policy in tables(team, "escalation_policies") {
        let (_, p) = tf.named("pagerduty_escalation_policy", s(policy, "name"), Some(id));
        let loops = policy.get("num_loops").and_then(Value::as_integer);
        assert_eq!(int(attr(p, "num_loops")), loops.unwrap_or(0));
        let rules = blocks(p, "rule");
        let levels = tables(policy, "escalation_rules");
        assert_eq!(
            rules.len(),
            levels.len(),
            "{}: every level",
            s(policy, "name")
        );
        for (rule, level) in rules.iter().zip(levels) {
            let delay = level["escalation_delay_in_minutes"].as_integer();
            assert_eq!(
                Some(int(attr(rule.body(), "escalation_delay_in_minutes"))),
                delay
            );
            let written: Vec<(String, String)> = blocks(rule.body(), "target")
                .iter()
                .map(|t| {
                    let r = reference(attr(t.body(), "id"));
                    let kind = string(attr(t.body(), "type")).to_string();
                    let what = match kind.as_str() {
                        "user_reference" => email_of(tf, &r).to_string(),
                        _ => {
                            assert!(r.starts_with(&format!("{schedule_kind}.")), "{r}");
                            string(attr(&tf.target(&r).body, "name")).to_string()
                        }
                    };
                    (kind, what)
                })
                .collect();
            let expected: Vec<(String, String)> = tables(level, "targets")
                .iter()
                .map(|t| match s(t, "type") {
                    "user" => (
                        "user_reference".into(),
                        s(member(team, s(t, "id")), "email").into(),
                    ),
                    "rotation" => (schedule_type.into(), rotation_name(team, s(t, "id"))),
                    // A team is paged through what its first policy pages first.
                    _ => {
                        let other = &teams[s(t, "id")];
                        let first = &tables(other, "escalation_policies")[0];
                        let level = &tables(first, "escalation_rules")[0];
                        let target = &tables(level, "targets")[0];
                        (schedule_type.into(), rotation_name(other, s(target, "id")))
                    }
                })
                .collect();
            assert_eq!(written, expected, "{}", s(policy, "name"));
        }
    }
}

fn rotation_name(team: &Table, id: &str) -> String {
    let rot = tables(team, "rotations")
        .into_iter()
        .find(|r| s(r, "id") == id);
    s(rot.expect("rotation"), "name").to_string()
}

/// Each service bound to the policy the catalog gives it, each dependency written.
fn check_services(tf: &Terraform, root: &Path, teams: &BTreeMap<String, Table>) {
    let services = services(root);
    let live = |svc: &Table| s(svc, "lifecycle") != "retired";
    for (id, svc) in &services {
        let found: Vec<(&str, &hcl::Body)> = tf
            .of_type("pagerduty_service")
            .filter(|(_, b)| string(attr(b, "name")) == s(svc, "name"))
            .collect();
        if !live(svc) {
            assert!(found.is_empty(), "retired {id} is left out");
            continue;
        }
        assert_eq!(found.len(), 1, "{id}");
        let (address, body) = found[0];
        assert_eq!(
            tf.resources[address].file,
            format!("{}.tf", s(svc, "owner"))
        );
        let policy = reference(attr(body, "escalation_policy"));
        let policy_name = string(attr(&tf.target(&policy).body, "name"));
        let expected = match svc.get("escalation_policy").and_then(Value::as_str) {
            Some(p) => teams
                .values()
                .flat_map(|t| tables(t, "escalation_policies"))
                .find(|x| s(x, "id") == p)
                .map(|x| s(x, "name")),
            None => tables(&teams[s(svc, "owner")], "escalation_policies")
                .first()
                .map(|x| s(x, "name")),
        };
        assert_eq!(Some(policy_name), expected, "{id}'s policy");
        for dep in tables(svc, "depends_on") {
            let supporting = &services[s(dep, "service")];
            let count = tf
                .of_type("pagerduty_service_dependency")
                .filter(|(_, b)| {
                    let d = one(b, "dependency");
                    let name = |side: &str| {
                        let r = reference(attr(one(d, side), "id"));
                        string(attr(&tf.target(&r).body, "name")).to_string()
                    };
                    name("dependent_service") == s(svc, "name")
                        && name("supporting_service") == s(supporting, "name")
                })
                .count();
            assert_eq!(
                count,
                usize::from(live(supporting)),
                "{id} → {}",
                s(dep, "service")
            );
        }
    }
}

#[test]
fn pagerduty_v2_schedules_repeat_each_turn_with_an_rrule() {
    let site = TestSite::bundled();
    let (tf, _) = exported(&site, &["--schedules", "v2"]);
    let teams = teams(site.path());
    assert_eq!(tf.of_type("pagerduty_schedule").count(), 0);
    for (id, team) in &teams {
        for rot in tables(team, "rotations") {
            let (_, schedule) = tf.named("pagerduty_schedulev2", s(rot, "name"), Some(id));
            assert_eq!(string(attr(schedule, "time_zone")), s(rot, "time_zone"));
            let event = one(one(schedule, "rotation"), "event");
            let rules = list(attr(event, "recurrence"));
            assert_eq!(rules.len(), 1, "exactly one RRULE");
            let rrule = string(&rules[0]).strip_prefix("RRULE:").expect("RRULE:");
            let parts: BTreeMap<&str, &str> =
                rrule.split(';').filter_map(|p| p.split_once('=')).collect();
            let interval: i64 = parts.get("INTERVAL").unwrap_or(&"1").parse().expect("n");
            let days = rot["turn_length_days"].as_integer().expect("days");
            let repeat = match parts["FREQ"] {
                "WEEKLY" => interval * 7,
                "DAILY" => interval,
                other => panic!("FREQ={other}"),
            };
            assert_eq!(repeat, days, "{rrule}");
            let start = local(string(attr(event, "start_time")));
            let end = local(string(attr(event, "end_time")));
            assert_eq!(start, catalog_start(rot));
            assert_eq!(
                start.date().until(end.date()).expect("span").get_days() as i64,
                days
            );
            let strategy = one(event, "assignment_strategy");
            assert_eq!(
                string(attr(strategy, "type")),
                "rotating_member_assignment_strategy"
            );
            assert_eq!(int(attr(strategy, "shifts_per_member")), 1);
            let members: Vec<&str> = blocks(strategy, "member")
                .iter()
                .map(|m| email_of(&tf, &reference(attr(m.body(), "user_id"))))
                .collect();
            assert_eq!(members.len(), rot["members"].as_array().expect("m").len());
        }
        check_policies(
            &tf,
            &teams,
            id,
            team,
            "schedule_v3_reference",
            "pagerduty_schedulev2",
        );
    }
}
