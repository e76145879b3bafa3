//! The bundled handbook: it builds cleanly, every guide page is reachable and linked,
//! no page is a stub, and the organization's name comes from one setting.

use crate::support::*;
use std::collections::{HashSet, VecDeque};
use std::path::{Path, PathBuf};

fn built_bundled() -> TestSite {
    let site = TestSite::bundled();
    site.build_ok();
    site
}

#[test]
fn bundled_handbook_check_reports_only_the_intended_warnings() {
    let site = TestSite::bundled();
    let (diags, code) = site.check_json();
    assert_eq!(code, 0, "{diags:#?}");
    let mut found: Vec<(String, String)> = diags
        .iter()
        .map(|d| {
            (
                d["severity"].as_str().unwrap_or("").to_string(),
                d["file"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        vec![
            (
                "warning".to_string(),
                "content/services/mobile-bff.toml".to_string()
            ),
            (
                "warning".to_string(),
                "content/services/product-search.toml".to_string()
            ),
            (
                "warning".to_string(),
                "content/services/warehouse-sync.toml".to_string()
            ),
        ],
        "{diags:#?}"
    );
}

#[test]
fn every_internal_link_of_the_bundled_site_resolves() {
    let site = built_bundled();
    let broken = broken_links(&site.out());
    assert!(broken.is_empty(), "{broken:#?}");
}

/// Output HTML files reachable from index.html by following links.
fn reachable(out: &Path) -> HashSet<PathBuf> {
    let mut seen = HashSet::new();
    let mut queue = VecDeque::from([out.join("index.html")]);
    while let Some(file) = queue.pop_front() {
        let Ok(canon) = file.canonicalize() else {
            continue;
        };
        if !seen.insert(canon.clone()) {
            continue;
        }
        let doc =
            scraper::Html::parse_document(&std::fs::read_to_string(&canon).unwrap_or_default());
        for href in attrs(&doc, "a[href]", "href") {
            let path = href.split('#').next().unwrap_or("");
            if path.is_empty() || path.contains(':') || !path.ends_with(".html") {
                continue;
            }
            queue.push_back(canon.parent().expect("parent").join(path));
        }
    }
    seen
}

#[test]
fn every_guide_page_is_reachable_links_onwards_and_is_no_stub() {
    let site = built_bundled();
    let seen = reachable(&site.out());
    let mut words_total = 0;
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(site.path().join("content")) {
        let entry = entry.expect("walk");
        let rel = entry
            .path()
            .strip_prefix(site.path().join("content"))
            .expect("rel")
            .to_string_lossy()
            .to_string();
        let is_guide = rel.starts_with("guide/") || rel.starts_with("onboarding/");
        if !is_guide || !rel.ends_with(".md") {
            continue;
        }
        pages += 1;
        let url = if rel.ends_with("_index.md") {
            rel.trim_end_matches("_index.md").to_string()
        } else {
            format!("{}/", rel.trim_end_matches(".md"))
        };
        let out = site
            .out()
            .join(&url)
            .join("index.html")
            .canonicalize()
            .expect("page built");
        assert!(
            seen.contains(&out),
            "{rel} is not reachable from the home page"
        );
        let doc = site.html(&format!("{url}index.html"));
        let links = attrs(&doc, "main .content a[href]", "href");
        assert!(
            links
                .iter()
                .any(|h| h.ends_with(".html") || h.contains(".html#")),
            "{rel} links to no other page"
        );
        let words = texts(&doc, "main .content")
            .join(" ")
            .split_whitespace()
            .count();
        assert!(words >= 600, "{rel} has only {words} words");
        words_total += words;
    }
    assert!(pages >= 14, "only {pages} guide pages");
    assert!(
        words_total >= 15_000,
        "only {words_total} words in the guide"
    );
}

#[test]
fn the_organization_name_comes_from_one_setting() {
    let site = TestSite::bundled();
    let config = std::fs::read_to_string(site.path().join("ownbook.toml")).expect("config");
    assert!(config.contains("organization = \"Brightwater\""));
    site.write(
        "ownbook.toml",
        &config.replace(
            "organization = \"Brightwater\"",
            "organization = \"Zyxwv & Co\"",
        ),
    );
    site.build_ok();
    let mut occurrences = 0;
    for entry in walkdir::WalkDir::new(site.out()).into_iter().flatten() {
        let ext = entry
            .path()
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("");
        if !["html", "json", "xml", "js", "txt"].contains(&ext) {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        // URLs of the example domain are lowercase and stay; the name itself must not.
        assert!(
            !text.contains("Brightwater"),
            "{} still names Brightwater",
            entry.path().display()
        );
        if ext == "html" {
            // `{{ org }}` may remain only inside code, where it is shown as syntax.
            let doc = scraper::Html::parse_document(&text);
            let all = texts(&doc, "body").join(" ").matches("{{ org }}").count();
            let in_code = texts(&doc, "code").join(" ").matches("{{ org }}").count();
            assert_eq!(
                all,
                in_code,
                "{} has an unreplaced {{{{ org }}}} outside code",
                entry.path().display()
            );
        }
        occurrences += text.matches("Zyxwv &amp; Co").count() + text.matches("Zyxwv & Co").count();
    }
    assert!(
        occurrences > 100,
        "the new name appears only {occurrences} times"
    );
    let home = site.html("index.html");
    assert_eq!(texts(&home, "title"), vec!["Zyxwv & Co Ownership Handbook"]);
    // Code blocks keep `{{ org }}` literally: the substitution never touches code.
    let page = site.read("guide/using-this-handbook/index.html");
    assert!(page.contains("{{ org }}"), "code samples keep the syntax");
}
