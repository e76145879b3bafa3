//! The operational rules and the catalog settings in ownbook.toml, each with a bad
//! fixture and the exact diagnostic.

use super::*;
use crate::support::*;

#[test]
fn dependency_cycles_are_warnings_that_print_the_cycle() {
    let site = catalog_site();
    edit(
        &site,
        "content/services/user-db.toml",
        "depends_on = []",
        "depends_on = [\"reports\"]",
    );
    let (got, code) = diags(&site);
    assert_eq!(
        got,
        vec![d(
            "content/services/ledger.toml",
            14,
            15,
            "dependency-cycle",
            "warning",
            "dependency cycle: ledger → user-db → reports → ledger"
        )]
    );
    assert_eq!(code, 0);
    site.build_ok();
    let graph = site.html("services/graph/index.html");
    assert_eq!(attrs(&graph, "svg path.edge.cycle", "class").len(), 3);
    assert_eq!(
        texts(&graph, ".notice-warning li"),
        vec!["ledger → user-db → reports → ledger"]
    );
    // A site can make the rule an error.
    config(&site, "[rules]\ndependency_cycle = \"error\"\n");
    let (got, code) = diags(&site);
    assert_eq!(got[0].4, "error");
    assert_eq!(code, 1);
}

#[test]
fn production_services_need_an_owner_with_on_call() {
    let site = catalog_site();
    site.write(
        "content/teams/solo.toml",
        "name = \"Solo\"\n\n[[members]]\nid = \"sam\"\nname = \"Sam\"\n",
    );
    edit(
        &site,
        "content/services/pricing.toml",
        "owner = \"payments\"",
        "owner = \"solo\"",
    );
    let (got, _) = diags(&site);
    assert_eq!(
        got,
        vec![d(
            "content/services/pricing.toml",
            3,
            9,
            "production-without-on-call",
            "warning",
            "`pricing` is in production but its owner `solo` has no on-call rotation and no escalation policy"
        )]
    );
}

#[test]
fn stale_and_undated_runbooks_are_warnings() {
    let site = catalog_site();
    edit(
        &site,
        "content/services/ledger.toml",
        "runbook_reviewed = 2026-10-15",
        "runbook_reviewed = 2025-01-01",
    );
    edit(
        &site,
        "content/services/pricing.toml",
        "runbook_reviewed = 2026-10-15\n",
        "",
    );
    let (got, _) = diags(&site);
    assert_eq!(
        got,
        vec![
            d(
                "content/services/ledger.toml",
                10,
                20,
                "stale-runbook",
                "warning",
                "the runbook of `ledger` was last reviewed on 2025-01-01 (690 days ago, more than 180)"
            ),
            d(
                "content/services/pricing.toml",
                9,
                11,
                "stale-runbook",
                "warning",
                "the runbook of `pricing` has no review date"
            ),
        ]
    );
    config(&site, "[rules]\nrunbook_max_age_days = 700\n");
    assert_eq!(diags(&site).0.len(), 1);
}

#[test]
fn tier_1_services_need_runbook_slo_and_round_the_clock_on_call() {
    let site = catalog_site();
    site.write("content/services/event-bus.toml", "name = \"Event Bus\"\ndescription = \"x\"\nowner = \"infra\"\ntier = 1\nlifecycle = \"production\"\n");
    edit(
        &site,
        "content/teams/infra.toml",
        "coverage = \"24/7\"",
        "coverage = \"business-hours\"",
    );
    let (got, _) = diags(&site);
    let lacks_24_7 = "a 24/7 rotation at the first escalation level";
    assert_eq!(
        got,
        vec![
            d(
                "content/services/api-gateway.toml",
                4,
                8,
                "tier1-requirements",
                "warning",
                &format!("tier 1 service `api-gateway` lacks {lacks_24_7}")
            ),
            d(
                "content/services/auth.toml",
                4,
                8,
                "tier1-requirements",
                "warning",
                &format!("tier 1 service `auth` lacks {lacks_24_7}")
            ),
            d(
                "content/services/event-bus.toml",
                4,
                8,
                "tier1-requirements",
                "warning",
                &format!("tier 1 service `event-bus` lacks a runbook, an SLO and {lacks_24_7}")
            ),
        ]
    );
}

#[test]
fn teams_owning_too_many_services_are_warned() {
    let site = catalog_site();
    config(&site, "[rules]\nmax_services_per_member = 0.9\n");
    let (got, _) = diags(&site);
    assert_eq!(
        got,
        vec![
            d(
                "content/teams/data.toml",
                1,
                1,
                "team-load",
                "warning",
                "team `data` owns 4 services with 4 members; the rules allow 3 (0.9 per member)"
            ),
            d(
                "content/teams/payments.toml",
                1,
                1,
                "team-load",
                "warning",
                "team `payments` owns 4 services with 4 members; the rules allow 3 (0.9 per member)"
            ),
        ]
    );
}

#[test]
fn production_services_should_not_depend_on_deprecated_ones() {
    let site = catalog_site();
    site.write("content/services/search-api.toml", "name = \"Search API\"\ndescription = \"x\"\nowner = \"web\"\ntier = 2\nlifecycle = \"production\"\ndepends_on = [\"search-index\", \"old-reports\"]\n");
    let (list, _) = site.check_json();
    let (got, _) = diags(&site);
    assert_eq!(
        got,
        vec![d(
            "content/services/search-api.toml",
            6,
            31,
            "depends-on-deprecated",
            "warning",
            "`search-api` is in production but depends on `old-reports`, which is deprecated"
        )]
    );
    assert_eq!(list[0]["hint"], "move to its replacement `reports`");
}

#[test]
fn escalation_delays_are_judged_against_the_tier() {
    let site = catalog_site();
    edit(
        &site,
        "content/teams/payments.toml",
        "escalation_delay_in_minutes = 5",
        "escalation_delay_in_minutes = 2",
    );
    let (got, _) = diags(&site);
    assert_eq!(
        got,
        vec![d(
            "content/teams/payments.toml",
            43,
            31,
            "escalation-delay",
            "warning",
            "escalation policy `payments-default`: level 1 escalates after 2 minutes; tier 1 allows no less than 5 (used by `cart-api`)"
        )]
    );
    // The timeline on the page shows the same finding.
    site.build_ok();
    let doc = site.html("teams/payments/index.html");
    assert_eq!(
        texts(&doc, ".policy-warnings li"),
        vec!["level 1 escalates after 2 minutes; tier 1 allows no less than 5"]
    );
    // Limits per tier, and a ceiling for the first level.
    config(
        &site,
        "[rules]\nmin_escalation_delay_minutes = { 1 = 2 }\nmax_first_escalation_delay_minutes = { 1 = 4 }\n",
    );
    let (got, _) = diags(&site);
    assert_eq!(got.len(), 3, "{got:#?}");
    assert_eq!(
        got[0],
        d(
            "content/teams/data.toml",
            43,
            31,
            "escalation-delay",
            "warning",
            "escalation policy `data-default`: level 1 waits 5 minutes; tier 1 allows at most 4 (used by `user-db`)"
        )
    );
}

#[test]
fn rule_settings_are_checked_where_written() {
    let site = catalog_site();
    config(&site, "\n[rules]\ncycles = \"error\"\n");
    let (list, code) = site.check_json();
    assert_eq!(
        (at(&list[0]), list[0]["message"].as_str()),
        (
            ("ownbook.toml".into(), 5, 1, "toml".into()),
            Some("unknown field `cycles` in [rules]")
        )
    );
    assert!(
        list[0]["hint"]
            .as_str()
            .unwrap_or("")
            .contains("dependency-cycle")
    );
    assert_eq!(code, 1);
    config(&site, "[rules]\nstale_runbook = \"fatal\"\n");
    let (got, _) = diags(&site);
    assert_eq!(
        got,
        vec![d(
            "ownbook.toml",
            4,
            17,
            "toml",
            "error",
            "unknown variant `fatal`, expected one of `error`, `warning`, `off`"
        )]
    );
    config(
        &site,
        "[guide_links]\nescalation = \"guide/escalation.md\"\ntier = \"guide/availability-and-tiers.md#nope\"\n",
    );
    let (got, _) = diags(&site);
    assert_eq!(
        got,
        vec![
            d(
                "ownbook.toml",
                4,
                14,
                "config",
                "error",
                "the guide link `guide/escalation.md` names no page (there is no content/guide/escalation.md)"
            ),
            d(
                "ownbook.toml",
                5,
                8,
                "config",
                "error",
                "`#nope` is not a heading of content/guide/availability-and-tiers.md"
            ),
        ]
    );
}

#[test]
fn scorecard_levels_and_checks_come_from_the_config() {
    let site = catalog_site();
    config(
        &site,
        "[scorecard]\nlevels = [\"basic\", \"great\"]\n\n[[scorecard.checks]]\nlevel = \"basic\"\nname = \"Has a runbook\"\nfield = \"runbook\"\n\n[[scorecard.checks]]\nlevel = \"great\"\nname = \"Repository on the company git\"\nfield = \"repository\"\nmatches = \"https://git.acme.example/*\"\n\n[[scorecard.checks]]\nlevel = \"great\"\nname = \"Tier 1 has two SLOs\"\nfield = \"slos\"\nmin_count = 2\ntier = [1]\n",
    );
    let (got, _) = diags(&site);
    assert!(got.is_empty(), "{got:#?}");
    site.build_ok();
    let doc = site.html("services/ledger/index.html");
    assert_eq!(texts(&doc, "#scorecard h2"), vec!["Scorecard: great"]);
    assert_eq!(
        texts(&doc, "#scorecard .check-na"),
        vec!["n/a Tier 1 has two SLOs (great)"]
    );
    let doc = site.html("services/cart-api/index.html");
    assert_eq!(texts(&doc, "#scorecard h2"), vec!["Scorecard: basic"]);
    assert_eq!(
        texts(&doc, "#scorecard > p"),
        vec!["To reach great: Tier 1 has two SLOs."]
    );
    assert_eq!(
        texts(
            &site.html("services/old-reports/index.html"),
            "#scorecard h2"
        ),
        vec!["Scorecard: none"]
    );
    // A check naming an unknown field or level is an error in ownbook.toml.
    config(
        &site,
        "[scorecard]\n\n[[scorecard.checks]]\nlevel = \"platinum\"\nname = \"x\"\nfield = \"runbook\"\n\n[[scorecard.checks]]\nlevel = \"gold\"\nname = \"y\"\nfield = \"runbok\"\n",
    );
    let (got, _) = diags(&site);
    assert_eq!(
        got,
        vec![
            d(
                "ownbook.toml",
                6,
                9,
                "config",
                "error",
                "`platinum` is not a scorecard level"
            ),
            d(
                "ownbook.toml",
                13,
                9,
                "config",
                "error",
                "`runbok` is not a field a check can test"
            ),
        ]
    );
}

#[test]
fn a_theme_without_catalog_templates_gets_one_error_per_template() {
    let site = catalog_site();
    copy_dir(
        &repo_root().join("themes/default"),
        &site.path().join("themes/custom"),
    );
    site.remove("themes/custom/templates/service.html");
    config(&site, "theme = \"custom\"\n");
    let (got, code) = diags(&site);
    assert_eq!(
        got,
        vec![(
            String::new(),
            0,
            0,
            "template".into(),
            "error".into(),
            "the theme has no template `service.html`, which the catalog pages need".into()
        )]
    );
    assert_eq!(code, 1);
}
