//! The language switcher in a real headless Chromium: from a translated guide page it
//! lands on the same page in the other language; from a page not translated, on that
//! language's home page with the note shown. The pages load their styles and scripts
//! from the one copy of the theme's assets at the site's root.
//!
//! Skipped without a `chromium` binary, unless `CI` is set (see `browser_kit`).

use super::bilingual;
use crate::browser_kit::{chrome, eval, open, serve};
use headless_chrome::Tab;

/// Clicks the switcher's link to `lang` and waits for that page to load.
fn switch_to(tab: &Tab, lang: &str) {
    let link = format!(".lang-switch a[hreflang={lang}]");
    tab.find_element(&link)
        .expect("switcher link")
        .click()
        .expect("click");
    tab.wait_until_navigated().expect("navigated");
    // `load` fires without a DOM change, so it is awaited as an event.
    let loaded = "new Promise(r => document.readyState === 'complete' ? r(true) : addEventListener('load', () => r(true)))";
    eval(tab, loaded);
}

#[test]
fn the_switcher_lands_on_the_translated_page_or_on_the_home_page_with_the_note() {
    let Some(chrome) = chrome() else { return };
    let site = bilingual();
    site.build_ok();
    let server = serve(&site.out());
    let tab = chrome.browser.new_tab().expect("tab");
    let base = format!("http://127.0.0.1:{}", server.port);

    open(&tab, &format!("{base}/guide/on-call/"));
    switch_to(&tab, "ja");
    assert_eq!(
        eval(&tab, "location.pathname"),
        "/ja/guide/on-call/index.html"
    );
    assert_eq!(eval(&tab, "document.documentElement.lang"), "ja");
    assert_eq!(
        eval(&tab, "document.querySelector('main h1').textContent"),
        "オンコール"
    );
    // The theme's stylesheet came from the root's one copy and applies.
    let sheet = eval(
        &tab,
        "[...document.styleSheets].map(s => s.href).find(h => h && h.includes('/assets/style.'))",
    );
    assert!(
        sheet
            .as_str()
            .is_some_and(|h| h.starts_with(&format!("{base}/assets/"))),
        "{sheet}"
    );
    assert_eq!(
        eval(
            &tab,
            "getComputedStyle(document.querySelector('.skip-link')).position"
        ),
        "absolute"
    );

    // Back to English, then to a page with no Japanese version.
    switch_to(&tab, "en");
    assert_eq!(eval(&tab, "location.pathname"), "/guide/on-call/index.html");
    open(&tab, &format!("{base}/guide/escalation/"));
    switch_to(&tab, "ja");
    assert_eq!(eval(&tab, "location.pathname"), "/ja/index.html");
    assert_eq!(eval(&tab, "location.hash"), "#not-translated");
    let note = eval(
        &tab,
        "(() => { const n = document.getElementById('not-translated'); return n.offsetParent !== null && n.textContent; })()",
    );
    assert_eq!(
        note,
        "このページはまだ翻訳されていないため、ホームページを表示しています。"
    );
}
