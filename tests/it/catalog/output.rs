//! The rest of the output: scorecards, the stale report, catalog.json, generated
//! lists in guide pages, hostile metadata, the bundled handbook and `ownbook new`.

use super::*;
use crate::support::*;
use scraper::Html;

#[test]
fn scorecards_and_stale_report() {
    let site = catalog_site();
    site.write(
        "content/teams/web.toml",
        &std::fs::read_to_string(site.path().join("content/teams/web.toml"))
            .expect("read")
            .replace("reviewed = 2026-10-01", "reviewed = 2025-10-01"),
    );
    site.build_ok();
    let doc = site.html("scorecards/index.html");
    assert_eq!(
        texts(&doc, "#levels-per-team thead th"),
        vec!["Team", "none", "bronze", "silver", "gold"]
    );
    assert_eq!(
        texts(&doc, "#levels-per-team tbody tr:nth-child(1) td"),
        vec!["Data", "1", "0", "0", "3"]
    );
    assert_eq!(count(&doc, "#score-matrix tbody tr"), 14);
    assert_eq!(count(&doc, "#score-matrix thead th"), 2 + 11);
    let stale = site.html("stale/index.html");
    assert_eq!(
        texts(&stale, "#stale-entries tbody td"),
        vec!["Web", "team", "2025-10-01", "180 days", "237 days"]
    );
}

#[test]
fn catalog_json_holds_the_whole_catalog() {
    let site = catalog_site();
    site.build_ok();
    let json: serde_json::Value = serde_json::from_str(&site.read("catalog.json")).expect("json");
    assert_eq!(json["schema_version"], 1);
    assert_eq!(json["generated_on"], "2026-11-22");
    assert_eq!(json["services"].as_array().map(Vec::len), Some(14));
    assert_eq!(json["teams"].as_array().map(Vec::len), Some(4));
    let payments = &json["services"]
        .as_array()
        .expect("services")
        .iter()
        .find(|s| s["id"] == "payments-api")
        .expect("payments-api")
        .clone();
    assert_eq!(payments["url"], "services/payments-api/");
    assert_eq!(payments["owner"], "payments");
    assert_eq!(payments["tier"], 1);
    assert_eq!(payments["tier_name"], "Critical");
    assert_eq!(payments["lifecycle"], "production");
    assert_eq!(payments["escalation_policy"], "payments-default");
    assert_eq!(
        payments["depends_on"],
        serde_json::json!([{ "service": "user-db", "critical": true }, { "service": "ledger", "critical": false }])
    );
    assert_eq!(payments["scorecard"]["level"], "gold");
    assert_eq!(payments["slos"][0]["objective"], 99.9);
    let user_db = json["services"]
        .as_array()
        .expect("services")
        .iter()
        .find(|s| s["id"] == "user-db")
        .expect("user-db")
        .clone();
    assert_eq!(
        user_db["used_by"],
        serde_json::json!(["auth", "cart-api", "ledger", "payments-api"])
    );
    assert_eq!(user_db["blast_radius"], 8);
    let team = &json["teams"][2];
    assert_eq!(team["id"], "payments");
    assert_eq!(team["rotations"][0]["on_call_at_build"], "ana");
    assert_eq!(
        team["rotations"][0]["next_handoffs"][0],
        serde_json::json!({ "at": "Mon 2026-11-23 09:00", "member": "ben", "override": false })
    );
    assert_eq!(
        team["escalation_policies"][0]["escalation_rules"][2]["targets"],
        serde_json::json!([{ "type": "user", "id": "maria" }, { "type": "team", "id": "infra" }])
    );
}

#[test]
fn guide_pages_embed_generated_lists_and_link_to_catalog_pages() {
    let site = catalog_site();
    site.build_ok();
    let doc = site.html("guide/availability-and-tiers/index.html");
    let lists: Vec<String> = texts(&doc, ".content ul.catalog-list");
    assert_eq!(lists.len(), 3);
    assert_eq!(
        texts(
            &doc,
            ".content ul.catalog-list:nth-of-type(1) > li > a:first-child"
        ),
        vec![
            "API Gateway",
            "Auth",
            "Cart API",
            "Event Bus",
            "Payments API",
            "User DB",
            "Web Frontend"
        ]
    );
    assert_eq!(
        texts(&doc, ".content ul.catalog-list:nth-of-type(2) li"),
        vec!["Old Reports Data · tier 3 · deprecated · replaced by Reports · sunset 2027-03-31"]
    );
    assert_eq!(
        attrs(
            &doc,
            ".content ul.catalog-list:nth-of-type(2) li > a:first-child",
            "href"
        ),
        vec!["../../services/old-reports/index.html"]
    );
    assert_eq!(count(&doc, ".content ul.catalog-list:nth-of-type(3) li"), 4);
    let home = site.html("index.html");
    assert_eq!(
        attrs(&home, ".content a", "href")[1..],
        [
            "teams/payments/index.html",
            "services/payments-api/index.html#escalation"
        ]
    );
}

#[test]
fn shortcode_and_catalog_link_mistakes_are_reported_where_written() {
    let site = catalog_site();
    site.write(
        "content/guide/lists.md",
        "+++\ntitle = \"Lists\"\n+++\nIntro.\n\n{{ services colour=red }}\n\n{{ services owner=nobody }}\n\nSee [x](service:nope) and [y](team:payments#nowhere).\n",
    );
    let (diags, code) = site.check_json();
    let got: Vec<_> = diags
        .iter()
        .map(|d| (at(d), d["message"].as_str().unwrap_or("").to_string()))
        .collect();
    let p = "content/guide/lists.md".to_string();
    assert_eq!(
        got,
        vec![
            (
                (p.clone(), 6, 1, "shortcode".into()),
                "`colour` is not a filter of {{ services }}".into()
            ),
            (
                (p.clone(), 8, 1, "shortcode".into()),
                "there is no team `nobody` in the catalog".into()
            ),
            (
                (p.clone(), 10, 5, "broken-link".into()),
                "there is no service `nope` in the catalog".into()
            ),
            (
                (p, 10, 27, "broken-anchor".into()),
                "`#nowhere` is not a heading of team:payments".into()
            ),
        ]
    );
    assert_eq!(code, 1);
}

const SCRIPT: &str = "<script>alert(1)</script>";

#[test]
fn hostile_names_are_escaped_everywhere_and_javascript_urls_never_reach_output() {
    let site = catalog_site();
    let ledger = std::fs::read_to_string(site.path().join("content/services/ledger.toml"))
        .expect("read")
        .replace("name = \"Ledger\"", &format!("name = \"{SCRIPT}\""))
        .replace(
            "description = \"Ledger does",
            "description = \"See [x](javascript:alert(3)) and <img src=x onerror=alert(2)>. Ledger does",
        );
    site.write("content/services/ledger.toml", &ledger);
    site.write(
        "content/teams/data.toml",
        &std::fs::read_to_string(site.path().join("content/teams/data.toml"))
            .expect("read")
            .replace("name = \"Data\"", &format!("name = \"{SCRIPT}\"")),
    );
    site.build_ok();
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(site.out()).into_iter().flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "html") {
            let text = std::fs::read_to_string(path).expect("read");
            assert!(!text.contains("<script>alert"), "{}", path.display());
            assert!(!text.contains("<img src=x"), "{}", path.display());
            let doc = Html::parse_document(&text);
            for url in attrs(&doc, "[href]", "href")
                .into_iter()
                .chain(attrs(&doc, "[src]", "src"))
            {
                assert!(!url.contains("javascript"), "{}: {url}", path.display());
            }
            pages += 1;
        }
    }
    assert!(pages > 20);
    // Shown as text where it appears: the page title, tables, graphs, lists.
    let doc = site.html("services/ledger/index.html");
    assert_eq!(texts(&doc, "main h1"), vec![SCRIPT]);
    // The unsafe link keeps its text but loses its target; raw HTML shows as text.
    assert_eq!(
        texts(&doc, "#overview .description p"),
        vec![
            "See x and <img src=x onerror=alert(2)>. Ledger does one thing well. Part of the Acme shop."
        ]
    );
    assert!(
        texts(&site.html("services/index.html"), "#services-table td a")
            .contains(&SCRIPT.to_string())
    );
    assert!(
        texts(&site.html("services/graph/index.html"), "svg text")
            .iter()
            .any(|t| t.starts_with("<script>"))
    );
    assert_eq!(
        texts(&site.html("teams/data/index.html"), "main h1"),
        vec![SCRIPT]
    );
    // catalog.json is data: the name is there, exactly, as a JSON string.
    let json: serde_json::Value = serde_json::from_str(&site.read("catalog.json")).expect("json");
    assert!(
        json["services"]
            .as_array()
            .expect("services")
            .iter()
            .any(|s| s["name"] == SCRIPT)
    );
}

#[test]
fn bundled_handbook_reports_exactly_the_intended_warnings_and_builds() {
    let site = TestSite::bundled();
    let (diags, code) = site.check_json();
    let got: Vec<_> = diags
        .iter()
        .map(|d| (at(d), d["severity"].as_str().unwrap_or("").to_string()))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                (
                    "content/services/mobile-bff.toml".into(),
                    23,
                    15,
                    "depends-on-deprecated".into()
                ),
                "warning".into()
            ),
            (
                (
                    "content/services/product-search.toml".into(),
                    17,
                    15,
                    "dependency-cycle".into()
                ),
                "warning".into()
            ),
            (
                (
                    "content/services/warehouse-sync.toml".into(),
                    11,
                    20,
                    "stale-runbook".into()
                ),
                "warning".into()
            ),
        ],
        "{diags:#?}"
    );
    assert_eq!(
        diags[1]["message"],
        "dependency cycle: product-search → recommendations → product-search"
    );
    assert_eq!(code, 0);
    site.build_ok();
    let broken = broken_links(&site.out());
    assert!(broken.is_empty(), "{broken:#?}");
    // Every scorecard level is shown by some service, from none to gold.
    let json: serde_json::Value = serde_json::from_str(&site.read("catalog.json")).expect("json");
    let levels: std::collections::BTreeSet<String> = json["services"]
        .as_array()
        .expect("services")
        .iter()
        .map(|s| s["scorecard"]["level"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(
        levels.into_iter().collect::<Vec<_>>(),
        vec!["bronze", "gold", "none", "silver"]
    );
    // Guide links configured in the bundled ownbook.toml point at exact sections.
    let doc = site.html("services/checkout-api/index.html");
    assert_eq!(
        attrs(&doc, ".entry-badges .tier a", "href"),
        vec!["../../guide/availability-and-tiers/index.html#tier-1-critical"]
    );
    assert_eq!(
        attrs(&doc, ".entry-badges .lifecycle a", "href"),
        vec!["../../guide/lifecycle/runtime/index.html"]
    );
}

#[test]
fn new_service_and_team_skeletons_pass_check() {
    let site = catalog_site();
    let out = site.run(&["new", "team", "grocery-partners"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = site.run(&["new", "service", "basket-reminders"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(site.path().join("content/services/basket-reminders.toml"))
        .expect("skeleton");
    assert!(text.contains("owner = \"data\""), "{text}");
    let (diags, code) = site.check_json();
    assert!(diags.is_empty(), "{diags:#?}");
    assert_eq!(code, 0);
    let again = site.run(&["new", "service", "basket-reminders"]);
    assert_eq!(again.status.code(), Some(2));
    let bad = site.run(&["new", "service", "Basket_Reminders"]);
    assert!(String::from_utf8_lossy(&bad.stderr).contains("is not a valid id"));
}
