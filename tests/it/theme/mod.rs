//! The default theme around the pages: the favicon, alias redirects that keep the
//! fragment, the 404 page at any depth, the table of contents as a column on wide
//! screens and badge contrast. `browser` checks the same in headless Chromium.

mod browser;
mod gallery;
mod print;
mod reader;

use crate::support::{TestSite, attrs};

/// A small handbook with a section, a long page with headings and an alias.
pub fn theme_site() -> TestSite {
    let site = TestSite::new();
    let mut long = String::from(
        "+++\ntitle = \"Incident review\"\naliases = [\"old/review/\"]\n+++\nHow we review incidents.\n",
    );
    for h in ["Before", "During", "After", "Follow-up", "Sharing"] {
        long.push_str(&format!("\n## {h}\n\n"));
        for _ in 0..12 {
            long.push_str(
                "A paragraph long enough to scroll past. It says what to do and why.\n\n",
            );
        }
    }
    site.write(
        "content/_index.md",
        "+++\ntitle = \"Home\"\n+++\nWelcome.\n",
    )
    .write(
        "content/guide/_index.md",
        "+++\ntitle = \"Guide\"\n+++\nThe guide.\n",
    )
    .write("content/guide/review.md", &long);
    site
}

#[test]
fn every_page_links_the_default_favicon_and_the_file_is_built() {
    let site = theme_site();
    site.build_ok();
    for page in ["index.html", "guide/review/index.html", "404.html"] {
        let doc = site.html(page);
        let hrefs = attrs(&doc, "head link[rel=icon]", "href");
        assert_eq!(hrefs.len(), 1, "{page} links one icon");
        let dir = std::path::Path::new(page)
            .parent()
            .unwrap_or(std::path::Path::new(""));
        let file = site.out().join(dir).join(&hrefs[0]);
        let svg = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{page}: {e}"));
        let icon = scraper::Html::parse_fragment(&svg);
        assert_eq!(
            attrs(&icon, "svg", "viewBox"),
            ["0 0 32 32"],
            "{page}: the icon is an SVG"
        );
    }
}

#[test]
fn a_sites_own_static_favicon_replaces_the_themes() {
    let site = theme_site();
    let own =
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"><title>ours</title></svg>";
    site.write("static/favicon.svg", own);
    site.build_ok();
    let doc = site.html("guide/review/index.html");
    assert_eq!(
        attrs(&doc, "head link[rel=icon]", "href"),
        ["../../favicon.svg"]
    );
    assert_eq!(site.read("favicon.svg"), own);
}

#[test]
fn an_alias_page_redirects_by_script_and_by_meta_refresh() {
    let site = theme_site();
    site.build_ok();
    let doc = site.html("old/review/index.html");
    let refresh = attrs(&doc, "head meta[http-equiv=refresh]", "content");
    assert_eq!(
        refresh,
        ["0; url=../../guide/review/index.html"],
        "the fallback stays"
    );
    assert_eq!(
        crate::support::texts(&doc, "head script").len(),
        1,
        "a script carries the fragment"
    );
    assert_eq!(attrs(&doc, "head link[rel=icon]", "href").len(), 1);
}

#[test]
fn the_404_page_links_from_its_base_and_lists_the_sites_folders() {
    let site = theme_site();
    site.build_ok();
    let doc = site.html("404.html");
    assert_eq!(attrs(&doc, "head base", "href"), ["/"]);
    assert_eq!(
        attrs(&doc, "head base", "data-folders"),
        ["assets guide search"]
    );
    let styles = attrs(&doc, "head link[rel=stylesheet]", "href");
    assert!(
        styles.iter().all(|h| h.starts_with("assets/")),
        "assets resolve against the base: {styles:?}"
    );
    // With base_url, the base is its path alone: the same page works on any host.
    site.write(
        "ownbook.toml",
        "title = \"Test Handbook\"\norganization = \"Acme\"\nbase_url = \"https://docs.example/eng/handbook/\"\n",
    );
    site.build_ok();
    let doc = site.html("404.html");
    assert_eq!(attrs(&doc, "head base", "href"), ["/eng/handbook/"]);
}
