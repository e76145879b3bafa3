//! `ownbook import mkdocs SRC --translation OTHER`: an English guide and its
//! Japanese edition become one bilingual handbook. Pages pair by file, then by
//! place in the nav (the Japanese edition renamed one file); a page only in one
//! edition is reported and kept.

use super::*;
use crate::support::*;

/// The two editions. The fixture's folder is not named `mkdocs-*`: benches/outputs.sh
/// imports each of those as one project.
fn editions() -> (String, String) {
    (
        fixture("bilingual-mkdocs/en"),
        fixture("bilingual-mkdocs/ja"),
    )
}

#[test]
fn a_guide_and_its_translation_become_one_bilingual_handbook() {
    let site = empty_site();
    let (en, ja) = editions();
    // The spelling of the flag works too.
    let report = ok(site.run(&[
        "import",
        "mkdocs",
        &en,
        "--into",
        ".",
        "--translation-of",
        &ja,
    ]));
    has_line(
        &report,
        "content/glossary.md: only in the original; not translated",
    );
    has_line(
        &report,
        "content/oncall/contacts.ja.md: only in the `ja` edition; content/oncall/contacts.md stands in",
    );
    // Each edition's `theme.language` names a language: no note says it is lost.
    assert!(!report.contains("theme setting `language`"), "{report}");
    let exists = |rel: &str| site.path().join("content").join(rel).is_file();
    for rel in [
        "_index.ja.md",
        "before.ja.md",
        "oncall/_index.ja.md",
        "oncall/rotations.ja.md",
        // oncall/hikitsugi.md in the Japanese edition, at handoff's place in the nav.
        "oncall/handoff.ja.md",
        "oncall/contacts.ja.md",
        "oncall/contacts.md",
    ] {
        assert!(exists(rel), "{rel}");
    }
    assert!(!exists("glossary.ja.md") && !exists("oncall/hikitsugi.ja.md"));
    assert_eq!(
        front_matter(&site, "content/oncall/handoff.ja.md")["title"].as_str(),
        Some("引き継ぎ")
    );

    let config: toml::Table = std::fs::read_to_string(site.path().join("ownbook.toml"))
        .expect("config")
        .parse()
        .expect("toml");
    let languages = &config["languages"];
    assert_eq!(languages["default"].as_str(), Some("en"));
    assert_eq!(languages["ja"]["name"].as_str(), Some("日本語"));
    assert_eq!(languages["ja"]["title"].as_str(), Some("インシデント対応"));

    assert_no_errors(&site);
    site.build_ok();
    assert_eq!(broken_links(&site.out()), Vec::<String>::new());
    for (page, lang) in [
        ("oncall/handoff/index.html", "en"),
        ("ja/oncall/handoff/index.html", "ja"),
        ("ja/oncall/contacts/index.html", "ja"),
        ("oncall/contacts/index.html", "en"),
        ("glossary/index.html", "en"),
    ] {
        assert_eq!(attrs(&site.html(page), "html", "lang"), [lang], "{page}");
    }
    assert_eq!(
        texts(&site.html("ja/oncall/handoff/index.html"), "main h1"),
        ["引き継ぎ"]
    );
    // A Japanese page links to the Japanese pages, renamed file or not.
    let before = site.html("ja/before/index.html");
    let hrefs = attrs(&before, "main .page-body a, main article a", "href");
    let targets: Vec<std::path::PathBuf> = hrefs
        .iter()
        .filter(|h| !h.starts_with('#') && !h.contains("://"))
        .filter_map(|h| {
            site.out()
                .join("ja/before")
                .join(h.split('#').next().unwrap_or(h))
                .canonicalize()
                .ok()
        })
        .collect();
    for page in [
        "ja/oncall/rotations/index.html",
        "ja/oncall/contacts/index.html",
    ] {
        let page = site.out().join(page).canonicalize().expect("page");
        assert!(targets.contains(&page), "{page:?} not in {targets:?}");
    }
}

#[test]
fn the_translation_needs_a_language_other_than_the_originals() {
    let site = empty_site();
    let (en, ja) = editions();
    let out = site.run(&[
        "import",
        "mkdocs",
        &en,
        "--into",
        ".",
        "--translation",
        &ja,
        "--language",
        "en",
    ]);
    // A problem with the input, as for any import that cannot be read.
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--language"), "{err}");
    assert!(
        !site.path().join("ownbook.toml").exists(),
        "nothing is written"
    );
}
