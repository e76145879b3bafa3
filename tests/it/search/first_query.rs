//! What a reader's first query costs over the network, in headless Chromium: the
//! search page, its scripts and stylesheets, and every index file the query and
//! its first screen of results load, as gzip (what a web server sends).

use crate::browser_kit::{chrome, eval, serve, wait_for};
use crate::support::TestSite;
use flate2::{Compression, write::GzEncoder};
use std::io::Write;

fn gzip_len(bytes: &[u8]) -> usize {
    let mut gz = GzEncoder::new(Vec::new(), Compression::new(6));
    gz.write_all(bytes).expect("gzip");
    gz.finish().expect("gzip").len()
}

#[test]
fn a_first_query_fetches_at_most_300_kb_gzip() {
    let Some(chrome) = chrome() else { return };
    let site = TestSite::bundled();
    site.build_ok();
    let server = serve(&site.out());
    let tab = chrome.browser.new_tab().expect("tab");
    for query in ["escalation", "who is on call for checkout", "serv"] {
        let url = format!(
            "http://127.0.0.1:{}/search/index.html?q={}",
            server.port,
            query.replace(' ', "+")
        );
        tab.navigate_to(&url)
            .expect("open")
            .wait_until_navigated()
            .expect("load");
        wait_for(
            &tab,
            "document.querySelectorAll('.search-result').length > 0",
        );
        let fetched = eval(
            &tab,
            "[location.pathname, ...performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)]",
        );
        let paths: Vec<String> = serde_json::from_value(fetched).expect("paths");
        let mut total = 0;
        for path in &paths {
            let bytes = std::fs::read(site.out().join(path.trim_start_matches('/')))
                .unwrap_or_else(|e| panic!("{path}: {e}"));
            total += gzip_len(&bytes);
        }
        assert!(
            paths.iter().any(|p| p.ends_with("/search/index.js")),
            "the manifest loads: {paths:?}"
        );
        assert!(
            total <= 300 * 1024,
            "{query:?}: {total} bytes gzip over {paths:?}"
        );
    }
}
