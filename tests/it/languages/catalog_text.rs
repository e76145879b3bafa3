//! Catalog texts by language: `description.ja = "…"` beside `description.en` is shown
//! on the Japanese pages, the default language's text everywhere else, and a table
//! that lacks the default language or names an unknown one is an error at its place.

use super::{bilingual, with_code};
use crate::support::{TestSite, at, texts};

const SERVICE: &str = "name = \"Web Frontend\"\n\
description.en = \"The shop's pages.\"\n\
description.ja = \"ショップの画面。\"\n\
owner = \"web\"\ntier = 2\nlifecycle = \"production\"\n";

const TEAM: &str = "name = \"Web\"\n\
[description]\nen = \"The Web team.\"\nja = \"ウェブチーム。\"\n\
\n[[members]]\nid = \"ana\"\nname = \"Ana Web\"\nrole = \"Engineer\"\n";

/// The bilingual fixture with Japanese descriptions of its service and team.
fn with_variants() -> TestSite {
    let site = bilingual();
    site.write("content/services/web-frontend.toml", SERVICE);
    site.write("content/teams/web.toml", TEAM);
    site
}

#[test]
fn japanese_pages_show_the_japanese_description_and_english_ones_the_default() {
    let site = with_variants();
    site.build_ok();
    let service = ".description";
    let ja = site.html("ja/services/web-frontend/index.html");
    assert_eq!(texts(&ja, service), ["ショップの画面。"]);
    let en = site.html("services/web-frontend/index.html");
    assert_eq!(texts(&en, service), ["The shop's pages."]);
    let table = "#services-table .catalog-meta";
    assert_eq!(
        texts(&site.html("ja/services/index.html"), table),
        ["ショップの画面。"]
    );
    assert_eq!(
        texts(&site.html("services/index.html"), table),
        ["The shop's pages."]
    );
    let team = site.html("ja/teams/web/index.html");
    assert_eq!(texts(&team, ".description"), ["ウェブチーム。"]);
    let teams = site.html("ja/teams/index.html");
    assert_eq!(
        texts(&teams, "#teams-table .catalog-meta"),
        ["ウェブチーム。"]
    );
    let en_team = site.html("teams/web/index.html");
    assert_eq!(texts(&en_team, ".description"), ["The Web team."]);
}

#[test]
fn a_plain_description_is_shown_in_every_language() {
    let site = bilingual();
    site.build_ok();
    let ja = site.html("ja/services/web-frontend/index.html");
    assert_eq!(texts(&ja, ".description"), ["The shop's pages."]);
}

#[test]
fn a_table_without_the_default_language_or_with_an_unknown_one_is_an_error_at_it() {
    let site = bilingual();
    site.write(
        "content/services/web-frontend.toml",
        &SERVICE.replace("description.en", "description.fr"),
    );
    let (diags, code) = site.check_json();
    assert_ne!(code, 0);
    let here: Vec<_> = diags
        .iter()
        .filter(|d| d["code"] == "invalid-value")
        .map(at)
        .collect();
    assert_eq!(here.len(), 2, "{diags:?}");
    for (file, line, _, _) in &here {
        assert_eq!(file, "content/services/web-frontend.toml");
        assert!((2..=3).contains(line), "line {line}: {diags:?}");
    }
    let messages: Vec<_> = with_code(&site, "invalid-value")
        .into_iter()
        .map(|(_, m)| m)
        .collect();
    assert!(messages.iter().any(|m| m.contains("`fr`")), "{messages:?}");
    assert!(messages.iter().any(|m| m.contains("`en`")), "{messages:?}");
}
