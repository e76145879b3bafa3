//! Where translations live, and the mistakes in `[languages]` and in the layout that
//! a user is told about.

use super::{bilingual, with_code};
use crate::support::at;

#[test]
fn a_content_tree_per_language_is_rejected_naming_the_folder_and_the_layout() {
    let site = bilingual();
    site.write(
        "content/ja/guide/on-call.md",
        "+++\ntitle = \"オンコール\"\n+++\nテキスト\n",
    );
    let out = site.run(&["build"]);
    assert!(
        !out.status.success(),
        "a content/ja/ tree must fail the build"
    );
    let (diags, code) = site.check_json();
    assert_ne!(code, 0);
    let folder: Vec<_> = diags
        .iter()
        .filter(|d| d["code"] == "language-folder")
        .collect();
    assert_eq!(folder.len(), 1, "{diags:#?}");
    assert_eq!(folder[0]["severity"], "error");
    assert_eq!(folder[0]["file"], "content/ja/");
    let hint = folder[0]["hint"].as_str().unwrap_or("");
    assert!(
        hint.contains("content/X.ja.md"),
        "the hint names the expected layout: {hint}"
    );
}

#[test]
fn a_suffix_naming_no_configured_language_is_an_ordinary_page_with_a_warning() {
    let site = bilingual();
    site.write(
        "content/guide/runbooks.fr.md",
        "+++\ntitle = \"Runbooks\"\n+++\nTexte.\n",
    );
    let warnings = with_code(&site, "unknown-language");
    assert_eq!(
        warnings.iter().map(|(f, _)| f.as_str()).collect::<Vec<_>>(),
        ["content/guide/runbooks.fr.md"]
    );
    site.build_ok();
    assert!(site.out().join("guide/runbooksfr/index.html").is_file());
}

#[test]
fn a_single_language_site_does_not_read_suffixes_as_languages() {
    let site = crate::support::TestSite::new();
    site.write("content/_index.md", "+++\ntitle = \"Home\"\n+++\nHi.\n")
        .write(
            "content/notes.v2.md",
            "+++\ntitle = \"Notes\"\n+++\nText.\n",
        )
        .write(
            "content/notes.ja.md",
            "+++\ntitle = \"Notes\"\n+++\nText.\n",
        );
    assert!(with_code(&site, "unknown-language").is_empty());
    site.build_ok();
    assert!(site.out().join("notesja/index.html").is_file());
    assert!(!site.out().join("ja").exists());
}

#[test]
fn mistakes_in_languages_point_at_their_line() {
    let site = bilingual();
    let config = "title = \"Acme\"\nlanguage = \"de\"\n\n[languages]\ndefault = \"en\"\n\n[languages.ja]\ntitle = \"x\"\n";
    site.write("ownbook.toml", config);
    let (diags, code) = site.check_json();
    assert_ne!(code, 0);
    let found: Vec<_> = diags.iter().map(at).collect();
    assert!(
        found.contains(&("ownbook.toml".into(), 2, 1, "config".into())),
        "{found:?}"
    );
    assert!(
        found.contains(&("ownbook.toml".into(), 7, 1, "config".into())),
        "{found:?}"
    );
}

#[test]
fn languages_without_a_default_is_an_error_at_the_table() {
    let site = bilingual();
    site.write(
        "ownbook.toml",
        "title = \"Acme\"\n\n[languages.ja]\nname = \"日本語\"\n",
    );
    let (diags, _) = site.check_json();
    let found: Vec<_> = diags.iter().map(at).collect();
    assert_eq!(found, [("ownbook.toml".into(), 3, 1, "config".into())]);
}

#[test]
fn a_translation_without_an_original_is_left_out_with_a_warning() {
    let site = bilingual();
    site.write(
        "content/guide/extra.ja.md",
        "+++\ntitle = \"追加\"\n+++\n本文。\n",
    );
    let warnings = with_code(&site, "translation-without-original");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].0, "content/guide/extra.ja.md");
    site.build_ok();
    assert!(!site.out().join("ja/guide/extra").exists());
}
