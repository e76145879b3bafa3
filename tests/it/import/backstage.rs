//! Backstage catalogs: entities to services and teams, checked against the schema.

use super::*;
use crate::support::*;
use serde::Deserialize;
use std::collections::BTreeMap;

// The catalog schema, strictly: an imported file with a key the schema lacks fails.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Service {
    name: String,
    description: String,
    owner: String,
    tier: u8,
    lifecycle: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    system: Option<String>,
    repository: Option<String>,
    runbook: Option<String>,
    chat: Option<String>,
    #[serde(default)]
    depends_on: Vec<Dep>,
    #[serde(default)]
    dashboards: Vec<NamedUrl>,
    #[serde(default)]
    links: Vec<NamedUrl>,
}

// A `depends_on` entry in either form the schema allows: `"id"` or a table.
#[derive(Deserialize, Debug)]
#[serde(untagged)]
enum Dep {
    Id(String),
    Table(DepTable),
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct DepTable {
    service: String,
    #[serde(default)]
    critical: bool,
    note: Option<String>,
}

impl Dep {
    fn service(&self) -> &str {
        match self {
            Dep::Id(id) => id,
            Dep::Table(t) => &t.service,
        }
    }

    fn note(&self) -> Option<&str> {
        match self {
            Dep::Id(_) => None,
            Dep::Table(t) => t.note.as_deref(),
        }
    }
}

#[derive(Deserialize, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
struct NamedUrl {
    name: String,
    url: String,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Team {
    name: String,
    description: Option<String>,
    chat: Option<String>,
    email: Option<String>,
    #[serde(default)]
    members: Vec<Member>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Member {
    id: String,
    name: String,
    role: String,
    email: Option<String>,
}

fn catalog<T: for<'de> Deserialize<'de>>(site: &TestSite, folder: &str) -> BTreeMap<String, T> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(site.path().join("content").join(folder))
        .expect("folder")
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(id) = name.strip_suffix(".toml") {
            let text = std::fs::read_to_string(entry.path()).expect("read");
            let value: T = toml::from_str(&text).unwrap_or_else(|e| panic!("{folder}/{name}: {e}"));
            assert!(
                id.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{id}"
            );
            out.insert(id.to_string(), value);
        }
    }
    out
}

#[test]
fn backstage_example_catalog_becomes_services_and_teams() {
    let site = site_with_pages();
    let report = ok(site.run(&[
        "import",
        "backstage",
        &fixture("backstage-example/all.yaml"),
    ]));
    has_line(
        &report,
        "components/artist.yaml:19:5: `pagerduty.com/integration-key` not copied",
    );
    has_line(
        &report,
        "org.yaml:89:9: user `guest` belongs to no group; not imported",
    );
    has_line(
        &report,
        "apis.yaml:57:9: API `wayback-search` is provided by no imported component",
    );
    has_line(
        &report,
        "all.yaml:5:9: location target `https://github.com/example-org/more/blob/main/catalog-info.yaml` is remote",
    );
    has_line(
        &report,
        "components/playback.yaml:58:9: lifecycle `sunset` has no ownbook equivalent",
    );
    has_line(
        &report,
        "components/playback.yaml:34:9: owner `team-c` is not among the imported groups",
    );

    let services: BTreeMap<String, Service> = catalog(&site, "services");
    let teams: BTreeMap<String, Team> = catalog(&site, "teams");
    assert_eq!(
        services.keys().collect::<Vec<_>>(),
        vec![
            "artist-lookup",
            "artist-web",
            "artists-db",
            "playback-order",
            "playback-sdk",
            "podcast-api",
            "podcast-bucket",
            "queue-proxy",
            "wayback-archive"
        ]
    );
    assert_eq!(
        teams.keys().collect::<Vec<_>>(),
        vec!["acme-corp", "backstage", "team-a", "team-b", "team-c"]
    );
    for (id, s) in &services {
        assert!(
            teams.contains_key(&s.owner),
            "{id}: owner {} is a team",
            s.owner
        );
        for d in &s.depends_on {
            assert!(
                services.contains_key(d.service()),
                "{id}: depends on {}",
                d.service()
            );
        }
    }
    let web = &services["artist-web"];
    assert_eq!(
        (web.name.as_str(), web.owner.as_str(), web.tier),
        ("Artist Web", "team-a", 3)
    );
    assert_eq!(
        (web.lifecycle.as_deref(), web.kind.as_deref()),
        (Some("production"), Some("website"))
    );
    assert_eq!(web.tags, vec!["java", "website"]);
    assert_eq!(web.system.as_deref(), Some("artist-engagement-portal"));
    assert_eq!(
        web.repository.as_deref(),
        Some("https://github.com/example-org/artist-web")
    );
    assert_eq!(
        web.runbook.as_deref(),
        Some("https://wiki.example.com/runbooks/artist-web")
    );
    assert_eq!(
        web.dashboards,
        vec![NamedUrl {
            name: "Artist Web dashboard".into(),
            url: "https://grafana.example.com/d/artist-web".into()
        }]
    );
    assert!(web.links.contains(&NamedUrl {
        name: "PagerDuty service".into(),
        url: "https://app.pagerduty.com/service-directory/PABC123".into()
    }));
    let deps: Vec<(&str, Option<&str>)> = web
        .depends_on
        .iter()
        .map(|d| (d.service(), d.note()))
        .collect();
    assert_eq!(
        deps,
        vec![
            ("artists-db", None),
            ("artist-lookup", Some("Uses the spotify API"))
        ]
    );

    let lookup = &services["artist-lookup"];
    assert_eq!(
        (lookup.lifecycle.as_deref(), lookup.tier),
        (Some("pre-production"), 2)
    );
    let prose = std::fs::read_to_string(site.path().join("content/services/artist-lookup.md"))
        .expect("API page");
    assert!(
        prose.contains("### Spotify Web API") && prose.contains("```yaml\nopenapi: \"3.0.0\""),
        "{prose}"
    );
    let proxy = std::fs::read_to_string(site.path().join("content/services/queue-proxy.md"))
        .expect("API page");
    assert!(
        proxy.contains("asyncapi: 2.0.0"),
        "the $text definition file is embedded: {proxy}"
    );
    let order = &services["playback-order"];
    assert_eq!(
        (order.owner.as_str(), order.tier),
        ("team-a", 1),
        "a user owner becomes the user's team"
    );
    assert_eq!(
        order.runbook.as_deref(),
        Some("https://wiki.example.com/runbooks/playback-order")
    );
    let order_deps: Vec<&str> = order.depends_on.iter().map(|d| d.service()).collect();
    assert_eq!(
        order_deps,
        vec!["queue-proxy", "playback-sdk"],
        "dependencyOf is turned around"
    );
    assert_eq!(services["artists-db"].kind.as_deref(), Some("datastore"));
    // Backstage resources have no lifecycle; ownbook needs one, so it is written (and noted).
    assert_eq!(
        services["wayback-archive"].lifecycle.as_deref(),
        Some("production")
    );
    assert_eq!(
        services["wayback-archive"]
            .depends_on
            .iter()
            .map(|d| d.service())
            .collect::<Vec<_>>(),
        vec!["podcast-bucket"]
    );

    let a = &teams["team-a"];
    assert_eq!(
        (a.name.as_str(), a.email.as_deref(), a.chat.as_deref()),
        (
            "Team A",
            Some("team-a@example.com"),
            Some("https://slack.example.com/channels/team-a")
        )
    );
    let members: Vec<(&str, &str)> = a
        .members
        .iter()
        .map(|m| (m.id.as_str(), m.name.as_str()))
        .collect();
    assert_eq!(
        members,
        vec![
            ("breanna-davison", "Breanna Davison"),
            ("janelle-dawe", "Janelle Dawe")
        ]
    );
    let b: Vec<&str> = teams["team-b"]
        .members
        .iter()
        .map(|m| m.id.as_str())
        .collect();
    assert_eq!(b, vec!["nigel-manning", "frank-tiernan"]);
    assert!(
        snapshot(site.path())
            .values()
            .all(|bytes| !String::from_utf8_lossy(bytes).contains("0123456789abcdef")),
        "the PagerDuty integration key is never written"
    );

    assert_no_errors(&site);
    site.build_ok();
    assert_eq!(
        texts(&site.html("guide/on-call/index.html"), "main h1"),
        vec!["On call"]
    );
}

#[test]
fn backstage_folders_skip_yaml_that_is_not_a_catalog() {
    let site = site_with_pages();
    site.write("content/teams/platform.toml", "name = \"Platform\"\n")
        .write(
            "content/services/checkout-api.toml",
            "name = \"Checkout API\"\ndescription = \"x\"\nowner = \"platform\"\ntier = 1\n",
        );
    let dir = fixture("backstage-edge/catalog");
    let report = ok(site.run(&["import", "backstage", &dir]));
    has_line(&report, "helm/deployment.yaml:5:13: not valid YAML");
    has_line(
        &report,
        "ci/pipeline.yml: no Backstage entities in this file; skipped",
    );
    has_line(
        &report,
        "catalog-info.yaml:34:9: component `orphan-job` has no `spec.owner`",
    );
    has_line(
        &report,
        "catalog-info.yaml:43:9: resource `legacy-db` is already defined at",
    );
    has_line(
        &report,
        "catalog-info.yaml:52:9: kind `template` is not converted",
    );
    has_line(
        &report,
        "catalog-info.yaml:13:7: link `slack://channel?id=C123` is not an http(s) or mailto URL",
    );
    assert!(
        !report.contains(".github"),
        "hidden folders are not searched"
    );
    let services: BTreeMap<String, Service> = catalog(&site, "services");
    assert_eq!(
        services.keys().collect::<Vec<_>>(),
        vec!["checkout-api", "legacy-db", "ops-billing-service"]
    );
    let billing = &services["ops-billing-service"];
    assert_eq!((billing.owner.as_str(), billing.tier), ("platform", 1));
    assert_eq!(
        billing.runbook.as_deref(),
        Some("https://runbooks.example.com/billing")
    );
    let deps: Vec<&str> = billing.depends_on.iter().map(|d| d.service()).collect();
    assert_eq!(
        deps,
        vec!["legacy-db", "checkout-api"],
        "refs to the handbook's own services are kept"
    );
    assert_eq!(
        catalog::<Team>(&site, "teams").len(),
        1,
        "no stub for a team the handbook has"
    );

    // A broken file named on the command line is an error, and nothing is written.
    let fresh = site_with_pages();
    let out = fresh.run(&[
        "import",
        "backstage",
        &format!("{dir}/helm/deployment.yaml"),
        &format!("{dir}/catalog-info.yaml"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("deployment.yaml:5:13") && err.contains("invalid YAML"),
        "{err}"
    );
    assert!(!fresh.path().join("content/services").exists());
    let out = fresh.run(&[
        "import",
        "backstage",
        &dir,
        "--pagerduty-url",
        "javascript:alert(1)",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not an http(s) address"));
}
