//! The cross-reference rules and schema errors, each with a bad fixture and the exact
//! diagnostic: file, line, column, code, severity and message.

use super::*;
use crate::support::*;

#[test]
fn duplicate_ids_are_errors() {
    let site = catalog_site();
    site.write("content/services/archive/ledger.toml", SMALL);
    edit(
        &site,
        "content/teams/web.toml",
        "id = \"web-default\"",
        "id = \"payments-default\"",
    );
    let (got, code) = diags(&site);
    assert_eq!(
        got,
        vec![
            d(
                "content/services/archive/ledger.toml",
                1,
                1,
                "duplicate-id",
                "error",
                "the service id `ledger` is already used by content/services/ledger.toml"
            ),
            d(
                "content/teams/web.toml",
                39,
                6,
                "duplicate-id",
                "error",
                "the escalation policy id `payments-default` is already used by team `payments`"
            ),
        ]
    );
    assert_eq!(code, 1);
}

#[test]
fn a_missing_or_unknown_owner_is_an_error() {
    let site = catalog_site();
    site.write(
        "content/services/newsletter.toml",
        "name = \"Newsletter\"\ndescription = \"Planned.\"\ntier = 3\nlifecycle = \"design\"\n",
    );
    edit(
        &site,
        "content/services/pricing.toml",
        "owner = \"payments\"",
        "owner = \"paymnets\"",
    );
    let (list, _) = site.check_json();
    let (got, code) = diags(&site);
    assert_eq!(
        got,
        vec![
            d(
                "content/services/newsletter.toml",
                1,
                1,
                "unknown-owner",
                "error",
                "the service `newsletter` has no owner"
            ),
            d(
                "content/services/pricing.toml",
                3,
                9,
                "unknown-owner",
                "error",
                "the owner `paymnets` is not a team"
            ),
        ]
    );
    assert_eq!(list[1]["hint"], "did you mean `payments`?");
    assert_eq!(code, 1);
}

#[test]
fn dependencies_and_replacements_must_name_services() {
    let site = catalog_site();
    site.write(
        "content/services/reports.toml",
        &format!("{SMALL}depends_on = [\"ledger\", \"event-buss\"]\n"),
    );
    edit(
        &site,
        "content/services/old-reports.toml",
        "replaced_by = \"reports\"",
        "replaced_by = \"reprots\"",
    );
    let (list, _) = site.check_json();
    let (got, _) = diags(&site);
    assert_eq!(
        got,
        vec![
            d(
                "content/services/old-reports.toml",
                8,
                15,
                "unknown-service",
                "error",
                "`old-reports` is replaced by `reprots`, which is not a service"
            ),
            d(
                "content/services/reports.toml",
                6,
                25,
                "unknown-service",
                "error",
                "`reports` depends on `event-buss`, which is not a service"
            ),
        ]
    );
    assert_eq!(list[1]["hint"], "did you mean `event-bus`?");
}

#[test]
fn unsafe_urls_are_errors_and_never_reach_a_page() {
    let site = catalog_site();
    let ledger = "name = \"Ledger\"\ndescription = \"x\"\nowner = \"payments\"\ntier = 2\nlifecycle = \"production\"\nrepository = \"javascript:alert(1)\"\n\n[[dashboards]]\nname = \"Board\"\nurl = \"data:text/html,<b>x</b>\"\n";
    site.write("content/services/ledger.toml", ledger);
    let (got, code) = diags(&site);
    assert_eq!(
        got,
        vec![
            d(
                "content/services/ledger.toml",
                6,
                14,
                "unsafe-url",
                "error",
                "`javascript:alert(1)` is not an http(s), mailto or relative URL"
            ),
            d(
                "content/services/ledger.toml",
                10,
                7,
                "unsafe-url",
                "error",
                "`data:text/html,<b>x</b>` is not an http(s), mailto or relative URL"
            ),
        ]
    );
    assert_eq!(code, 1);
    // Switched off, the rule reports nothing and the URLs are still dropped.
    config(&site, "[rules]\nunsafe_url = \"off\"\n");
    assert_eq!(diags(&site), (vec![], 0));
    site.build_ok();
    let page = site.read("services/ledger/index.html");
    assert!(
        !page.contains("javascript:") && !page.contains("data:text"),
        "{page}"
    );
}

#[test]
fn relative_links_in_catalog_files_are_checked() {
    let site = catalog_site();
    edit(
        &site,
        "content/services/ledger.toml",
        "runbook = \"https://wiki.acme.example/runbooks/ledger\"",
        "runbook = \"../guide/missing.md\"",
    );
    edit(
        &site,
        "content/services/pricing.toml",
        "runbook = \"https://wiki.acme.example/runbooks/pricing\"",
        "runbook = \"../guide/escalation-policies.md#nope\"",
    );
    edit(
        &site,
        "content/services/cart-api.toml",
        "runbook = \"https://wiki.acme.example/runbooks/cart-api\"",
        "runbook = \"../guide/escalation-policies.md#delays\"",
    );
    let (got, _) = diags(&site);
    assert_eq!(
        got,
        vec![
            d(
                "content/services/ledger.toml",
                9,
                11,
                "broken-link",
                "error",
                "`../guide/missing.md` does not resolve: there is no page or file content/guide/missing.md"
            ),
            d(
                "content/services/pricing.toml",
                9,
                11,
                "broken-link",
                "error",
                "`#nope` is not a heading of content/guide/escalation-policies.md"
            ),
        ]
    );
    edit(
        &site,
        "content/services/ledger.toml",
        "../guide/missing.md",
        "../guide/escalation-policies.md",
    );
    edit(&site, "content/services/pricing.toml", "#nope", "");
    site.build_ok();
    let doc = site.html("services/cart-api/index.html");
    assert_eq!(
        attrs(&doc, "#runbook a", "href"),
        vec!["../../guide/escalation-policies/index.html#delays"]
    );
}

#[test]
fn escalation_targets_policies_and_rotation_members_must_exist() {
    let site = catalog_site();
    edit(
        &site,
        "content/teams/payments.toml",
        "targets = [{ type = \"user\", id = \"ana\" }]",
        "targets = [{ type = \"user\", id = \"anna\" }]",
    );
    edit(
        &site,
        "content/teams/payments.toml",
        "members = [\"ana\", \"ben\"",
        "members = [\"ana\", \"bne\"",
    );
    edit(
        &site,
        "content/services/payments-api.toml",
        "escalation_policy = \"payments-default\"",
        "escalation_policy = \"payments-defualt\"",
    );
    let (list, _) = site.check_json();
    let (got, code) = diags(&site);
    assert_eq!(
        got,
        vec![
            d(
                "content/services/payments-api.toml",
                15,
                21,
                "unknown-escalation-target",
                "error",
                "there is no escalation policy `payments-defualt`"
            ),
            d(
                "content/teams/payments.toml",
                32,
                19,
                "unknown-escalation-target",
                "error",
                "`bne` in rotation `primary` is not a member of the team"
            ),
            d(
                "content/teams/payments.toml",
                47,
                34,
                "unknown-escalation-target",
                "error",
                "the escalation target `anna` is not a member of this team"
            ),
        ]
    );
    assert_eq!(list[0]["hint"], "did you mean `payments-default`?");
    assert_eq!(code, 1);
}

#[test]
fn schema_mistakes_point_at_the_value() {
    let site = catalog_site();
    edit(
        &site,
        "content/services/ledger.toml",
        "tier = 2",
        "tier = \"two\"",
    );
    edit(
        &site,
        "content/services/pricing.toml",
        "tier = 2",
        "tier = 4",
    );
    edit(
        &site,
        "content/services/reports.toml",
        "lifecycle = \"production\"",
        "lifecycle = \"live\"",
    );
    edit(
        &site,
        "content/services/search-api.toml",
        "reviewed = 2026-10-01",
        "reviewed = 2026-10-01T10:00:00",
    );
    edit(
        &site,
        "content/services/auth.toml",
        "runbook_reviewed = 2026-10-15",
        "runbook_reviewed = 2026-02-30",
    );
    edit(
        &site,
        "content/services/cart-api.toml",
        "chat = \"#payments\"",
        "chat = \"#payments\"\ncolour = \"red\"",
    );
    edit(
        &site,
        "content/services/user-db.toml",
        "chat = \"#data\"",
        "chat = \"#data\"\nsunset = 2027-01-01",
    );
    edit(
        &site,
        "content/teams/web.toml",
        "time_zone = \"America/New_York\"",
        "time_zone = \"America/New_Yrok\"",
    );
    edit(
        &site,
        "content/teams/data.toml",
        "email = \"data@acme.example\"",
        "email = \"mailto:data@acme.example\"",
    );
    site.write("content/services/Bad_Name.toml", SMALL);
    site.write("content/services/graph.toml", SMALL);
    let (got, code) = diags(&site);
    let summary: Vec<(String, u64, u64, String)> = got
        .iter()
        .map(|g| (g.0.clone(), g.1, g.2, g.3.clone()))
        .collect();
    let s = |f: &str, l, c, code: &str| (format!("content/{f}"), l, c, code.to_string());
    assert_eq!(
        summary,
        vec![
            s("services/Bad_Name.toml", 1, 1, "invalid-value"),
            s("services/auth.toml", 10, 20, "toml"),
            s("services/cart-api.toml", 14, 1, "toml"),
            s("services/graph.toml", 1, 1, "invalid-value"),
            s("services/ledger.toml", 4, 8, "toml"),
            s("services/pricing.toml", 4, 8, "invalid-value"),
            s("services/reports.toml", 5, 13, "invalid-value"),
            s("services/search-api.toml", 11, 12, "invalid-value"),
            s("services/user-db.toml", 14, 10, "invalid-value"),
            s("teams/data.toml", 4, 9, "invalid-value"),
            s("teams/web.toml", 35, 13, "invalid-value"),
        ],
        "{got:#?}"
    );
    let message = |file: &str| {
        got.iter()
            .find(|g| g.0.ends_with(file))
            .map(|g| g.5.clone())
            .unwrap_or_default()
    };
    assert_eq!(
        message("Bad_Name.toml"),
        "`Bad_Name` is not a valid service id (the file name is the id)"
    );
    assert_eq!(
        message("graph.toml"),
        "`graph` is reserved for a generated page"
    );
    // The key is named alone; the hint names the nearest keys (not all 23).
    assert_eq!(message("cart-api.toml"), "unknown field `colour`");
    assert_eq!(
        message("ledger.toml"),
        "invalid type: string \"two\", expected i64"
    );
    assert_eq!(message("pricing.toml"), "tier 4 does not exist");
    assert_eq!(message("reports.toml"), "`live` is not a lifecycle stage");
    assert_eq!(
        message("search-api.toml"),
        "`2026-10-01T10:00:00` is not a plain date"
    );
    assert_eq!(
        message("user-db.toml"),
        "`sunset` is only for deprecated or retired services, and this one is production"
    );
    assert_eq!(
        message("data.toml"),
        "`mailto:data@acme.example` is not an e-mail address"
    );
    assert_eq!(
        message("web.toml"),
        "`America/New_Yrok` is not a known time zone"
    );
    assert_eq!(code, 1);
}

#[test]
fn problems_in_many_files_are_all_reported() {
    let site = catalog_site();
    for f in ["ledger", "pricing", "auth"] {
        edit(
            &site,
            &format!("content/services/{f}.toml"),
            "lifecycle = \"production\"",
            "lifecycle = [",
        );
    }
    let (got, _) = diags(&site);
    assert_eq!(got.iter().filter(|g| g.3 == "toml").count(), 3, "{got:#?}");
    // A broken file is not also reported as a missing dependency of others.
    assert!(got.iter().all(|g| g.3 == "toml"), "{got:#?}");
}
