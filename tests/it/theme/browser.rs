//! The theme in a real headless Chromium. Skipped without a `chromium` binary, unless
//! `CI` is set (see `search::browser`).

use super::theme_site;
use crate::search::browser::{chrome, eval, serve, wait_for};
use headless_chrome::Tab;

/// Opens `url` and waits for the page (and its deferred scripts) to load.
fn open(tab: &Tab, url: &str) {
    tab.navigate_to(url)
        .expect("navigate")
        .wait_until_navigated()
        .expect("load");
    wait_for(tab, "document.readyState === 'complete'");
}

#[test]
fn an_old_link_with_a_fragment_lands_on_the_same_heading_of_the_new_page() {
    let Some(chrome) = chrome() else { return };
    let site = theme_site();
    site.build_ok();
    let server = serve(&site.out());
    let origin = format!("http://127.0.0.1:{}/", server.port);
    let tab = chrome.browser.new_tab().expect("tab");
    open(&tab, &format!("{origin}old/review/#during"));
    tab.wait_until_navigated().expect("redirected");
    assert_eq!(
        eval(&tab, "location.pathname + location.hash"),
        "/guide/review/index.html#during"
    );
    assert_eq!(
        eval(&tab, "document.getElementById('during') !== null"),
        true,
        "the fragment names a heading of the new page"
    );
}
