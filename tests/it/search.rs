//! Search: the index and the search page as the build writes them, the size budget
//! and `[search]` settings. `browser` runs the real client in headless Chromium.

pub(crate) mod browser;
mod catalog;
mod first_query;
mod ranking;

use crate::support::{TestSite, at, attrs, broken_links, texts};

/// A small handbook with pages that exercise ranking, identifiers, CJK and escaping.
pub fn search_site() -> TestSite {
    let site = TestSite::new();
    site.write("content/_index.md", "+++\ntitle = \"Home\"\n+++\nWelcome to the handbook.\n")
        .write("content/guide/_index.md", "+++\ntitle = \"Guide\"\n+++\nThe guide.\n")
        .write(
            "content/guide/escalation-policies.md",
            "+++\ntitle = \"Escalation policies\"\ndescription = \"Who gets paged next.\"\n+++\n\
             An escalation policy says who is paged when the on-call engineer does not answer.\n\n\
             ## Levels\n\nLevel one pages the primary. Set `escalation_policy` in the team file.\n\n\
             ## Timeouts\n\nAfter fifteen minutes the secondary is paged.\n",
        )
        .write(
            "content/guide/deploying.md",
            "+++\ntitle = \"Deploying safely\"\n+++\nRoll out in stages, and watch the dashboards \
             for the error budget of each of the dependencies. Start an escalation if the error \
             rate climbs.\n\n## Checkout API\n\nThe checkout-api service takes payments.\n",
        )
        .write(
            "content/guide/oncall-zh.md",
            "+++\ntitle = \"值班手册\"\n+++\n每个服务都有一个负责人和值班轮换。\n",
        )
        .write(
            "content/guide/hostile.md",
            "+++\ntitle = \"<img src=x onerror=alert(1)> hostile title\"\n+++\n\
             Text that mentions <b>bold</b> markup, $& and .* on purpose.\n",
        );
    site
}

#[test]
fn search_page_index_and_header_box_are_built() {
    let site = search_site();
    site.build_ok();
    let page = site.html("search/index.html");
    assert_eq!(
        attrs(&page, "main [data-search] input[type=search]", "name"),
        ["q"]
    );
    assert_eq!(texts(&page, "main h1"), ["Search"]);
    assert!(
        attrs(&page, ".site-header input", "name").is_empty(),
        "the search page has one box, in the page"
    );
    let home = site.html("index.html");
    assert_eq!(
        attrs(&home, ".site-header [data-search] input", "name"),
        ["q"]
    );
    assert_eq!(
        attrs(&home, ".site-header [data-search] form", "action"),
        ["search/index.html"]
    );
    let script = attrs(&home, "script[data-engine]", "data-index");
    assert_eq!(script, ["search/"]);
    let deep = site.html("guide/escalation-policies/index.html");
    assert_eq!(
        attrs(&deep, "script[data-engine]", "data-index"),
        ["../../search/"]
    );
    let not_found = site.html("404.html");
    assert_eq!(
        attrs(
            &not_found,
            "main [data-search][data-from-path] input",
            "name"
        ),
        ["q"]
    );
    let manifest = site.read("search/index.js");
    assert!(
        manifest.starts_with("ownbookSearchData(\"m\",0,{"),
        "{manifest}"
    );
    assert!(
        broken_links(&site.out()).is_empty(),
        "{:?}",
        broken_links(&site.out())
    );
    // The index holds the page text, not its markup, and escapes nothing twice.
    let chunks: String = std::fs::read_dir(site.out().join("search/d"))
        .expect("chunks")
        .map(|e| std::fs::read_to_string(e.expect("entry").path()).expect("read"))
        .collect();
    assert!(
        chunks
            .contains("\"guide/escalation-policies/index.html\",\"Escalation policies\",\"Guide\"")
    );
    assert!(chunks.contains(",\"levels\",\"Levels\",\"Level one pages the primary."));
    assert!(chunks.contains("<img src=x onerror=alert(1)> hostile title"));
    assert!(!chunks.contains("<b>"), "markup is not indexed");
}

#[test]
fn an_index_over_budget_is_a_warning() {
    let site = search_site();
    site.write(
        "ownbook.toml",
        "title = \"T\"\norganization = \"Acme\"\n\n[search]\nsize_budget_kb = 1\n",
    );
    let (diags, code) = site.check_json();
    assert_eq!(code, 0, "{diags:?}");
    let warning = diags
        .iter()
        .find(|d| d["code"] == "search-index-size")
        .unwrap_or_else(|| panic!("no size warning: {diags:?}"));
    assert_eq!(warning["severity"], "warning");
    assert_eq!(warning["file"], "ownbook.toml");
    assert!(
        warning["message"]
            .as_str()
            .unwrap_or("")
            .contains("over the budget of 1 KB"),
        "{warning}"
    );
}

#[test]
fn bad_search_settings_name_line_and_column() {
    let site = search_site();
    site.write(
        "ownbook.toml",
        "title = \"T\"\n\n[search]\nsize_budget = 10\n",
    );
    let (diags, code) = site.check_json();
    assert_eq!(code, 1);
    assert_eq!(
        diags.iter().map(at).collect::<Vec<_>>(),
        [("ownbook.toml".to_string(), 4, 1, "toml".to_string())],
        "{diags:?}"
    );
    site.write(
        "ownbook.toml",
        "title = \"T\"\n[search]\nsize_budget_kb = 0\n",
    );
    let (diags, _) = site.check_json();
    assert_eq!(
        diags.iter().map(at).collect::<Vec<_>>(),
        [(
            "ownbook.toml".to_string(),
            3,
            1,
            "search-config".to_string()
        )],
        "{diags:?}"
    );
}

#[test]
fn search_can_be_turned_off() {
    let site = search_site();
    site.write(
        "ownbook.toml",
        "title = \"T\"\n\n[search]\nenabled = false\n",
    );
    site.build_ok();
    assert!(
        !site.out().join("search").exists(),
        "no index and no search page"
    );
    for page in [
        "index.html",
        "guide/escalation-policies/index.html",
        "404.html",
    ] {
        let doc = site.html(page);
        assert!(
            attrs(&doc, "[data-search] input", "name").is_empty(),
            "{page}"
        );
        assert!(
            attrs(&doc, "script[data-engine]", "src").is_empty(),
            "{page}"
        );
        assert!(
            attrs(&doc, "link[rel=stylesheet]", "href")
                .iter()
                .all(|h| !h.contains("search")),
            "{page}"
        );
    }
    assert!(
        broken_links(&site.out()).is_empty(),
        "{:?}",
        broken_links(&site.out())
    );
    // A mistyped switch is reported where it is, not read as "on".
    site.write(
        "ownbook.toml",
        "title = \"T\"\n\n[search]\nenabled = \"no\"\n",
    );
    let (diags, code) = site.check_json();
    assert_eq!(code, 1);
    assert_eq!(
        diags.iter().map(at).collect::<Vec<_>>(),
        [("ownbook.toml".to_string(), 4, 11, "toml".to_string())],
        "{diags:?}"
    );
}

#[test]
fn a_page_in_the_search_folder_is_an_error() {
    let site = search_site();
    site.write(
        "content/search.md",
        "+++\ntitle = \"Search tips\"\n+++\nText.\n",
    );
    let (diags, code) = site.check_json();
    assert_eq!(code, 1);
    assert!(
        diags.iter().any(|d| d["code"] == "search-path"
            && d["message"]
                .as_str()
                .unwrap_or("")
                .contains("search/index.html")),
        "{diags:?}"
    );
}
