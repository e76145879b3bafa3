//! sitemap.xml: one `<urlset>` on a small site; past the per-file limit a sitemap index
//! whose parts list the URLs in order. Every file is read with an XML parser.

use crate::support::TestSite;
use ownbook::output::OutputFile;
use ownbook::render::sitemap;
use quick_xml::events::Event;

/// The root element's name and the text of every `<loc>` of an XML file.
fn root_and_locs(xml: &str) -> (String, Vec<String>) {
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut root, mut locs, mut in_loc) = (String::new(), Vec::new(), false);
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) if root.is_empty() => {
                root = e.name().as_ref().to_string();
            }
            Event::Start(e) if e.name().as_ref() == "loc" => in_loc = true,
            Event::End(e) if e.name().as_ref() == "loc" => in_loc = false,
            Event::Text(t) if in_loc => locs.push(t.xml10_content().into_owned()),
            Event::Eof => break,
            _ => {}
        }
    }
    (root, locs)
}

fn text(file: &OutputFile) -> &str {
    std::str::from_utf8(file.content.as_bytes().expect("in memory")).expect("UTF-8")
}

fn entries(urls: &[String]) -> Vec<String> {
    urls.iter()
        .map(|u| format!("  <url><loc>{u}</loc></url>\n"))
        .collect()
}

#[test]
fn a_sitemap_over_the_limit_is_an_index_of_parts_in_order() {
    let urls: Vec<String> = (0..7)
        .map(|i| format!("https://h.example/docs/p{i}/"))
        .collect();
    let files = sitemap::split(
        Some("https://h.example/docs/"),
        sitemap::URLSET,
        &entries(&urls),
        3,
    );
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "sitemap.xml",
            "sitemap-1.xml",
            "sitemap-2.xml",
            "sitemap-3.xml"
        ]
    );
    let (root, parts) = root_and_locs(text(&files[0]));
    assert_eq!(root, "sitemapindex");
    assert_eq!(
        parts,
        [
            "https://h.example/docs/sitemap-1.xml",
            "https://h.example/docs/sitemap-2.xml",
            "https://h.example/docs/sitemap-3.xml",
        ]
    );
    let mut listed = Vec::new();
    for part in &files[1..] {
        let (root, locs) = root_and_locs(text(part));
        assert_eq!(root, "urlset");
        assert!(locs.len() <= 3, "{locs:?}");
        listed.extend(locs);
    }
    assert_eq!(listed, urls);
}

#[test]
fn without_base_url_the_index_names_its_parts_relatively() {
    let urls: Vec<String> = (0..3).map(|i| format!("guide/p{i}/")).collect();
    let files = sitemap::split(None, sitemap::URLSET, &entries(&urls), 2);
    let (root, parts) = root_and_locs(text(&files[0]));
    assert_eq!(root, "sitemapindex");
    assert_eq!(parts, ["sitemap-1.xml", "sitemap-2.xml"]);
}

#[test]
fn a_sitemap_at_the_limit_stays_one_file() {
    let urls: Vec<String> = (0..3).map(|i| format!("guide/p{i}/")).collect();
    let files = sitemap::split(None, sitemap::URLSET, &entries(&urls), 3);
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].path, "sitemap.xml");
    assert_eq!(root_and_locs(text(&files[0])), ("urlset".to_string(), urls));
    assert_eq!(sitemap::paths(sitemap::URLS_PER_FILE), ["sitemap.xml"]);
    assert_eq!(
        sitemap::paths(sitemap::URLS_PER_FILE * 2 + 1),
        [
            "sitemap.xml",
            "sitemap-1.xml",
            "sitemap-2.xml",
            "sitemap-3.xml"
        ]
    );
}

#[test]
fn a_small_site_writes_one_sitemap_that_robots_txt_names() {
    let site = TestSite::new();
    site.write(
        "ownbook.toml",
        "title = \"T\"\norganization = \"Acme\"\nbase_url = \"https://h.example/docs/\"\n",
    );
    site.write("content/guide/a.md", "# A\n\nText.\n");
    site.build_ok();
    let (root, locs) = root_and_locs(&site.read("sitemap.xml"));
    assert_eq!(root, "urlset");
    assert!(
        locs.contains(&"https://h.example/docs/guide/a/".to_string()),
        "{locs:?}"
    );
    assert!(!site.out().join("sitemap-1.xml").exists());
    let robots = site.read("robots.txt");
    assert!(
        robots
            .lines()
            .any(|l| l == "Sitemap: https://h.example/docs/sitemap.xml"),
        "{robots}"
    );
}
