//! The words of catalog pages in the reader's language: table headings, section
//! titles, filter labels, the words the scripts show (handed to them by the page), and
//! dates written the language's way; the English pages keep their words.

use super::bilingual;
use crate::support::{TestSite, attrs, texts};

/// The bilingual fixture whose team has a review date and a rotation.
fn with_dates() -> TestSite {
    let site = bilingual();
    site.write(
        "content/teams/web.toml",
        "name = \"Web\"\ndescription = \"The Web team.\"\nreviewed = 2026-10-01\nreview_every = 365\n\n\
         [[members]]\nid = \"ana\"\nname = \"Ana Web\"\nrole = \"Engineer\"\n",
    );
    site
}

#[test]
fn service_pages_and_the_services_table_are_labelled_in_japanese() {
    let site = with_dates();
    site.build_ok();
    let ja = site.html("ja/services/web-frontend/index.html");
    assert_eq!(texts(&ja, "#escalation-title"), ["エスカレーション"]);
    assert_eq!(texts(&ja, "#dependencies-title"), ["依存関係"]);
    assert_eq!(texts(&ja, ".facts dt"), ["オーナー"]);
    let en = site.html("services/web-frontend/index.html");
    assert_eq!(texts(&en, "#escalation-title"), ["Escalation"]);
    assert_eq!(texts(&en, ".facts dt"), ["Owner"]);
    // Each scorecard check's outcome, in the page's words.
    let outcomes = |doc, words: [&str; 3]| {
        let found = texts(doc, ".check-outcome");
        assert!(!found.is_empty());
        for word in words {
            assert!(found.iter().any(|f| f == word), "{word} not in {found:?}");
        }
        assert!(
            found.iter().all(|f| words.contains(&f.as_str())),
            "{found:?}"
        );
    };
    outcomes(&ja, ["合格", "不合格", "対象外"]);
    outcomes(&en, ["pass", "fail", "n/a"]);

    let table = site.html("ja/services/index.html");
    assert_eq!(
        texts(&table, "#services-table th"),
        [
            "サービス",
            "オーナー",
            "ティア",
            "ライフサイクル",
            "スコアカード",
            "タグ"
        ]
    );
    assert_eq!(texts(&table, "main h1"), ["サービス"]);
    // The filter script's count sentence comes from the page, in its language.
    let shown = attrs(&table, "output[name=count]", "data-shown");
    assert_eq!(shown, ["{total} 件中 {shown} 件のサービス"]);
    let en_table = site.html("services/index.html");
    assert_eq!(
        attrs(&en_table, "output[name=count]", "data-shown"),
        ["{shown} of {total} services"]
    );
}

#[test]
fn team_pages_are_labelled_in_japanese_with_japanese_dates() {
    let site = with_dates();
    site.build_ok();
    let ja = site.html("ja/teams/web/index.html");
    assert_eq!(texts(&ja, "#members-title"), ["メンバー (1)"]);
    assert_eq!(texts(&ja, "#rotations-title"), ["オンコールローテーション"]);
    assert_eq!(texts(&ja, ".facts dt"), ["エントリーの見直し"]);
    assert_eq!(texts(&ja, ".facts dd"), ["2026年10月1日(365日ごと)"]);
    let en = site.html("teams/web/index.html");
    assert_eq!(texts(&en, "#members-title"), ["Members (1)"]);
    assert_eq!(texts(&en, ".facts dd"), ["2026-10-01 (every 365 days)"]);
    let teams = site.html("ja/teams/index.html");
    assert_eq!(
        texts(&teams, "#teams-table th"),
        ["チーム", "サービス", "メンバー", "現在のオンコール担当"]
    );
}

#[test]
fn the_graph_page_and_its_zoom_buttons_speak_japanese() {
    let site = bilingual();
    site.build_ok();
    let ja = site.html("ja/services/graph/index.html");
    assert_eq!(
        texts(&ja, ".graph-tools button"),
        ["拡大", "縮小", "幅に合わせる"]
    );
    assert_eq!(
        attrs(&ja, ".graph-tools", "aria-label"),
        ["グラフの拡大・縮小"]
    );
    let en = site.html("services/graph/index.html");
    assert_eq!(
        texts(&en, ".graph-tools button"),
        ["Zoom in", "Zoom out", "Fit to width"]
    );
}
