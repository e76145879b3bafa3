//! Multilingual handbooks: `[languages]` in ownbook.toml, translations beside their
//! originals (`page.<lang>.md`), each language published under `/<lang>/` with its
//! own interface strings, alternates and a switcher between them.

mod assets;
mod browser;
mod catalog_labels;
mod catalog_notes;
mod catalog_text;
mod freshness;
mod layout;
mod output;
mod schema;
mod search;
mod search_browser;
mod serve_watch;
mod strings;

use crate::support::{TestSite, copy_dir, repo_root};

/// A copy of the bilingual fixture (English and Japanese) in a temporary folder.
pub fn bilingual() -> TestSite {
    let site = TestSite::new();
    let fixture = repo_root().join("tests/fixtures/languages");
    copy_dir(&fixture.join("content"), &site.path().join("content"));
    std::fs::copy(
        fixture.join("ownbook.toml"),
        site.path().join("ownbook.toml"),
    )
    .expect("copy config");
    site
}

/// The diagnostics of `ownbook check` with this code, as (file, message).
pub fn with_code(site: &TestSite, code: &str) -> Vec<(String, String)> {
    let (diags, _) = site.check_json();
    diags
        .iter()
        .filter(|d| d["code"] == code)
        .map(|d| {
            let file = d["file"].as_str().unwrap_or("").to_string();
            (file, d["message"].as_str().unwrap_or("").to_string())
        })
        .collect()
}
