//! What a reader and a crawler get from a bilingual handbook: each language's pages
//! with their `lang`, alternates, a switcher that lands on the same page (or on the
//! language's home page, with a note), one sitemap, and links that stay in the
//! reader's language where they can.

use super::bilingual;
use crate::support::{attrs, broken_links, texts};
use quick_xml::events::Event;
use std::collections::BTreeMap;

#[test]
fn each_language_has_its_pages_and_its_html_lang() {
    let site = bilingual();
    site.build_ok();
    for (page, lang) in [
        ("index.html", "en"),
        ("guide/on-call/index.html", "en"),
        ("ja/index.html", "ja"),
        ("ja/guide/on-call/index.html", "ja"),
        ("ja/services/web-frontend/index.html", "ja"),
        ("ja/teams/index.html", "ja"),
    ] {
        assert_eq!(attrs(&site.html(page), "html", "lang"), [lang], "{page}");
    }
    let ja = site.html("ja/guide/on-call/index.html");
    assert_eq!(texts(&ja, "main h1"), ["オンコール"]);
    assert_eq!(texts(&ja, ".site-title"), ["Acme 運用ハンドブック"]);
    // Untranslated pages are not copied into the translation.
    assert!(!site.out().join("ja/guide/escalation").exists());
}

#[test]
fn translated_pages_name_every_version_with_hreflang() {
    let site = bilingual();
    site.build_ok();
    let alternates = |page: &str| -> BTreeMap<String, String> {
        let doc = site.html(page);
        let langs = attrs(&doc, "link[rel=alternate][hreflang]", "hreflang");
        let hrefs = attrs(&doc, "link[rel=alternate][hreflang]", "href");
        langs.into_iter().zip(hrefs).collect()
    };
    let expected: BTreeMap<String, String> = [
        ("en", "https://handbook.acme.example/guide/on-call/"),
        ("ja", "https://handbook.acme.example/ja/guide/on-call/"),
        ("x-default", "https://handbook.acme.example/guide/on-call/"),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(alternates("guide/on-call/index.html"), expected);
    assert_eq!(alternates("ja/guide/on-call/index.html"), expected);
    // Catalog pages exist in every language.
    let teams = alternates("ja/teams/web/index.html");
    assert_eq!(teams["ja"], "https://handbook.acme.example/ja/teams/web/");
    // A page with no translation has no alternates to name.
    assert!(alternates("guide/escalation/index.html").is_empty());
}

#[test]
fn the_switcher_lands_on_the_same_page_or_on_the_home_page_with_a_note() {
    let site = bilingual();
    site.build_ok();
    let switch = |page: &str| -> Vec<(String, String)> {
        let doc = site.html(page);
        let names = texts(&doc, ".lang-switch a");
        let hrefs = attrs(&doc, ".lang-switch a", "href");
        names.into_iter().zip(hrefs).collect()
    };
    let resolve = |from: &str, href: &str| {
        let (path, frag) = href.split_once('#').unwrap_or((href, ""));
        let dir = std::path::Path::new(from).parent().expect("dir");
        let target = site
            .out()
            .join(dir)
            .join(path)
            .canonicalize()
            .expect("target exists");
        (target, frag.to_string())
    };
    let on_call = switch("guide/on-call/index.html");
    assert_eq!(on_call.len(), 1);
    assert_eq!(on_call[0].0, "日本語");
    let (target, _) = resolve("guide/on-call/index.html", &on_call[0].1);
    assert_eq!(
        target,
        site.out()
            .join("ja/guide/on-call/index.html")
            .canonicalize()
            .expect("ja")
    );
    let back = switch("ja/guide/on-call/index.html");
    let (target, _) = resolve("ja/guide/on-call/index.html", &back[0].1);
    assert_eq!(
        target,
        site.out()
            .join("guide/on-call/index.html")
            .canonicalize()
            .expect("en")
    );
    // Not translated: the Japanese home page, whose note the fragment shows.
    let escalation = switch("guide/escalation/index.html");
    let (target, frag) = resolve("guide/escalation/index.html", &escalation[0].1);
    assert_eq!(
        target,
        site.out()
            .join("ja/index.html")
            .canonicalize()
            .expect("ja home")
    );
    let home = site.html("ja/index.html");
    assert_eq!(attrs(&home, &format!("#{frag}"), "class"), ["lang-note"]);
    assert!(!texts(&home, &format!("#{frag}"))[0].is_empty());
}

#[test]
fn links_in_a_translation_stay_in_its_language_where_they_can() {
    let site = bilingual();
    site.build_ok();
    let home = site.html("ja/index.html");
    let hrefs = attrs(&home, "main a", "href");
    // on-call.md is translated; escalation.md is not, so its link goes to the original.
    assert!(
        hrefs.contains(&"guide/on-call/index.html".to_string()),
        "{hrefs:?}"
    );
    assert!(
        hrefs.contains(&"../guide/escalation/index.html#levels".to_string()),
        "{hrefs:?}"
    );
    assert_eq!(broken_links(&site.out()), Vec::<String>::new());
}

#[test]
fn broken_links_and_anchors_in_a_translation_are_reported_in_its_file() {
    let site = bilingual();
    site.write(
        "content/guide/on-call.ja.md",
        "+++\ntitle = \"オンコール\"\n+++\n## ローテーション\n\n[なし](missing.md)、[見出し](#nowhere)、[原文](escalation.md#nope)、[原文](escalation.md#levels)。\n",
    );
    let (diags, _) = site.check_json();
    let mut found: Vec<(String, u64, u64)> = diags
        .iter()
        .filter(|d| d["file"] == "content/guide/on-call.ja.md")
        .map(|d| {
            let code = d["code"].as_str().unwrap_or("").to_string();
            (
                code,
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            ("broken-anchor".to_string(), 6, 18),
            ("broken-anchor".to_string(), 6, 34),
            ("broken-link".to_string(), 6, 1),
        ]
    );
}

#[test]
fn the_sitemap_lists_every_language_with_its_alternates() {
    let site = bilingual();
    site.build_ok();
    let xml = site.read("sitemap.xml");
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut locs: Vec<String> = Vec::new();
    let mut alternates: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    let mut in_loc = false;
    loop {
        match reader.read_event().expect("well-formed sitemap") {
            Event::Start(e) if e.name().as_ref() == "loc" => in_loc = true,
            Event::End(e) if e.name().as_ref() == "loc" => in_loc = false,
            Event::Text(t) if in_loc => locs.push(t.xml10_content().into_owned()),
            Event::Empty(e) if e.name().as_ref() == "xhtml:link" => {
                let attr = |name: &str| {
                    e.try_get_attribute(name)
                        .ok()
                        .flatten()
                        .and_then(|a| {
                            a.normalized_value(quick_xml::XmlVersion::default())
                                .ok()
                                .map(|v| v.into_owned())
                        })
                        .unwrap_or_default()
                };
                let loc = locs.last().cloned().unwrap_or_default();
                alternates
                    .entry(loc)
                    .or_default()
                    .push((attr("hreflang"), attr("href")));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let base = "https://handbook.acme.example/";
    for url in [
        "",
        "guide/on-call/",
        "guide/escalation/",
        "ja/",
        "ja/guide/on-call/",
        "ja/teams/web/",
    ] {
        assert!(locs.contains(&format!("{base}{url}")), "{url} in {locs:?}");
    }
    assert!(!locs.contains(&format!("{base}ja/guide/escalation/")));
    let on_call = &alternates[&format!("{base}ja/guide/on-call/")];
    assert_eq!(
        on_call,
        &[
            ("en".to_string(), format!("{base}guide/on-call/")),
            ("ja".to_string(), format!("{base}ja/guide/on-call/")),
            ("x-default".to_string(), format!("{base}guide/on-call/")),
        ]
    );
    assert!(!alternates.contains_key(&format!("{base}guide/escalation/")));
}

#[test]
fn the_bundled_handbook_with_a_translated_page_checks_clean_and_every_link_resolves() {
    let site = crate::support::TestSite::bundled();
    let config = std::fs::read_to_string(site.path().join("ownbook.toml")).expect("config");
    let languages = "\n[languages]\ndefault = \"en\"\n\n[languages.ja]\nname = \"日本語\"\n";
    site.write("ownbook.toml", &format!("{config}{languages}"));
    site.write(
        "content/guide/getting-started.ja.md",
        "+++\ntitle = \"はじめに\"\n+++\n[スケーリング](scaling.md#onboarding-more-teams)と[用語集](glossary.md)。\n",
    );
    let (diags, _) = site.check_json();
    let errors: Vec<_> = diags.iter().filter(|d| d["severity"] == "error").collect();
    assert!(errors.is_empty(), "{errors:#?}");
    site.build_ok();
    assert_eq!(broken_links(&site.out()), Vec::<String>::new());
    // A service page in Japanese links its tier to the (English) guide page.
    let service = std::fs::read_dir(site.out().join("ja/services"))
        .expect("ja/services")
        .flatten()
        .filter(|e| e.file_name() != "graph")
        .map(|e| e.path().join("index.html"))
        .find(|p| p.is_file())
        .expect("a service page");
    let doc = scraper::Html::parse_document(&std::fs::read_to_string(service).expect("read"));
    let hrefs = attrs(&doc, "main a", "href");
    assert!(
        hrefs.iter().any(|h| h.starts_with("../../../guide/")),
        "{hrefs:?}"
    );
}
