//! Interface strings per language: bundled English and Japanese, a handbook's own
//! overrides, and the fallback (with a warning) for a string a language lacks.

use super::{bilingual, with_code};
use crate::support::{attrs, texts};

#[test]
fn each_language_shows_its_interface_strings() {
    let site = bilingual();
    site.build_ok();
    let en = site.html("guide/on-call/index.html");
    let ja = site.html("ja/guide/on-call/index.html");
    assert_eq!(
        attrs(&en, ".site-header .search-input", "placeholder"),
        ["Search"]
    );
    assert_eq!(
        attrs(&ja, ".site-header .search-input", "placeholder"),
        ["検索"]
    );
    assert_eq!(texts(&ja, ".skip-link"), ["本文へスキップ"]);
    assert_eq!(
        texts(&site.html("ja/404.html"), "main h1"),
        ["ページが見つかりません"]
    );
    let team = site.html("ja/teams/index.html");
    assert!(texts(&team, "th").contains(&"現在のオンコール担当".to_string()));
    // No strings are missing from the bundled Japanese.
    assert!(with_code(&site, "missing-translation-string").is_empty());
}

#[test]
fn a_missing_string_falls_back_to_the_default_language_and_check_lists_it() {
    let site = bilingual();
    // The handbook's own Japanese strings file replaces one string and lacks none of
    // the theme's, so remove the theme's by using a language the theme lacks.
    let config = std::fs::read_to_string(site.path().join("ownbook.toml"))
        .expect("config")
        .replace(
            "[languages.ja]",
            "[languages.de]\nname = \"Deutsch\"\n\n[languages.ja]",
        );
    site.write("ownbook.toml", &config);
    site.write("i18n/de.toml", "search_placeholder = \"Suchen\"\n");
    let missing = with_code(&site, "missing-translation-string");
    assert!(
        missing.iter().all(|(file, _)| file == "i18n/de.toml"),
        "{missing:?}"
    );
    assert!(
        missing.iter().any(|(_, m)| m.contains("`skip_to_content`")),
        "{missing:?}"
    );
    assert!(
        !missing
            .iter()
            .any(|(_, m)| m.contains("`search_placeholder`"))
    );
    site.build_ok();
    let de = site.html("de/index.html");
    assert_eq!(
        attrs(&de, ".site-header .search-input", "placeholder"),
        ["Suchen"]
    );
    assert_eq!(texts(&de, ".skip-link"), ["Skip to content"]);
}

#[test]
fn a_handbook_overrides_a_bundled_string() {
    let site = bilingual();
    site.write(
        "i18n/ja.toml",
        "edit_page = \"編集する\"\nsearch_placeholder = \"さがす\"\n",
    );
    site.build_ok();
    let ja = site.html("ja/guide/on-call/index.html");
    assert_eq!(
        attrs(&ja, ".site-header .search-input", "placeholder"),
        ["さがす"]
    );
    assert!(with_code(&site, "missing-translation-string").is_empty());
}
