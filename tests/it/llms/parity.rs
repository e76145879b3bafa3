//! The bundled handbook's Markdown says what its HTML pages show: every guide page's
//! `.md` has the same headings in the same order and links to the same places (the
//! catalog lists of its shortcodes and its "In this section" list included) as the
//! page itself, and building again gives the same bytes.

use crate::support::TestSite;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use scraper::{ElementRef, Html, Selector};
use std::collections::BTreeMap;
use std::path::Path;

/// The base_url of the bundled handbook, which every Markdown link starts with.
const BASE: &str = "https://handbook.brightwater.example/";

/// What a page shows, in the order it shows it.
#[derive(Debug, PartialEq)]
struct Shown {
    /// (level, text) of each heading.
    headings: Vec<(u8, String)>,
    /// Where each link goes: an output folder or file with its fragment
    /// (`guide/tiers/#tier-1`), or an external URL as written.
    links: Vec<String>,
}

/// Parses a page's Markdown the way the handbook's Markdown is written (GFM).
fn shown_by_markdown(md: &str) -> Shown {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_GFM;
    let mut shown = Shown {
        headings: Vec::new(),
        links: Vec::new(),
    };
    let mut heading: Option<(u8, String)> = None;
    for event in Parser::new_ext(md, options) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((level_number(level), String::new()))
            }
            Event::End(TagEnd::Heading(_)) => shown.headings.extend(heading.take()),
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text)) = &mut heading {
                    text.push_str(&t);
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                shown.links.push(markdown_target(&dest_url));
            }
            _ => {}
        }
    }
    shown
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// A Markdown link's target: `BASE` + `guide/tiers.md#x` is the page `guide/tiers/#x`.
fn markdown_target(dest: &str) -> String {
    let Some(rel) = dest.strip_prefix(BASE) else {
        return dest.to_string();
    };
    let (path, fragment) = split_fragment(rel);
    let folder = match path.strip_suffix(".md") {
        Some("index") => String::new(),
        Some(page) => format!("{page}/"),
        None => path.to_string(),
    };
    format!("{folder}{fragment}")
}

fn split_fragment(url: &str) -> (&str, &str) {
    match url.find('#') {
        Some(at) => url.split_at(at),
        None => (url, ""),
    }
}

/// Reads what the article of an HTML page in output folder `folder` shows: its title,
/// the text's headings and links, and the section's list of pages.
fn shown_by_html(doc: &Html, folder: &str) -> Shown {
    let select = |css: &str| Selector::parse(css).expect("selector");
    let parts =
        select("article.page > header h1, article.page > .content, article.page > .section-list");
    let inside = select("h1, h2, h3, h4, h5, h6, a[href]");
    let mut shown = Shown {
        headings: Vec::new(),
        links: Vec::new(),
    };
    for part in doc.select(&parts) {
        let elements = std::iter::once(part).chain(part.select(&inside));
        for element in elements.filter(|e| inside.matches(e)) {
            let name = element.value().name();
            if let Some(level) = name.strip_prefix('h').and_then(|n| n.parse().ok()) {
                shown.headings.push((level, heading_text(element)));
            } else if !element.value().classes().any(|c| c == "anchor") {
                let href = element.value().attr("href").unwrap_or_default();
                shown.links.push(html_target(folder, href));
            }
        }
    }
    shown
}

/// A heading's text without its "link to this section" anchor.
fn heading_text(heading: ElementRef) -> String {
    let mut text = String::new();
    for node in heading.descendants() {
        let in_anchor = node
            .ancestors()
            .filter_map(ElementRef::wrap)
            .any(|e| e.value().name() == "a" && e.value().classes().any(|c| c == "anchor"));
        if let Some(t) = node.value().as_text()
            && !in_anchor
        {
            text.push_str(t);
        }
    }
    text.trim().to_string()
}

/// An HTML link's target, resolved from the page's folder: `../tiers/index.html#x`
/// in `guide/on-call/` is `guide/tiers/#x`.
fn html_target(folder: &str, href: &str) -> String {
    if href.contains("://") || href.starts_with("mailto:") || href.starts_with('#') {
        return href.to_string();
    }
    let (path, fragment) = split_fragment(href);
    let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    for part in path.split('/') {
        match part {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            part => parts.push(part),
        }
    }
    if parts.last() == Some(&"index.html") {
        parts.pop();
        parts.push("");
    }
    format!("{}{fragment}", parts.join("/"))
}

/// Every file under `out` whose path passes `keep`, by relative path.
fn files(out: &Path, keep: impl Fn(&str) -> bool) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e
                .path()
                .strip_prefix(out)
                .ok()?
                .to_str()?
                .replace('\\', "/");
            keep(&rel).then(|| (rel, std::fs::read(e.path()).expect("read")))
        })
        .collect()
}

#[test]
fn every_guide_pages_markdown_shows_the_headings_and_links_of_its_html() {
    let site = TestSite::bundled();
    site.build_ok();
    let is_guide_md = |rel: &str| {
        rel.ends_with(".md") && !rel.starts_with("services/") && !rel.starts_with("teams/")
    };
    let pages = files(&site.out(), is_guide_md);
    let sources = files(&site.path().join("content"), is_guide_md);
    assert_eq!(pages.len(), sources.len(), "one per guide page");
    let (mut shortcode_lists, mut links, mut headings) = (0, 0, 0);
    for (rel, bytes) in &pages {
        let md = String::from_utf8(bytes.clone()).expect("UTF-8");
        let folder = match rel.as_str() {
            "index.md" => String::new(),
            page => format!("{}/", page.trim_end_matches(".md")),
        };
        let doc = site.html(&format!("{folder}index.html"));
        let from_html = shown_by_html(&doc, &folder);
        assert!(!from_html.headings.is_empty(), "{folder}index.html");
        (links, headings) = (
            links + from_html.links.len(),
            headings + from_html.headings.len(),
        );
        assert_eq!(shown_by_markdown(&md), from_html, "{rel}");
        let list = Selector::parse(".content ul.catalog-list").expect("selector");
        shortcode_lists += doc.select(&list).count();
    }
    assert!(
        shortcode_lists > 0,
        "the handbook's shortcodes were compared"
    );
    // 324 headings and 502 links when this was written.
    assert!(headings > 2 * pages.len() && links > 10 * pages.len());
}

#[test]
fn building_again_gives_the_same_llms_txt_and_markdown() {
    let site = TestSite::bundled();
    site.build_ok();
    let is_export = |rel: &str| rel.ends_with(".md") || rel == "llms.txt";
    let first = files(&site.out(), is_export);
    std::fs::remove_dir_all(site.out()).expect("remove output");
    site.build_ok();
    let second = files(&site.out(), is_export);
    let sources = files(&site.path().join("content"), |rel| {
        rel.ends_with(".toml") || (rel.ends_with(".md") && !rel.starts_with("services/"))
    });
    assert_eq!(
        first.len(),
        sources.len() + 1,
        "a page, service or team each, llms.txt"
    );
    assert!(
        first == second,
        "a second build changed the Markdown outputs"
    );
}
