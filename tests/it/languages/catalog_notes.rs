//! Notes by language: a dependency's or an override's `note.ja` and a service's
//! translated prose (`web-frontend.ja.md`) are shown on the Japanese pages; the
//! English pages keep the default language's text, and the Japanese prose's links are
//! checked like any page's.

use super::bilingual;
use crate::support::{TestSite, at, texts};

const SERVICE: &str = r#"name = "Web Frontend"
description = "The shop's pages."
owner = "web"
tier = 2
lifecycle = "production"
depends_on = [
  { service = "cart", critical = true, note.en = "Reads the basket.", note.ja = "買い物かごを読む。" },
]
"#;

const CART: &str = r#"name = "Cart"
description = "Baskets."
owner = "web"
tier = 1
lifecycle = "production"
"#;

const TEAM: &str = r#"name = "Web"
description = "The Web team."

[[members]]
id = "ana"
name = "Ana Web"

[[members]]
id = "ben"
name = "Ben Web"

[[rotations]]
id = "primary"
name = "Web primary"
members = ["ana", "ben"]
rotation_virtual_start = 2026-11-02T09:00:00
turn_length_days = 7
time_zone = "Europe/Berlin"
coverage = "24/7"

[[overrides]]
rotation = "primary"
member = "ben"
start = 2026-12-01T09:00:00
end = 2026-12-03T09:00:00
note = { en = "Ana at a conference.", ja = "アナは学会に出席。" }
"#;

/// The bilingual fixture with notes by language and a translated service prose.
fn with_notes() -> TestSite {
    let site = bilingual();
    site.write("content/services/web-frontend.toml", SERVICE);
    site.write("content/services/cart.toml", CART);
    site.write("content/teams/web.toml", TEAM);
    site.write(
        "content/services/web-frontend.md",
        "## Deploying\n\nShip from the main branch.\n",
    );
    site.write(
        "content/services/web-frontend.ja.md",
        "## デプロイ\n\nmain ブランチから出荷します。\n",
    );
    site
}

#[test]
fn japanese_pages_show_the_japanese_notes_and_prose_and_english_ones_the_default() {
    let site = with_notes();
    site.build_ok();
    let ja = site.html("ja/services/web-frontend/index.html");
    assert_eq!(texts(&ja, ".dep-note"), ["買い物かごを読む。"]);
    assert_eq!(texts(&ja, "#notes p"), ["main ブランチから出荷します。"]);
    let en = site.html("services/web-frontend/index.html");
    assert_eq!(texts(&en, ".dep-note"), ["Reads the basket."]);
    assert_eq!(texts(&en, "#notes p"), ["Ship from the main branch."]);
    let override_note = "#rotation-primary table.overrides td:last-child";
    let ja_team = site.html("ja/teams/web/index.html");
    assert_eq!(texts(&ja_team, override_note), ["アナは学会に出席。"]);
    let en_team = site.html("teams/web/index.html");
    assert_eq!(texts(&en_team, override_note), ["Ana at a conference."]);
    // The overdue-reviews page speaks the reader's language too.
    let ja_stale = site.html("ja/stale/index.html");
    assert_eq!(texts(&ja_stale, "#entries"), ["サービス、チーム、ページ"]);
    assert_eq!(texts(&ja_stale, "#runbooks"), ["古くなった Runbook"]);
    let en_stale = site.html("stale/index.html");
    assert_eq!(texts(&en_stale, "#entries"), ["Services, teams and pages"]);
    for stale in [&ja_stale, &en_stale] {
        assert_eq!(texts(stale, ".lead code"), ["reviewed", "review_every"]);
    }
}

#[test]
fn a_note_in_an_unknown_language_and_a_translated_prose_link_are_checked() {
    let site = with_notes();
    site.write(
        "content/services/web-frontend.toml",
        &SERVICE.replace("note.ja", "note.fr"),
    );
    site.write(
        "content/services/web-frontend.ja.md",
        "## デプロイ\n\n[手順](../guide/missing.md)を見てください。\n",
    );
    let (diags, code) = site.check_json();
    assert_ne!(code, 0);
    let unknown: Vec<_> = diags
        .iter()
        .filter(|d| d["code"] == "invalid-value")
        .map(at)
        .collect();
    assert_eq!(unknown.len(), 1, "{diags:?}");
    assert_eq!(unknown[0].0, "content/services/web-frontend.toml");
    assert_eq!(unknown[0].1, 7);
    let broken: Vec<_> = diags
        .iter()
        .filter(|d| d["code"] == "broken-link")
        .map(at)
        .collect();
    assert_eq!(broken.len(), 1, "{diags:?}");
    assert_eq!(broken[0].0, "content/services/web-frontend.ja.md");
    assert_eq!(broken[0].1, 3);
}
