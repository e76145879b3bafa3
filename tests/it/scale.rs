//! What keeps a large handbook's output linear in its size: an expanded folder with
//! more entries than the sidebar shows lists the ones around the current page and
//! links to its index for the rest, so pages do not each repeat every sibling.

use crate::support::{TestSite, attrs, broken_links, texts};

const SHOWN: usize = ownbook::render::nav::MAX_FOLDER_ENTRIES;

/// A folder `big/` with `n` pages (weights keep them in file order) and a small one.
fn site(n: usize) -> TestSite {
    let site = TestSite::new();
    site.write("content/_index.md", "+++\ntitle = \"Home\"\n+++\nHello.\n");
    site.write(
        "content/big/_index.md",
        "+++\ntitle = \"Big\"\nweight = 1\n+++\nMany pages.\n",
    );
    for i in 0..n {
        site.write(
            &format!("content/big/p{i:03}.md"),
            &format!("+++\ntitle = \"Page {i}\"\nweight = {i}\n+++\nText {i}.\n"),
        );
    }
    site.write(
        "content/small/_index.md",
        "+++\ntitle = \"Small\"\nweight = 2\n+++\nFew pages.\n",
    );
    site.write("content/small/a.md", "+++\ntitle = \"A\"\n+++\nA.\n");
    site
}

/// Titles of the pages of `big/` listed in the sidebar of `page`.
fn listed(site: &TestSite, page: &str) -> Vec<String> {
    texts(
        &site.html(page),
        "nav.sidebar li.nav-section.open > ul > li:not(.nav-more) > a",
    )
}

#[test]
fn a_big_folder_shows_the_entries_around_the_current_page_and_links_the_rest() {
    let n = SHOWN * 2 + 10;
    let site = site(n);
    site.build_ok();

    let mid = n / 2;
    let middle = listed(&site, &format!("big/p{mid:03}/index.html"));
    assert_eq!(middle.len(), SHOWN);
    assert!(middle.contains(&format!("Page {mid}")));
    let first: usize = middle[0]["Page ".len()..].parse().expect("number");
    assert_eq!(
        first,
        mid - SHOWN / 2,
        "centred on the current page: {middle:?}"
    );

    let doc = site.html(&format!("big/p{mid:03}/index.html"));
    assert_eq!(
        attrs(&doc, "nav.sidebar a[aria-current='page']", "href"),
        ["index.html"]
    );
    assert_eq!(
        texts(&doc, "nav.sidebar li.nav-more"),
        [format!("{} more in Big", n - SHOWN)]
    );
    assert_eq!(
        attrs(&doc, "nav.sidebar li.nav-more a", "href"),
        ["../index.html"]
    );

    // At the ends the window stays full instead of centring.
    let start = listed(&site, "big/p000/index.html");
    assert_eq!(start.first().map(String::as_str), Some("Page 0"));
    assert_eq!(start.len(), SHOWN);
    let end = listed(&site, &format!("big/p{:03}/index.html", n - 1));
    assert_eq!(end.last(), Some(&format!("Page {}", n - 1)));
    assert_eq!(end.len(), SHOWN);

    // The folder's own page starts at the top.
    assert_eq!(listed(&site, "big/index.html")[0], "Page 0");
    assert!(broken_links(&site.out()).is_empty());
}

#[test]
fn folders_up_to_the_limit_list_every_entry() {
    let site = site(SHOWN);
    site.build_ok();
    let doc = site.html("big/p003/index.html");
    assert_eq!(listed(&site, "big/p003/index.html").len(), SHOWN);
    assert!(texts(&doc, "nav.sidebar li.nav-more").is_empty());
}

#[test]
fn sidebar_size_does_not_grow_with_the_folder() {
    let sidebar_bytes = |n: usize| {
        let site = site(n);
        site.build_ok();
        let html = site.read("big/p010/index.html");
        let start = html.find("<ul class=\"nav-tree\"").expect("sidebar");
        let end = html[start..].find("</nav>").expect("end") + start;
        end - start
    };
    let small = sidebar_bytes(SHOWN + 5);
    let big = sidebar_bytes(SHOWN * 8);
    // Only the digits of the "N more" count may differ.
    assert!(big <= small + 4, "{small} -> {big}");
}
