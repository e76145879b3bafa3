//! `ownbook check` compares the catalog's `paths` with the repository's CODEOWNERS:
//! each difference once, at the `paths` entry, with the CODEOWNERS line that decides
//! it as `file:line:col` in the message.

use super::*;

/// A file with a later line that takes the shop's code from its team, a line that
/// covers the shop's client library with another owner, nothing for the warehouse,
/// and a `!` line GitHub does not read.
const DRIFTING: &str = "\
# Services
/services/shop/ @acme/checkout
/libs/shop-client/ @acme/payments
/services/gateway/** @acme/platform
/services/shop/** @acme/old-shop
!/services/gateway/ @acme/nobody
";

#[test]
fn drift_names_the_catalog_entry_and_the_codeowners_line_that_decides_it() {
    let repo = repository();
    repo.write(".github/CODEOWNERS", DRIFTING);
    let shop = position(&repo, "content/services/shop.toml", "\"services/shop/**\"");
    let lib = position(&repo, "content/services/shop.toml", "\"libs/shop-client/\"");
    let house = position(
        &repo,
        "content/services/warehouse.toml",
        "\"services/warehouse/\"",
    );
    let file = "../.github/CODEOWNERS";
    let expected = vec![
        (
            file.to_string(),
            6,
            1,
            "`!` negation is not supported in CODEOWNERS; this line is skipped".to_string(),
        ),
        (
            "content/services/shop.toml".into(),
            shop.0,
            shop.1,
            format!(
                "`services/shop/**` is owned by @acme/old-shop in {file}:5:1, but the catalog gives it to team `checkout` (@acme/checkout)"
            ),
        ),
        (
            "content/services/shop.toml".into(),
            lib.0,
            lib.1,
            format!(
                "`libs/shop-client/` is owned by @acme/payments in {file}:3:1, but the catalog gives it to team `checkout` (@acme/checkout)"
            ),
        ),
        (
            "content/services/warehouse.toml".into(),
            house.0,
            house.1,
            format!(
                "`services/warehouse/` has no owner in {file}: no line covers it, but the catalog gives it to team `platform` (@acme/platform)"
            ),
        ),
    ];
    assert_eq!(drift(&repo), expected);
    assert_eq!(drift(&repo), expected, "the same report every time");
}

#[test]
fn gitlab_sections_each_decide_and_every_deciding_line_is_named() {
    let repo = repository();
    repo.write(
        "CODEOWNERS",
        "[Shop] @acme/checkout\n/services/shop/\n/libs/shop-client/\n\n^[Platform][2] @acme/platform\n/services/gateway/\n/services/warehouse/\n\n[Security] @acme/security\n/services/shop/\n",
    );
    let shop = position(&repo, "content/services/shop.toml", "\"services/shop/**\"");
    assert_eq!(
        drift(&repo),
        vec![(
            "content/services/shop.toml".to_string(),
            shop.0,
            shop.1,
            "`services/shop/**` is owned by @acme/checkout @acme/security in ../CODEOWNERS:2:1 (section [Shop]) and ../CODEOWNERS:10:1 (section [Security]), but the catalog gives it to team `checkout` (@acme/checkout)".to_string(),
        )]
    );
}

#[test]
fn a_codeowners_file_that_agrees_with_the_catalog_gives_no_drift() {
    let repo = repository();
    repo.write(
        "docs/CODEOWNERS",
        "* @acme/everyone\n/services/ @acme/platform\n/services/shop/ @ACME/Checkout\n/libs/shop-client/ someone@example.com\n/libs/ @acme/checkout\n",
    );
    assert_eq!(drift(&repo), vec![]);
    // Without a CODEOWNERS file in the usual places there is nothing to compare.
    std::fs::remove_file(repo.path().join("docs/CODEOWNERS")).expect("rm");
    assert_eq!(drift(&repo), vec![]);
}

#[test]
fn the_configured_file_is_read_and_a_missing_one_is_reported_in_ownbook_toml() {
    let repo = repository();
    repo.write(".github/CODEOWNERS", DRIFTING);
    let config = "title = \"Test Handbook\"\norganization = \"Acme\"\n\n[codeowners]\nfile = \"owners/CODEOWNERS\"\n";
    repo.write("handbook/ownbook.toml", config);
    let found = drift(&repo);
    assert_eq!(
        found,
        vec![(
            "ownbook.toml".to_string(),
            5,
            8,
            format!(
                "the CODEOWNERS file `owners/CODEOWNERS` does not exist in the repository ({})",
                repo.path().canonicalize().expect("canonical").display()
            )
        )]
    );
    repo.write(
        "owners/CODEOWNERS",
        "/services/ @acme/platform\n/services/shop/ @acme/checkout\n/libs/shop-client/ @acme/checkout\n",
    );
    assert_eq!(drift(&repo), vec![]);
    // `off` silences the rule.
    repo.write(
        "handbook/ownbook.toml",
        &format!("{config}\n[rules]\nownership-drift = \"off\"\n"),
    );
    repo.write("owners/CODEOWNERS", DRIFTING);
    assert_eq!(drift(&repo), vec![]);
}

#[test]
fn bad_paths_and_code_owners_are_errors_at_their_values() {
    let repo = repository();
    team(&repo, "data", Some("acme/data"));
    service(&repo, "reports", "data", "[\"services/../etc/\", \"!x\"]");
    let out = run(&repo, &["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let list: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json");
    let errors: Vec<(String, u64, u64, String)> = list
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(at)
        .collect();
    let owner = position(&repo, "content/teams/data.toml", "\"acme/data\"");
    let up = position(
        &repo,
        "content/services/reports.toml",
        "\"services/../etc/\"",
    );
    let bang = position(&repo, "content/services/reports.toml", "\"!x\"");
    assert_eq!(
        errors,
        vec![
            (
                "content/services/reports.toml".to_string(),
                up.0,
                up.1,
                "invalid-value".to_string()
            ),
            (
                "content/services/reports.toml".to_string(),
                bang.0,
                bang.1,
                "invalid-value".to_string()
            ),
            (
                "content/teams/data.toml".to_string(),
                owner.0,
                owner.1,
                "invalid-value".to_string()
            ),
        ]
    );
}

/// A TOML file of the repository as JSON, for a JSON Schema validator.
fn toml_json(repo: &TestSite, rel: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(repo.path().join(rel)).expect("read");
    let value: toml::Value = toml::from_str(&text).expect("toml");
    serde_json::to_value(value).expect("json")
}

#[test]
fn paths_code_owner_and_the_codeowners_table_are_in_the_published_schemas() {
    let repo = repository();
    let config = "title = \"T\"\n\n[codeowners]\nfile = \"owners/CODEOWNERS\"\n";
    repo.write("handbook/ownbook.toml", config);
    let out = repo.run(&["schema", "--out", "schemas"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let validator = |name: &str| {
        let text = std::fs::read_to_string(repo.path().join("schemas").join(name)).expect("schema");
        let schema: serde_json::Value = serde_json::from_str(&text).expect("json");
        jsonschema::draft7::new(&schema).expect("draft-07 schema")
    };
    let (service_schema, team_schema, ownbook_schema) = (
        validator("service.schema.json"),
        validator("team.schema.json"),
        validator("ownbook.schema.json"),
    );
    assert!(service_schema.is_valid(&toml_json(&repo, "handbook/content/services/shop.toml")));
    assert!(team_schema.is_valid(&toml_json(&repo, "handbook/content/teams/checkout.toml")));
    assert!(ownbook_schema.is_valid(&toml_json(&repo, "handbook/ownbook.toml")));
    // What the loader refuses, the schemas refuse too.
    service(&repo, "shop", "checkout", "\"services/shop/**\"");
    assert!(!service_schema.is_valid(&toml_json(&repo, "handbook/content/services/shop.toml")));
    repo.write(
        "handbook/ownbook.toml",
        "[codeowners]\nfiles = \"CODEOWNERS\"\n",
    );
    assert!(!ownbook_schema.is_valid(&toml_json(&repo, "handbook/ownbook.toml")));
}
