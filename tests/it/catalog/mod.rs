//! The service catalog: what a reader sees (pages, graph, catalog.json) and what a
//! user reads when something is wrong (exact diagnostics for every rule). Every test
//! starts from tests/fixtures/catalog, 14 services and 4 teams that pass every rule,
//! and changes what it needs.

mod ops;
mod output;
mod pages;
mod rules;

use crate::support::*;
use scraper::{Html, Selector};

/// A copy of tests/fixtures/catalog.
pub fn catalog_site() -> TestSite {
    let site = TestSite::new();
    copy_dir(&repo_root().join("tests/fixtures/catalog"), site.path());
    site
}

pub fn count(doc: &Html, selector: &str) -> usize {
    doc.select(&Selector::parse(selector).expect("selector"))
        .count()
}

/// A diagnostic as (file, line, column, code, severity, message).
pub type Diag = (String, u64, u64, String, String, String);

/// `ownbook check --format json` as tuples, and the exit code.
pub fn diags(site: &TestSite) -> (Vec<Diag>, i32) {
    let (list, code) = site.check_json();
    let tuples = list
        .iter()
        .map(|d| {
            let (file, line, column, code) = at(d);
            (
                file,
                line,
                column,
                code,
                d["severity"].as_str().unwrap_or("").to_string(),
                d["message"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    (tuples, code)
}

pub fn d(file: &str, line: u64, column: u64, code: &str, severity: &str, message: &str) -> Diag {
    (
        file.to_string(),
        line,
        column,
        code.to_string(),
        severity.to_string(),
        message.to_string(),
    )
}

/// Replaces `from` with `to` in a file of the site (which must contain it).
pub fn edit(site: &TestSite, rel: &str, from: &str, to: &str) {
    let text = std::fs::read_to_string(site.path().join(rel)).expect("read");
    assert!(text.contains(from), "{rel} has no {from:?}");
    site.write(rel, &text.replacen(from, to, 1));
}

/// Replaces ownbook.toml with the fixture's settings plus `extra`.
pub fn config(site: &TestSite, extra: &str) {
    site.write(
        "ownbook.toml",
        &format!("title = \"Acme Handbook\"\norganization = \"Acme\"\n{extra}"),
    );
}

/// A minimal valid production service owned by `data`.
pub const SMALL: &str = "name = \"Reports\"\ndescription = \"x\"\nowner = \"data\"\ntier = 3\nlifecycle = \"production\"\n";
