//! Translation freshness: a translation whose original changed after it was
//! translated is a `stale-translation` warning and a row of the stale page. Git
//! decides (the newer commit, or uncommitted changes to the original) unless the
//! translation records `translated_from`, the hash of the original's text.

use super::bilingual;
use crate::git_history::{commit_all, edit, git, init};
use crate::support::{TestSite, at, attrs, texts};
use sha2::{Digest, Sha256};

const ORIGINAL: &str = "content/guide/on-call.md";
const TRANSLATION: &str = "content/guide/on-call.ja.md";

/// The `stale-translation` warnings, as (file, line, column).
fn stale_warnings(site: &TestSite) -> Vec<(String, u64, u64)> {
    let (diags, _) = site.check_json();
    diags
        .iter()
        .filter(|d| d["code"] == "stale-translation")
        .inspect(|d| assert_eq!(d["severity"], "warning"))
        .map(|d| {
            let (file, line, column, _) = at(d);
            (file, line, column)
        })
        .collect()
}

/// The bilingual fixture committed at `date` (translation and original together).
fn committed() -> TestSite {
    let site = bilingual();
    init(site.path());
    std::fs::write(site.path().join(".gitignore"), "public/\n").expect("ignore");
    commit_all(site.path(), "handbook", "2026-10-01T12:00:00Z");
    site
}

/// The first 12 hex digits of the SHA-256 of a file's bytes.
fn hash_of(site: &TestSite, rel: &str) -> String {
    let bytes = std::fs::read(site.path().join(rel)).expect("read");
    Sha256::digest(&bytes)
        .iter()
        .take(6)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The stale page's rows of translations: (language, title, reason, dates shown).
fn stale_rows(site: &TestSite, page: &str) -> Vec<(String, String, String, Vec<String>)> {
    let doc = site.html(page);
    let langs = attrs(&doc, "#stale-translations tbody tr", "data-lang");
    let reasons = attrs(&doc, "#stale-translations tbody tr", "data-reason");
    let titles = texts(&doc, "#stale-translations tbody tr td:first-child a");
    let dates = texts(&doc, "#stale-translations tbody tr time");
    langs
        .into_iter()
        .zip(titles)
        .zip(reasons)
        .map(|((l, t), r)| (l, t, r, dates.clone()))
        .collect()
}

#[test]
fn an_original_committed_after_its_translation_makes_it_stale() {
    let site = committed();
    edit(
        site.path(),
        ORIGINAL,
        "Every team has one.",
        "Every team has two.",
    );
    commit_all(site.path(), "original", "2026-10-05T12:00:00Z");
    assert_eq!(stale_warnings(&site), [(TRANSLATION.to_string(), 0, 0)]);
    site.build_ok();
    let row = (
        "ja".to_string(),
        "オンコール".to_string(),
        "newer".to_string(),
        vec!["2026-10-05".to_string(), "2026-10-01".to_string()],
    );
    assert_eq!(
        stale_rows(&site, "stale/index.html"),
        std::slice::from_ref(&row)
    );
    assert_eq!(stale_rows(&site, "ja/stale/index.html"), [row]);
    // The links lead to the translation and to the original.
    let doc = site.html("stale/index.html");
    let hrefs = attrs(&doc, "#stale-translations tbody a", "href");
    let resolve = |href: &str| {
        site.out()
            .join("stale")
            .join(href)
            .canonicalize()
            .expect("exists")
    };
    assert_eq!(
        resolve(&hrefs[0]),
        site.out()
            .join("ja/guide/on-call/index.html")
            .canonicalize()
            .expect("ja")
    );
    assert_eq!(
        resolve(&hrefs[1]),
        site.out()
            .join("guide/on-call/index.html")
            .canonicalize()
            .expect("en")
    );
    let doc = site.html("ja/stale/index.html");
    let hrefs = attrs(&doc, "#stale-translations tbody a", "href");
    let resolve = |href: &str| {
        site.out()
            .join("ja/stale")
            .join(href)
            .canonicalize()
            .expect("exists")
    };
    assert_eq!(
        resolve(&hrefs[1]),
        site.out()
            .join("guide/on-call/index.html")
            .canonicalize()
            .expect("en")
    );
}

#[test]
fn a_translation_committed_after_its_original_is_fresh() {
    let site = committed();
    edit(
        site.path(),
        ORIGINAL,
        "Every team has one.",
        "Every team has two.",
    );
    commit_all(site.path(), "original", "2026-10-05T12:00:00Z");
    edit(site.path(), TRANSLATION, "あります。", "2つあります。");
    commit_all(site.path(), "translation", "2026-10-06T12:00:00Z");
    assert_eq!(stale_warnings(&site), []);
    site.build_ok();
    assert_eq!(stale_rows(&site, "stale/index.html"), []);
    let doc = site.html("stale/index.html");
    assert_eq!(texts(&doc, "#translations"), ["Stale translations"]);
    assert_eq!(
        texts(&site.html("ja/stale/index.html"), "#translations"),
        ["古くなった翻訳"]
    );
}

#[test]
fn uncommitted_changes_to_the_original_alone_make_the_translation_stale() {
    let site = committed();
    assert_eq!(stale_warnings(&site), []);
    edit(
        site.path(),
        ORIGINAL,
        "Every team has one.",
        "Every team has two.",
    );
    assert_eq!(stale_warnings(&site), [(TRANSLATION.to_string(), 0, 0)]);
    // Translating in the same change keeps it fresh.
    edit(site.path(), TRANSLATION, "あります。", "2つあります。");
    assert_eq!(stale_warnings(&site), []);
}

#[test]
fn translated_from_is_the_hash_of_the_original_and_wins_over_git() {
    // Outside git: only `translated_from` tells.
    let site = bilingual();
    assert_eq!(stale_warnings(&site), []);
    let recorded = "+++\ntitle = \"オンコール\"\ntranslated_from = \"000000000000\"\n+++\n";
    edit(
        site.path(),
        TRANSLATION,
        "+++\ntitle = \"オンコール\"\n+++\n",
        recorded,
    );
    assert_eq!(stale_warnings(&site), [(TRANSLATION.to_string(), 3, 1)]);
    let hash = hash_of(&site, ORIGINAL);
    let (diags, _) = site.check_json();
    let hint = diags
        .iter()
        .find(|d| d["code"] == "stale-translation")
        .expect("warning")["hint"]
        .clone();
    assert!(hint.as_str().is_some_and(|h| h.contains(&hash)), "{hint}");
    site.build_ok();
    let rows = stale_rows(&site, "stale/index.html");
    assert_eq!(
        rows.iter().map(|r| r.2.as_str()).collect::<Vec<_>>(),
        ["hash"]
    );
    edit(site.path(), TRANSLATION, "000000000000", &hash);
    assert_eq!(stale_warnings(&site), []);
    // In git, the recorded hash decides: a translation that records the text its
    // original has is fresh, even though the original was committed after it.
    init(site.path());
    commit_all(site.path(), "handbook", "2026-10-01T12:00:00Z");
    edit(site.path(), ORIGINAL, "escalation", "the escalation");
    edit(site.path(), TRANSLATION, &hash, &hash_of(&site, ORIGINAL));
    git(site.path(), &["add", TRANSLATION], "2026-10-03T12:00:00Z");
    git(
        site.path(),
        &["commit", "-q", "-m", "translation"],
        "2026-10-03T12:00:00Z",
    );
    commit_all(site.path(), "original", "2026-10-05T12:00:00Z");
    assert_eq!(stale_warnings(&site), []);
}

#[test]
fn a_rule_setting_silences_it() {
    let site = committed();
    edit(
        site.path(),
        ORIGINAL,
        "Every team has one.",
        "Every team has two.",
    );
    let config = std::fs::read_to_string(site.path().join("ownbook.toml")).expect("config");
    site.write(
        "ownbook.toml",
        &format!("{config}\n[rules]\nstale-translation = \"off\"\n"),
    );
    assert_eq!(stale_warnings(&site), []);
}
