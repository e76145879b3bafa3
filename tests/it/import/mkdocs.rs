//! MkDocs projects: nav, admonitions, attribute lists, links, assets.

use super::*;
use crate::support::*;

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

    // The Markdown keeps GitHub's callout syntax, with the type, title and fold.
    let start_md = std::fs::read_to_string(site.path().join("content/getting_started.md"))
        .expect("getting_started.md");
    for line in [
        "> [!TIP] Start here",
        "> [!NOTE]",
        "> [!QUESTION]- Why should developers be on call?",
        "> [!WARNING]+ Before your first shift",
        "> > [!DANGER] Never",
        "    > [!INFO]",
    ] {
        assert!(
            start_md.lines().any(|l| l == line),
            "{line:?} in:\n{start_md}"
        );
    }
    // A link inside raw HTML is pointed at the new page as Markdown links are.
    let home_md = std::fs::read_to_string(site.path().join("content/_index.md")).expect("index");
    let raw = home_md
        .lines()
        .find(|l| l.starts_with("<div class=\"grid cards\">"))
        .expect("raw HTML line");
    assert_eq!(
        crate::support::html_hrefs(raw),
        vec!["running-services/oncall.md", "https://status.acme.example"]
    );

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
    // Each admonition keeps its type and title; `???` folds closed, `???+` open.
    assert_eq!(
        texts(&start, ".content > div.callout > .callout-title"),
        vec!["Tip: Start here", "Note"]
    );
    assert_eq!(
        texts(&start, "details.callout-question:not([open]) > summary"),
        vec!["Question: Why should developers be on call?"]
    );
    assert_eq!(
        texts(&start, "details[open].callout-warning > summary"),
        vec!["Warning: Before your first shift"]
    );
    assert_eq!(
        texts(&start, "details[open] .callout-danger > .callout-title"),
        vec!["Danger: Never"]
    );
    assert_eq!(
        texts(&start, "ol li .callout-info > .callout-title"),
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
        texts(&incidents, "details.callout-note:not([open]) > summary"),
        vec!["Note: Who declares an incident?"]
    );
    assert_eq!(
        texts(&incidents, ".callout-important > .callout-title"),
        vec!["Important: Page first"]
    );
    // `=== "Tab"` blocks become one set of tabs, a heading per tab.
    let ops = site.html("ops/index.html");
    assert_eq!(
        texts(&ops, ".tabs [role=tab]"),
        vec!["Kubernetes", "Virtual machines"]
    );
    assert_eq!(
        attrs(&ops, ".tabs > .tab-panel > h2", "id"),
        vec!["kubernetes", "virtual-machines"]
    );
    assert_eq!(texts(&ops, ".tab-panel code").len(), 1);
    assert!(
        !report.contains("content tab"),
        "tabs are converted, not noted"
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
