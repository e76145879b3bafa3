//! Searching a bilingual handbook in a real headless Chromium, served and from disk:
//! a Japanese word inside a sentence is found on the Japanese site and marked whole,
//! characters that are not adjacent do not match, other languages' pages appear
//! only when the reader asks for all languages, and the language switcher works
//! from disk. Skipped without a `chromium` binary unless `CI` is set.

use super::bilingual;
use crate::browser_kit::{chrome, eval, open, serve, wait_for};
use crate::support::TestSite;
use headless_chrome::Tab;
use serde_json::{Value, json};

/// Each result as (language mark or "", kind, page title without its heading).
fn results(tab: &Tab) -> Vec<(String, String, String)> {
    let v = eval(
        tab,
        "[...document.querySelectorAll('.search-result')].map(r => [(r.querySelector('.search-lang') || {}).textContent || '', r.querySelector('.search-badge:not(.search-lang)').textContent, r.querySelector('.search-result-title').textContent])",
    );
    let found: Vec<(String, String, String)> = serde_json::from_value(v).unwrap_or_default();
    found
        .into_iter()
        .map(|(lang, kind, title)| {
            let page = title.split(" » ").next().unwrap_or("").to_string();
            (lang, kind, page)
        })
        .collect()
}

fn marks(tab: &Tab, selector: &str) -> Vec<String> {
    serde_json::from_value(eval(
        tab,
        &format!("[...document.querySelectorAll({selector:?})].map(m => m.textContent)"),
    ))
    .unwrap_or_default()
}

/// Types `query` into the first search box as a reader would (input events).
fn type_query(tab: &Tab, query: &str) {
    eval(
        tab,
        &format!(
            "(() => {{ const i = document.querySelector('[data-search] input[type=search]'); i.focus(); i.value = {query:?}; i.dispatchEvent(new Event('input')); return true; }})()"
        ),
    );
}

/// Waits until the search status has been written for the query on screen.
fn wait_status(tab: &Tab) -> String {
    let v = wait_for(
        tab,
        "(() => { const s = document.querySelector('.search-status'); return s && /件|結果|result/.test(s.textContent) && !/読み込/.test(s.textContent) ? s.textContent : ''; })()",
    );
    v.as_str().unwrap_or("").to_string()
}

fn file_url(site: &TestSite, rel: &str) -> String {
    format!("file://{}", site.out().join(rel).display())
}

fn built() -> TestSite {
    let site = bilingual();
    site.build_ok();
    site
}

#[test]
fn a_japanese_word_inside_a_sentence_is_found_and_marked_whole() {
    let Some(chrome) = chrome() else { return };
    let site = built();
    let server = serve(&site.out());
    let tab = chrome.browser.new_tab().expect("tab");
    let root = format!("http://127.0.0.1:{}/", server.port);
    open(&tab, &format!("{root}ja/index.html"));
    // 障害 stands inside 障害対応の手順は… with no space around it.
    type_query(&tab, "障害");
    let status = wait_status(&tab);
    let found = results(&tab);
    assert!(
        found
            .iter()
            .any(|(_, kind, title)| kind == "ページ" && title == "障害対応"),
        "{status}: {found:?}"
    );
    assert!(
        found.iter().all(|(lang, _, _)| lang.is_empty()),
        "{found:?}"
    );
    // A run of characters matches where they stand together, marked as one.
    type_query(&tab, "障害対応");
    wait_for(&tab, "document.querySelector('.search-snippet mark')");
    let snippet = marks(&tab, ".search-snippet mark");
    assert!(snippet.contains(&"障害対応".to_string()), "{snippet:?}");
    assert!(snippet.iter().all(|m| m == "障害対応"), "{snippet:?}");
    // 対応 and 応答 both occur, but never as 対応答: no result.
    type_query(&tab, "対応答");
    wait_for(
        &tab,
        "/一致する結果はありません/.test(document.querySelector('.search-status').textContent)",
    );
    assert!(results(&tab).is_empty());
    // Opening a result marks the run whole on the page too.
    type_query(&tab, "障害対応");
    wait_for(&tab, "document.querySelector('.search-snippet mark')");
    let href = eval(&tab, "document.querySelector('.search-result a').href");
    open(&tab, href.as_str().expect("a link"));
    let landed = marks(&tab, "mark.search-hit");
    assert!(landed.contains(&"障害対応".to_string()), "{landed:?}");
    assert!(
        !landed
            .iter()
            .any(|m| m == "障害" || m == "害対" || m == "対応"),
        "{landed:?}"
    );
}

#[test]
fn other_languages_appear_only_when_the_reader_asks_for_all() {
    let Some(chrome) = chrome() else { return };
    let site = built();
    let server = serve(&site.out());
    let tab = chrome.browser.new_tab().expect("tab");
    let page = format!(
        "http://127.0.0.1:{}/ja/search/index.html?q=responding",
        server.port
    );
    open(&tab, &page);
    wait_status(&tab);
    assert!(results(&tab).is_empty(), "{:?}", results(&tab));
    // The choice is a labelled checkbox; ticking it searches every language's index.
    assert_eq!(
        eval(
            &tab,
            "document.querySelector('[data-search-all]').labels[0].textContent.trim()"
        ),
        json!("すべての言語")
    );
    eval(&tab, "document.querySelector('[data-search-all]').click()");
    wait_for(&tab, "document.querySelector('.search-result')");
    let found = results(&tab);
    assert!(
        found.contains(&("English".into(), "ページ".into(), "Incidents".into())),
        "{found:?}"
    );
    assert_eq!(
        eval(&tab, "document.querySelector('.search-result').lang"),
        json!("en")
    );
    assert_eq!(
        eval(&tab, "new URLSearchParams(location.search).get('all')"),
        json!("1")
    );
    let link = eval(
        &tab,
        "new URL(document.querySelector('.search-result a').href).pathname",
    );
    assert_eq!(link, json!("/guide/incidents/index.html"), "{found:?}");
    // Japanese results are marked too while all languages are searched.
    type_query(&tab, "障害");
    wait_for(
        &tab,
        "[...document.querySelectorAll('.search-lang')].some(m => m.textContent === '日本語')",
    );
    // Unticked, only the page's language, with no marks.
    eval(&tab, "document.querySelector('[data-search-all]').click()");
    type_query(&tab, "responding");
    wait_for(
        &tab,
        "/一致する結果はありません/.test(document.querySelector('.search-status').textContent)",
    );
    assert_eq!(
        eval(&tab, "document.querySelectorAll('.search-lang').length"),
        json!(0)
    );
    assert_eq!(
        eval(&tab, "new URLSearchParams(location.search).get('all')"),
        Value::Null
    );
}

#[test]
fn from_disk_japanese_search_and_the_language_switcher_work() {
    let Some(chrome) = chrome() else { return };
    let site = built();
    let tab = chrome.browser.new_tab().expect("tab");
    open(&tab, &file_url(&site, "ja/guide/on-call/index.html"));
    type_query(&tab, "オンコール");
    wait_for(&tab, "document.querySelector('.search-result')");
    let found = results(&tab);
    assert!(found.iter().any(|(_, _, t)| t == "オンコール"), "{found:?}");
    assert!(found.iter().any(|(_, _, t)| t == "障害対応"), "{found:?}");
    assert!(marks(&tab, ".search-snippet mark").contains(&"オンコール".to_string()));
    // Every language's index loads from disk too.
    open(
        &tab,
        &format!(
            "{}?q=responding&all=1",
            file_url(&site, "ja/search/index.html")
        ),
    );
    wait_for(&tab, "document.querySelector('.search-lang')");
    assert!(
        results(&tab)
            .iter()
            .any(|(l, _, t)| l == "English" && t == "Incidents")
    );
    // The switcher's link to English lands on the same page, from disk.
    open(&tab, &file_url(&site, "ja/guide/on-call/index.html"));
    let english = eval(
        &tab,
        "document.querySelector('.lang-switch a[hreflang=en]').href",
    );
    open(&tab, english.as_str().expect("a link"));
    assert_eq!(eval(&tab, "document.documentElement.lang"), json!("en"));
    assert_eq!(
        eval(&tab, "document.querySelector('main h1').textContent"),
        json!("On call")
    );
    let back = eval(
        &tab,
        "document.querySelector('.lang-switch a[hreflang=ja]').href",
    );
    open(&tab, back.as_str().expect("a link"));
    assert_eq!(eval(&tab, "document.documentElement.lang"), json!("ja"));
}
