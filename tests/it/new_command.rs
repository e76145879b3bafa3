//! `ownbook new service ID --owner TEAM --tier N`: the owner is never guessed among
//! several teams, and the tier is one the loader accepts.

use crate::support::TestSite;
use std::process::Output;

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn ok(site: &TestSite, args: &[&str]) {
    let out = site.run(args);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
}

/// The written service file, parsed.
fn service(site: &TestSite, id: &str) -> toml::Table {
    let path = site.path().join(format!("content/services/{id}.toml"));
    let text = std::fs::read_to_string(&path).expect("service written");
    text.parse().expect("valid TOML")
}

fn owner_and_tier(table: &toml::Table) -> (&str, i64) {
    (
        table["owner"].as_str().expect("owner"),
        table["tier"].as_integer().expect("tier"),
    )
}

fn two_teams() -> TestSite {
    let site = TestSite::new();
    ok(&site, &["new", "team", "checkout"]);
    ok(&site, &["new", "team", "platform"]);
    site
}

#[test]
fn the_only_team_owns_a_service_when_no_owner_is_given() {
    let site = TestSite::new();
    ok(&site, &["new", "team", "checkout"]);
    ok(&site, &["new", "service", "basket"]);
    // The least critical tier by default.
    assert_eq!(owner_and_tier(&service(&site, "basket")), ("checkout", 3));
    let (diags, code) = site.check_json();
    assert_eq!((diags.len(), code), (0, 0), "{diags:#?}");
}

#[test]
fn owner_and_tier_are_written_as_given_and_pass_check() {
    let site = two_teams();
    ok(
        &site,
        &[
            "new", "service", "payments", "--owner", "platform", "--tier", "1",
        ],
    );
    assert_eq!(owner_and_tier(&service(&site, "payments")), ("platform", 1));
    let (diags, code) = site.check_json();
    // Tier 1 asks for a runbook and SLOs, which a skeleton cannot have yet: warnings only.
    assert_eq!(code, 0, "{diags:#?}");
    assert!(
        diags.iter().all(|d| d["severity"] == "warning"),
        "{diags:#?}"
    );
}

#[test]
fn several_teams_and_no_owner_is_refused_listing_the_teams() {
    let site = two_teams();
    let out = site.run(&["new", "service", "basket"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    for expected in ["--owner", "`checkout`", "`platform`"] {
        assert!(err.contains(expected), "{expected} missing from: {err}");
    }
    assert!(!site.path().join("content/services/basket.toml").exists());
}

#[test]
fn an_unknown_owner_is_refused_with_a_suggestion() {
    let site = two_teams();
    let out = site.run(&["new", "service", "basket", "--owner", "chekout"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("did you mean `checkout`?"), "{err}");
    assert!(err.contains("`platform`"), "{err}");
    assert!(!site.path().join("content/services/basket.toml").exists());
}

#[test]
fn a_service_needs_a_team_to_exist_first() {
    let site = TestSite::new();
    let out = site.run(&["new", "service", "basket"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("ownbook new team"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_tier_must_be_one_the_handbook_names() {
    let site = two_teams();
    for bad in ["0", "4"] {
        let out = site.run(&[
            "new", "service", "basket", "--owner", "checkout", "--tier", bad,
        ]);
        assert_eq!(out.status.code(), Some(2), "tier {bad}");
        assert!(
            stderr(&out).contains("tiers are 1 to 3"),
            "{}",
            stderr(&out)
        );
    }
    // Four tier names make tier 4 valid, for `new` as for the loader.
    site.write(
        "ownbook.toml",
        "title = \"T\"\norganization = \"Acme\"\n[rules]\ntier_names = [\"A\", \"B\", \"C\", \"D\"]\n",
    );
    ok(
        &site,
        &[
            "new", "service", "basket", "--owner", "checkout", "--tier", "4",
        ],
    );
    assert_eq!(owner_and_tier(&service(&site, "basket")), ("checkout", 4));
    let (diags, code) = site.check_json();
    assert_eq!((diags.len(), code), (0, 0), "{diags:#?}");
}

#[test]
fn a_team_takes_no_owner_or_tier() {
    let site = TestSite::new();
    let out = site.run(&["new", "team", "checkout", "--owner", "x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!site.path().join("content/teams/checkout.toml").exists());
}
