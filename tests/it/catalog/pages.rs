//! The catalog pages: the services table, service and team pages, and the graph.

use super::*;
use crate::support::*;

#[test]
fn fixture_catalog_checks_clean_and_builds_without_broken_links() {
    let site = catalog_site();
    let (diags, code) = site.check_json();
    assert!(diags.is_empty(), "{diags:#?}");
    assert_eq!(code, 0);
    site.build_ok();
    let broken = broken_links(&site.out());
    assert!(broken.is_empty(), "{broken:#?}");
    for page in [
        "services/index.html",
        "teams/index.html",
        "services/graph/index.html",
        "scorecards/index.html",
        "stale/index.html",
        "services/ledger/index.html",
        "teams/data/index.html",
    ] {
        assert!(site.out().join(page).is_file(), "{page}");
    }
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains("<loc>services/ledger/</loc>"), "{sitemap}");
}

#[test]
fn services_index_lists_every_service_with_filter_data() {
    let site = catalog_site();
    site.build_ok();
    let doc = site.html("services/index.html");
    let names: Vec<String> = texts(&doc, "#services-table tbody td:first-child a");
    assert_eq!(names.len(), 14);
    assert_eq!(names[0], "API Gateway");
    assert_eq!(
        attrs(&doc, "#services-table tbody tr", "data-owner")[0],
        "infra"
    );
    let row = |id: &str| {
        let sel = Selector::parse("#services-table tbody tr").expect("selector");
        let level = Selector::parse(".level").expect("selector");
        let href = format!("{id}/index.html");
        let tr = doc
            .select(&sel)
            .find(|tr| tr.html().contains(&format!("href=\"{href}\"")))
            .expect("row");
        let attr = |a: &str| tr.value().attr(a).unwrap_or("").to_string();
        let level: String = tr.select(&level).flat_map(|e| e.text()).collect();
        (
            attr("data-tier"),
            attr("data-lifecycle"),
            attr("data-tags"),
            level,
        )
    };
    assert_eq!(
        row("old-reports"),
        (
            "3".into(),
            "deprecated".into(),
            String::new(),
            "none".into()
        )
    );
    assert_eq!(
        row("cart-api"),
        (
            "1".into(),
            "production".into(),
            "payments tier1".into(),
            "gold".into()
        )
    );
    // Filters are in the page (shown by the script) with every owner, tier and tag.
    assert_eq!(
        texts(&doc, "#catalog-filters select[name=owner] option"),
        vec!["any", "Data", "Infrastructure", "Payments", "Web"]
    );
    assert_eq!(
        attrs(
            &doc,
            "#catalog-filters select[name=lifecycle] option",
            "value"
        ),
        vec!["", "design", "production", "deprecated"]
    );
    assert!(attrs(&doc, "#catalog-filters", "hidden").len() == 1);
    assert_eq!(count(&doc, "th[data-sort]"), 5);
    assert!(
        attrs(&doc, "script[src]", "src")
            .iter()
            .any(|s| s.contains("catalog."))
    );
    assert!(
        attrs(&doc, "link[rel=stylesheet]", "href")
            .iter()
            .any(|s| s.contains("catalog."))
    );
    // The sidebar links to the catalog pages.
    assert_eq!(
        texts(&doc, "nav.sidebar .nav-catalog a"),
        vec![
            "Services",
            "Teams",
            "Dependency graph",
            "Scorecards",
            "Overdue reviews"
        ]
    );
}

#[test]
fn service_page_shows_owner_on_call_escalation_dependencies_and_score() {
    let site = catalog_site();
    site.build_ok();
    let doc = site.html("services/payments-api/index.html");
    assert_eq!(texts(&doc, "main h1"), vec!["Payments API"]);
    assert_eq!(
        attrs(&doc, "#overview .facts a[href*='teams']", "href"),
        vec!["../../teams/payments/index.html"]
    );
    // On 2026-11-22 (OWNBOOK_TODAY) turn 45 of the weekly rotation: 45 mod 3 = Ana.
    assert_eq!(texts(&doc, "#on-call .oncall-now"), vec!["Ana Payments"]);
    assert_eq!(
        attrs(&doc, "#on-call .oncall", "data-members"),
        vec![r#"["Ana Payments","Ben Payments","Cleo Payments"]"#]
    );
    assert_eq!(
        attrs(&doc, "#on-call .oncall", "data-tz"),
        vec!["Europe/Berlin"]
    );
    assert_eq!(
        texts(&doc, "#escalation .escalation-steps .step-time"),
        vec!["minute 0", "minute 5", "minute 15"]
    );
    let facts = texts(&doc, "#escalation .facts dd");
    assert_eq!(
        facts[..3],
        [
            "30 minutes, repeated 2 more times (90 minutes in all)",
            "0 minutes",
            "15 minutes"
        ]
    );
    assert_eq!(count(&doc, "#escalation svg.timeline .level"), 3);
    assert_eq!(
        attrs(&doc, "#escalation .facts a", "href"),
        vec!["../../guide/escalation-policies/index.html"]
    );
    assert_eq!(
        texts(
            &doc,
            "#dependencies .deps-columns > div:first-child .dep-list > li > a"
        ),
        vec!["User DB", "Ledger"]
    );
    assert_eq!(
        texts(&doc, "#dependencies .dep-list .critical"),
        vec!["critical"]
    );
    assert_eq!(
        texts(&doc, "#dependencies .deps-columns > div:last-child p"),
        vec!["No other service."]
    );
    // Neighbourhood graph: the service and its two dependencies, linked.
    assert_eq!(count(&doc, "#graph svg .node"), 3);
    assert_eq!(
        attrs(&doc, "#graph svg a.node", "href"),
        vec!["../user-db/index.html", "../ledger/index.html"]
    );
    assert_eq!(texts(&doc, "#scorecard h2"), vec!["Scorecard: gold"]);
    assert_eq!(
        texts(&doc, "#slos tbody td:first-child"),
        vec!["Availability"]
    );
    assert_eq!(
        texts(&doc, "#runbook .runbook-date"),
        vec!["Last reviewed 2026-10-15 (38 days ago)."]
    );
    // The prose from payments-api.md, with its links resolved.
    assert_eq!(attrs(&doc, "#notes h2", "id"), vec!["how-it-works"]);
    assert_eq!(
        attrs(&doc, "#notes a:not(.anchor)", "href"),
        vec![
            "../../guide/escalation-policies/index.html#delays",
            "../ledger/index.html"
        ]
    );
    // Guide pages that link here are listed.
    assert_eq!(
        texts(&doc, "#linked-from a"),
        vec!["Acme handbook", "Escalation policies"]
    );
    // The tier links to the guide page that explains tiers (the default guide link).
    assert_eq!(
        attrs(&doc, ".entry-badges .tier a", "href"),
        vec!["../../guide/availability-and-tiers/index.html"]
    );
    assert!(
        attrs(&doc, "[style]", "style").is_empty(),
        "no inline styles"
    );
}

#[test]
fn blast_radius_is_transitive() {
    let site = catalog_site();
    site.build_ok();
    let doc = site.html("services/user-db/index.html");
    // user-db ← cart-api, payments-api, ledger, auth ← api-gateway ← web-frontend;
    // ledger ← reports, old-reports.
    assert_eq!(
        texts(&doc, "#blast-radius + p"),
        vec!["If User DB fails, 8 services depend on it directly or indirectly, 5 of them tier 1."]
    );
    assert_eq!(count(&doc, ".blast-list li"), 8);
}

#[test]
fn team_page_lists_members_services_rotations_and_next_handoffs() {
    let site = catalog_site();
    site.build_ok();
    let doc = site.html("teams/payments/index.html");
    assert_eq!(texts(&doc, "main h1"), vec!["Payments"]);
    assert_eq!(
        texts(&doc, "#services tbody td:first-child"),
        vec!["Cart API", "Ledger", "Payments API", "Pricing"]
    );
    assert_eq!(count(&doc, "#members li"), 4);
    assert_eq!(
        texts(&doc, "#rotation-primary .oncall-now"),
        vec!["Ana Payments"]
    );
    let when = texts(&doc, "#rotation-primary .handoffs tbody td:first-child");
    let who = texts(&doc, "#rotation-primary .handoffs tbody td:last-child");
    assert_eq!(when.len(), 8);
    assert_eq!(
        (when[0].as_str(), who[0].as_str()),
        ("Mon 2026-11-23 09:00", "Ben Payments")
    );
    assert_eq!(
        (when[1].as_str(), who[1].as_str()),
        ("Mon 2026-11-30 09:00", "Cleo Payments")
    );
    assert_eq!(
        (when[7].as_str(), who[7].as_str()),
        ("Mon 2027-01-11 09:00", "Cleo Payments")
    );
    assert_eq!(count(&doc, "#escalation .policy"), 1);
    assert_eq!(
        attrs(&doc, "#policy-payments-default .target-team a", "href"),
        vec!["../infra/index.html"]
    );
    let teams = site.html("teams/index.html");
    assert_eq!(
        texts(&teams, "#teams-table tbody td:first-child a"),
        vec!["Data", "Infrastructure", "Payments", "Web"]
    );
}

#[test]
fn rotation_handoffs_use_the_rotation_local_time() {
    let site = catalog_site();
    site.build_ok();
    let doc = site.html("teams/web/index.html");
    // Web hands off on Tuesdays at 10:30 New York time.
    let handoffs = texts(&doc, "#rotation-primary .handoffs tbody td:first-child");
    assert_eq!(handoffs[0], "Tue 2026-11-24 10:30");
    assert_eq!(
        texts(&doc, "#rotation-primary caption"),
        vec!["Next handoffs (America/New_York)"]
    );
}

#[test]
fn graph_page_draws_every_service_linked_with_critical_edges_marked() {
    let site = catalog_site();
    site.build_ok();
    let doc = site.html("services/graph/index.html");
    assert_eq!(count(&doc, "svg.dep-graph .node"), 14);
    let hrefs = attrs(&doc, "svg.dep-graph a.node", "href");
    assert_eq!(hrefs.len(), 14);
    assert!(hrefs.contains(&"../ledger/index.html".to_string()));
    assert_eq!(count(&doc, "svg.dep-graph path.edge"), 15);
    assert_eq!(count(&doc, "svg.dep-graph path.edge.critical"), 6);
    assert_eq!(count(&doc, "svg.dep-graph path.edge.cycle"), 0);
    assert_eq!(
        texts(&doc, "figcaption"),
        vec!["14 services, 15 dependencies."]
    );
}
