//! Search in a bilingual handbook, as built: each language's index holds only its
//! own pages (a home page standing in for a missing translation is left to the
//! default language's index), the whole catalog, and the search scripts' strings in
//! that language; the search page offers every language's index on request.

use super::bilingual;
use crate::support::{TestSite, attrs, texts};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

/// The arguments of an index file's call (`callback(args);`) as a JSON array.
fn call_args(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).expect("read index file");
    let open = text.find('(').expect("a call");
    let inner = text.trim_end().strip_suffix(");").expect("a call");
    serde_json::from_str(&format!("[{}]", &inner[open + 1..])).expect("index file is JSON")
}

/// The titles of the pages (guide pages, services, teams) in the index under `folder`.
pub fn indexed_titles(site: &TestSite, folder: &str) -> BTreeSet<String> {
    let dir = site.out().join(folder).join("d");
    let mut titles = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).expect("document chunks") {
        let args = call_args(&entry.expect("entry").path());
        for page in args[2][0].as_array().expect("pages") {
            titles.insert(page[1].as_str().unwrap_or("").to_string());
        }
    }
    titles
}

#[test]
fn each_language_indexes_only_its_own_pages_and_the_whole_catalog() {
    let site = bilingual();
    site.build_ok();
    let en = indexed_titles(&site, "search");
    let ja = indexed_titles(&site, "ja/search");
    for title in ["Home", "On call", "Escalation", "Incidents", "Guide"] {
        assert!(en.contains(title), "{title} in {en:?}");
        assert!(!ja.contains(title), "{title} in {ja:?}");
    }
    for title in ["ホーム", "オンコール", "障害対応"] {
        assert!(ja.contains(title), "{title} in {ja:?}");
        assert!(!en.contains(title), "{title} in {en:?}");
    }
    // Services and teams are one data set: in every language's index.
    let catalog: Vec<&String> = en
        .iter()
        .filter(|t| t.contains("web") || t.contains("Web"))
        .collect();
    assert!(!catalog.is_empty(), "{en:?}");
    for title in catalog {
        assert!(ja.contains(title), "{title} in {ja:?}");
    }
}

#[test]
fn a_home_page_standing_in_for_its_translation_is_not_in_the_translations_index() {
    let site = bilingual();
    site.remove("content/_index.ja.md");
    site.build_ok();
    // The Japanese site shows the English home page, but its index leaves it out.
    assert!(site.out().join("ja/index.html").is_file());
    let ja = indexed_titles(&site, "ja/search");
    assert!(!ja.contains("Home"), "{ja:?}");
    assert!(ja.contains("オンコール"), "{ja:?}");
    assert!(indexed_titles(&site, "search").contains("Home"));
}

#[test]
fn the_search_page_and_scripts_speak_the_pages_language() {
    let site = bilingual();
    site.build_ok();
    let strings = |folder: &str| call_args(&site.out().join(folder).join("strings.js"))[0].clone();
    let (en, ja) = (strings("search"), strings("ja/search"));
    assert_eq!(en["search_no_results"], "No results for “{query}”");
    assert_eq!(
        ja["search_no_results"],
        "「{query}」に一致する結果はありません"
    );
    assert_eq!(ja["search_kind_page"], "ページ");
    assert_eq!(ja["search_all_languages"], "すべての言語");
    let page = site.html("ja/search/index.html");
    assert_eq!(texts(&page, "main h1"), ["検索"]);
    assert_eq!(texts(&page, "label.search-all"), ["すべての言語"]);
    assert_eq!(
        attrs(&page, "label.search-all input[type=checkbox]", "name"),
        ["all"]
    );
    // Each language's index, relative to the page, and which one is the page's own.
    assert_eq!(
        attrs(&page, ".search-languages [data-code]", "data-index"),
        ["../../search/", "../../ja/search/"]
    );
    assert_eq!(
        attrs(&page, ".search-languages [data-current]", "data-code"),
        ["ja"]
    );
    let english = site.html("search/index.html");
    assert_eq!(texts(&english, "main h1"), ["Search"]);
    assert_eq!(texts(&english, "label.search-all"), ["All languages"]);
}

#[test]
fn a_handbook_in_one_language_has_no_language_choice() {
    let site = TestSite::bundled();
    site.build_ok();
    let page = site.html("search/index.html");
    assert!(texts(&page, "label.search-all").is_empty());
    assert_eq!(texts(&page, "main h1"), ["Search"]);
    let strings = call_args(&site.out().join("search/strings.js"));
    assert_eq!(strings[0]["search_kind_team"], "Team");
}
