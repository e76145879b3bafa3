//! `ownbook import mkdocs` and `ownbook import backstage`: fixture projects are
//! imported, the result is built, and the pages (parsed HTML) and catalog files
//! (parsed TOML, checked against the catalog schema) are what a user relies on.

use crate::support::*;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

fn fixture(name: &str) -> String {
    repo_root()
        .join("tests/fixtures/import")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// An empty folder to import into (no ownbook.toml yet).
fn empty_site() -> TestSite {
    TestSite {
        dir: tempfile::tempdir().expect("temp dir"),
    }
}

/// A handbook with a few guide pages and no catalog, for catalog imports.
fn site_with_pages() -> TestSite {
    let site = TestSite::new();
    site.write(
        "content/_index.md",
        "+++\ntitle = \"Home\"\n+++\nRead the [guide](guide/_index.md).\n",
    )
    .write(
        "content/guide/_index.md",
        "+++\ntitle = \"Guide\"\n+++\nHow we run services.\n",
    )
    .write(
        "content/guide/on-call.md",
        "+++\ntitle = \"On call\"\nweight = 1\n+++\n## Rotations\n\nEvery team has one.\n",
    );
    site
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "import failed:\n{}\n{}",
        stdout(&out),
        String::from_utf8_lossy(&out.stderr)
    );
    stdout(&out)
}

/// Every file under `dir` except the built site, with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && !e.path().starts_with(dir.join("public")))
        .map(|e| {
            (
                e.path().strip_prefix(dir).expect("prefix").to_path_buf(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect()
}

fn assert_no_errors(site: &TestSite) {
    let (diags, code) = site.check_json();
    let errors: Vec<_> = diags.iter().filter(|d| d["severity"] == "error").collect();
    assert!(errors.is_empty() && code == 0, "{errors:#?}");
}

fn front_matter(site: &TestSite, rel: &str) -> toml::Table {
    let text =
        std::fs::read_to_string(site.path().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let inner = text
        .strip_prefix("+++\n")
        .and_then(|t| t.split_once("+++\n"))
        .map(|(f, _)| f)
        .expect("front matter");
    inner.parse().expect("front matter is TOML")
}

fn has_line(report: &str, line: &str) {
    assert!(
        report.lines().any(|l| l.contains(line)),
        "no line containing {line:?} in:\n{report}"
    );
}

#[test]
fn mkdocs_ownership_guide_becomes_a_handbook_that_builds() {
    let site = empty_site();
    let report = ok(site.run(&["import", "mkdocs", &fixture("mkdocs-ops"), "--into", "."]));
    has_line(&report, "docs/old_notes.md -> content/old_notes.md");
    has_line(
        &report,
        "docs/index.md:9:53: attribute list `{: target=\"_blank\" }` removed",
    );
    has_line(
        &report,
        "docs/what_is_it.md:6:1: admonition type `postmortem` has no ownbook callout; shown as NOTE",
    );
    has_line(
        &report,
        "docs/lifecycle.md:23: link to `old-page.md` leads to no page or file",
    );
    has_line(
        &report,
        "docs/oncall.md:7: `#top-of-page` is no heading of docs/oncall.md",
    );
    has_line(
        &report,
        "mkdocs.yml:36:20: `!!python/name:material.extensions.emoji.twemoji` refers to Python code; ignored",
    );
    has_line(
        &report,
        "mkdocs.yml:48:21: nav link to `https://github.com/acme` has no place",
    );
    has_line(
        &report,
        "docs/functions.md:5: <img> attributes width=\"400\" dropped",
    );
    has_line(
        &report,
        "docs/oncall.md:10: <a> attributes target=\"_blank\" dropped",
    );
    has_line(
        &report,
        "docs/index.md:13: link `/oncall/` inside raw HTML was pointed at the new page",
    );

    let config: toml::Table = std::fs::read_to_string(site.path().join("ownbook.toml"))
        .expect("config")
        .parse()
        .expect("toml");
    assert_eq!(config["title"].as_str(), Some("Acme Ownership Guide"));
    assert_eq!(
        config["base_url"].as_str(),
        Some("https://ownership.acme.example/")
    );
    assert_eq!(
        config["edit_url"].as_str(),
        Some("https://github.com/acme/ownership-guide/edit/main/{path}")
    );
    assert_eq!(
        config["footer"].as_str(),
        Some("Copyright © 2024 Acme Inc.")
    );
    assert_eq!(config["logo"].as_str(), Some("images/logo.png"));
    assert_eq!(config["accent_color"].as_str(), Some("#4051b5"));
    let fm = front_matter(&site, "content/full-service-ownership/functions.md");
    assert_eq!(fm["title"].as_str(), Some("Ownership Functions"));
    assert_eq!(fm["weight"].as_integer(), Some(20));
    assert_eq!(fm["aliases"].as_array().map(|a| a.len()), Some(1));

    assert_no_errors(&site);
    site.build_ok();
    let home = site.html("index.html");
    assert_eq!(
        texts(&home, "nav.sidebar .nav-tree > li > a"),
        vec![
            "Home",
            "Getting Started",
            "Full-Service Ownership",
            "Running Services",
            "Old notes"
        ]
    );
    assert_eq!(
        attrs(&home, ".content a:not(.anchor)", "href"),
        vec![
            "getting-started/index.html",
            "full-service-ownership/functions/index.html#runbooks",
            "running-services/lifecycle/index.html",
            "https://github.com/acme/ownership-guide",
            "getting-started/index.html",
            "running-services/oncall/index.html",
            "https://status.acme.example"
        ]
    );
    assert_eq!(attrs(&home, ".content img", "src"), vec!["images/logo.png"]);
    assert!(
        !site.read("index.html").contains("{:"),
        "attribute lists are gone"
    );

    let start = site.html("getting-started/index.html");
    assert_eq!(
        texts(&start, ".content > div.callout > .callout-title"),
        vec!["Tip", "Note"]
    );
    assert_eq!(
        texts(&start, ".callout-tip > p > strong"),
        vec!["Start here"]
    );
    assert_eq!(
        texts(&start, "details:not([open]) > summary"),
        vec!["Why should developers be on call?"]
    );
    assert_eq!(
        texts(&start, "details[open].callout-warning > summary"),
        vec!["Before your first shift"]
    );
    assert_eq!(
        texts(&start, "details[open] .callout-caution > p > strong"),
        vec!["Never"]
    );
    assert_eq!(
        texts(&start, "ol li .callout-note > p > strong"),
        vec!["Info"]
    );
    assert_eq!(
        attrs(&start, ".content a:not(.anchor)", "href"),
        vec![
            "../full-service-ownership/what-is-it/index.html",
            "../full-service-ownership/functions/index.html#monitoring"
        ]
    );
    let what = site.html("full-service-ownership/what-is-it/index.html");
    assert_eq!(texts(&what, "main h1"), vec!["What Is It?"]);
    assert_eq!(attrs(&what, "h2", "id"), vec!["who-owns"]);
    let lifecycle = site.html("running-services/lifecycle/index.html");
    assert_eq!(
        attrs(&lifecycle, ".content a:not(.anchor)", "href"),
        vec!["../../full-service-ownership/functions/index.html#on-call-rotations"]
    );
    assert!(texts(&lifecycle, ".content code").contains(&"{{ config.site_name }}".to_string()));
    let functions = site.html("full-service-ownership/functions/index.html");
    assert_eq!(
        attrs(&functions, ".content img", "src"),
        vec!["../../images/diagram.svg"]
    );
    assert_eq!(
        attrs(&functions, ".content img", "alt"),
        vec!["How the functions fit together"]
    );
    let oncall = site.html("running-services/oncall/index.html");
    assert_eq!(
        attrs(&oncall, ".content a:not(.anchor)", "href"),
        vec![
            "index.html",
            "../lifecycle/index.html#retirement",
            "../../full-service-ownership/functions/index.html#runbooks"
        ]
    );
    assert!(
        site.out().join("getting_started/index.html").is_file(),
        "the old MkDocs URL redirects"
    );
    let broken = broken_links(&site.out());
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn mkdocs_nested_nav_sections_become_folders_with_index_pages() {
    let site = empty_site();
    let report = ok(site.run(&["import", "mkdocs", &fixture("mkdocs-nested"), "--into", "."]));
    has_line(&report, "src/drafts/ideas.md -> content/drafts/ideas.md");
    has_line(
        &report,
        "mkdocs.yml:12:16: `!!python/name:pymdownx.slugs.uslugify` refers to Python code; ignored",
    );
    has_line(
        &report,
        "mkdocs.yml:5:1: theme `readthedocs` is replaced by ownbook's theme",
    );
    has_line(
        &report,
        "mkdocs.yml:28:21: nav entry `reference/gone.md` names no Markdown file",
    );
    has_line(
        &report,
        "src/ops/index.md:5:1: content tab `Kubernetes` shown as a bold line",
    );
    for rel in [
        "content/drafts/_index.md",
        "content/ops/_index.md",
        "content/ops/incidents/_index.md",
        "content/services-guide/rules.md",
        "content/reference/_index.md",
    ] {
        assert!(site.path().join(rel).is_file(), "{rel}");
    }
    let deploy = front_matter(&site, "content/ops/deploy.md");
    assert_eq!(deploy["title"].as_str(), Some("Deploying"));
    assert_eq!(
        deploy["description"].as_str(),
        Some("Small, reversible changes.")
    );
    assert_eq!(deploy["weight"].as_integer(), Some(10));
    let severity = front_matter(&site, "content/ops/incidents/severity.md");
    assert_eq!(severity["toc"].as_bool(), Some(false));
    assert_eq!(
        severity["aliases"].as_array().and_then(|a| a[0].as_str()),
        Some("ops/incidents/severity.html")
    );
    assert_eq!(
        front_matter(&site, "content/reference/_index.md")["weight"].as_integer(),
        Some(40)
    );

    assert_no_errors(&site);
    site.build_ok();
    let home = site.html("index.html");
    assert_eq!(
        texts(&home, "main h1"),
        vec!["Welcome to the platform handbook"]
    );
    assert_eq!(
        attrs(&home, ".content a:not(.anchor)", "href"),
        vec![
            "ops/deploy/index.html",
            "ops/incidents/index.html",
            "ops/incidents/severity/index.html",
            "reference/faq/index.html"
        ]
    );
    assert_eq!(attrs(&home, ".content img", "src"), vec!["img/arch.png"]);
    let deploy = site.html("ops/deploy/index.html");
    assert_eq!(
        attrs(&deploy, ".content a:not(.anchor)", "href"),
        vec![
            "../../services-guide/rules/index.html#rule-1-one-owner",
            "#max-retries-setting"
        ]
    );
    assert_eq!(
        texts(&deploy, ".callout-warning .callout-title"),
        vec!["Warning"]
    );
    let incidents = site.html("ops/incidents/index.html");
    assert_eq!(
        texts(&incidents, "details.callout-note > summary"),
        vec!["Who declares an incident?"]
    );
    assert_eq!(
        texts(&incidents, ".callout-important > p > strong"),
        vec!["Page first"]
    );
    assert!(
        site.out().join("ops/incidents/severity.html").is_file(),
        "old .html URL redirects"
    );
    let broken = broken_links(&site.out());
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn mkdocs_without_a_nav_keeps_the_folder_tree() {
    let site = empty_site();
    ok(site.run(&[
        "import",
        "mkdocs",
        &fixture("mkdocs-nonav/mkdocs.yml"),
        "--into",
        ".",
    ]));
    assert_eq!(
        front_matter(&site, "content/beta/_index.md")["title"].as_str(),
        Some("Beta")
    );
    assert_eq!(
        front_matter(&site, "content/alpha.md")["weight"].as_integer(),
        Some(10)
    );
    assert_no_errors(&site);
    site.build_ok();
    let beta = site.html("beta/one/index.html");
    assert_eq!(
        attrs(&beta, ".content a:not(.anchor)", "href"),
        vec!["../index.html"]
    );
}

#[test]
fn imports_twice_give_identical_files_and_never_overwrite_without_force() {
    let site = empty_site();
    let ops = fixture("mkdocs-ops");
    ok(site.run(&["import", "mkdocs", &ops, "--into", "."]));
    let first = snapshot(site.path());
    let again = ok(site.run(&["import", "mkdocs", &ops, "--into", "."]));
    assert!(
        again.contains(": 0 files written, 13 unchanged."),
        "{again}"
    );
    assert_eq!(
        snapshot(site.path()),
        first,
        "a second import changes no byte"
    );

    site.write("content/getting_started.md", "my own edits\n");
    site.remove("content/old_notes.md");
    let refused = site.run(&["import", "mkdocs", &ops, "--into", "."]);
    assert_eq!(refused.status.code(), Some(2));
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains("content/getting_started.md") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(site.path().join("content/getting_started.md"))
            .ok()
            .as_deref(),
        Some("my own edits\n")
    );
    assert!(
        !site.path().join("content/old_notes.md").exists(),
        "a refused import writes nothing"
    );
    ok(site.run(&["import", "mkdocs", &ops, "--into", ".", "--force"]));
    assert_eq!(snapshot(site.path()), first);

    let catalog = site_with_pages();
    let all = fixture("backstage-example/all.yaml");
    ok(catalog.run(&["import", "backstage", &all]));
    let first = snapshot(catalog.path());
    ok(catalog.run(&["import", "backstage", &all]));
    assert_eq!(snapshot(catalog.path()), first);
    catalog.write("content/teams/team-a.toml", "name = \"Ours\"\n");
    assert_eq!(
        catalog.run(&["import", "backstage", &all]).status.code(),
        Some(2)
    );
    assert_eq!(
        std::fs::read_to_string(catalog.path().join("content/teams/team-a.toml"))
            .ok()
            .as_deref(),
        Some("name = \"Ours\"\n")
    );
    ok(catalog.run(&["import", "backstage", &all, "--force"]));
    assert_eq!(snapshot(catalog.path()), first);
}

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

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct Dep {
    service: String,
    note: Option<String>,
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
                services.contains_key(&d.service),
                "{id}: depends on {}",
                d.service
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
        .map(|d| (d.service.as_str(), d.note.as_deref()))
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
    let order_deps: Vec<&str> = order
        .depends_on
        .iter()
        .map(|d| d.service.as_str())
        .collect();
    assert_eq!(
        order_deps,
        vec!["queue-proxy", "playback-sdk"],
        "dependencyOf is turned around"
    );
    assert_eq!(services["artists-db"].kind.as_deref(), Some("datastore"));
    assert_eq!(services["wayback-archive"].lifecycle, None);
    assert_eq!(
        services["wayback-archive"]
            .depends_on
            .iter()
            .map(|d| d.service.as_str())
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
    let deps: Vec<&str> = billing
        .depends_on
        .iter()
        .map(|d| d.service.as_str())
        .collect();
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
}

#[test]
fn mkdocs_import_of_a_folder_without_mkdocs_yml_says_what_to_pass() {
    let site = empty_site();
    let out = site.run(&["import", "mkdocs", "nowhere"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("error[mkdocs]: no mkdocs.yml in nowhere")
            && err.contains("hint: pass the folder that holds mkdocs.yml"),
        "{err}"
    );
    assert_eq!(snapshot(site.path()).len(), 0);
}
