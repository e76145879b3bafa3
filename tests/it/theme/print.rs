//! Printing from the dark scheme: paper is white, so the text must be dark. Chromium
//! emulates print media with `prefers-color-scheme: dark`, and every text of the page
//! must reach 4.5:1 against a white-ish background.

use crate::browser_kit::{chrome, eval, serve};
use crate::browser_kit::{contrasts_script, emulate, open};
use crate::support::TestSite;

/// The texts of a page whose contrast is measured.
const TEXTS: &str = "main p, main li, main td, main th, main h1, main h2, main pre.code, main .callout-title, main .badge";

#[test]
fn printing_from_the_dark_scheme_gives_dark_text_on_white() {
    let Some(chrome) = chrome() else { return };
    let site = TestSite::bundled();
    site.build_ok();
    let server = serve(&site.out());
    let tab = chrome.browser.new_tab().expect("tab");
    emulate(&tab, Some("print"), "dark");
    // A guide page with callouts and code, a catalog page with badges and tables.
    let pages = [
        "guide/escalation-policies/index.html",
        "guide/using-this-handbook/index.html",
        "services/checkout-api/index.html",
    ];
    let mut checked = 0;
    let mut bad = Vec::new();
    for page in pages {
        open(&tab, &format!("http://127.0.0.1:{}/{page}", server.port));
        let texts = eval(&tab, &contrasts_script(TEXTS));
        let texts = texts.as_array().cloned().unwrap_or_default();
        assert!(texts.len() > 10, "{page} shows text");
        checked += texts.len();
        bad.extend(
            texts
                .into_iter()
                .filter(|t| {
                    t["ratio"].as_f64().is_none_or(|r| r < 4.5)
                        || t["background"].as_f64().is_none_or(|b| b < 0.7)
                })
                .map(|t| format!("{page}: {t}")),
        );
    }
    assert!(
        bad.is_empty(),
        "text that prints light or on a dark ground ({checked} checked): {bad:#?}"
    );
}
