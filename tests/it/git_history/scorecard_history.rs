//! The page of scorecards over time: its SVG and table parsed with scraper, on a
//! repository whose commits are spread over weeks.

use super::{commit_all, init};
use crate::support::*;
use scraper::{Html, Selector};

const CONFIG: &str = r#"title = "History Handbook"
organization = "Acme"

[scorecard]
levels = ["bronze", "gold"]

[[scorecard.checks]]
level = "bronze"
name = "Has a repository"
field = "repository"

[[scorecard.checks]]
level = "gold"
name = "Reviewed in the last 10 days"
field = "reviewed"
max_age_days = 10
"#;

const TEAM: &str =
    "name = \"Core <Team>\"\ndescription = \"Core.\"\n[[members]]\nid = \"ada\"\nname = \"Ada\"\n";

const SERVICE: &str = "name = \"Alpha\"\ndescription = \"Alpha.\"\nowner = \"core\"\ntier = 3\nlifecycle = \"design\"\n";

/// A handbook whose one service reaches no level (week ending 2026-10-25), bronze
/// (2026-11-08), gold (2026-11-15: reviewed five days before), and bronze again the
/// week after without any commit (its review is then twelve days old).
fn history_site() -> TestSite {
    let site = TestSite::new();
    let root = site.path();
    site.write("ownbook.toml", CONFIG);
    site.write("content/teams/core.toml", TEAM);
    site.write("content/services/alpha.toml", SERVICE);
    init(root);
    commit_all(root, "alpha", "2026-10-20T12:00:00Z");
    let repository = format!("{SERVICE}repository = \"https://git.example/alpha\"\n");
    site.write("content/services/alpha.toml", &repository);
    commit_all(root, "alpha has a repository", "2026-11-03T12:00:00Z");
    site.write(
        "content/services/alpha.toml",
        &format!("{repository}reviewed = 2026-11-10\n"),
    );
    commit_all(root, "alpha reviewed", "2026-11-10T12:00:00Z");
    site
}

fn select<'a>(doc: &'a Html, selector: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&Selector::parse(selector).expect("selector"))
        .collect()
}

/// Each week's (end date, level of the one service or "" for no data) from the SVG.
fn weeks(doc: &Html) -> Vec<(String, String)> {
    select(doc, "#team-core svg g.week")
        .into_iter()
        .map(|g| {
            let end = g.value().attr("data-week").unwrap_or("").to_string();
            let rect = Selector::parse("rect").expect("selector");
            let level = g
                .select(&rect)
                .map(|r| r.value().attr("data-level").unwrap_or("").to_string())
                .collect::<Vec<_>>()
                .join(",");
            (end, level)
        })
        .collect()
}

#[test]
fn history_page_draws_each_teams_levels_week_by_week() {
    let site = history_site();
    site.build_ok();
    let doc = site.html("scorecards/history/index.html");
    let weeks = weeks(&doc);
    assert_eq!(weeks.len(), 26);
    assert_eq!(weeks[0].0, "2026-05-31");
    let last: Vec<(&str, &str)> = weeks[20..]
        .iter()
        .map(|(e, l)| (e.as_str(), l.as_str()))
        .collect();
    assert_eq!(
        last,
        [
            ("2026-10-18", ""),
            ("2026-10-25", "none"),
            ("2026-11-01", "none"),
            ("2026-11-08", "bronze"),
            ("2026-11-15", "gold"),
            ("2026-11-22", "bronze"),
        ]
    );
    // Accessible: the SVG is named and described, and a table says the same.
    let svg = &select(&doc, "#team-core svg")[0];
    let labelled = svg.value().attr("aria-labelledby").unwrap_or("");
    let title = texts(&doc, "#team-core svg > title").join("");
    assert!(title.contains("Core <Team>"), "{title}");
    for id in labelled.split_whitespace() {
        assert_eq!(select(&doc, &format!("#{id}")).len(), 1, "{id}");
    }
    let rows: Vec<Vec<String>> = select(&doc, "#team-core table tbody tr")
        .into_iter()
        .map(|tr| {
            let cells = Selector::parse("th, td").expect("selector");
            tr.select(&cells).map(|c| c.text().collect()).collect()
        })
        .collect();
    assert_eq!(rows.len(), 26);
    assert_eq!(rows[23][..4], ["2026-11-08", "0", "1", "0"]);
    assert_eq!(rows[24][..4], ["2026-11-15", "0", "0", "1"]);
    assert_eq!(rows[0][1], "no commit yet");
    // The scorecards page links the history.
    let scorecards = site.html("scorecards/index.html");
    let links = attrs(&scorecards, "a[href*='history/']", "href");
    assert_eq!(links, ["history/index.html"]);
    assert!(broken_links(&site.out()).is_empty());
}

#[test]
fn a_handbook_outside_git_has_no_history_page_and_no_warning() {
    let site = TestSite::new();
    site.write("content/teams/core.toml", TEAM);
    site.write("content/services/alpha.toml", SERVICE);
    let out = site.build_ok();
    assert!(!site.out().join("scorecards/history").exists());
    let scorecards = site.html("scorecards/index.html");
    assert!(attrs(&scorecards, "a[href*='history/']", "href").is_empty());
    let (diags, _) = site.check_json();
    assert!(diags.is_empty(), "{diags:?}");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("warning"));
}

#[test]
fn serve_scores_the_history_again_only_when_head_moves() {
    let site = TestSite::new();
    site.write("content/teams/core.toml", TEAM);
    site.write("content/services/alpha.toml", SERVICE);
    init(site.path());
    let now = jiff::Timestamp::now().to_string();
    commit_all(site.path(), "alpha", &now);
    let opts = ownbook::BuildOptions {
        root: site.path().to_path_buf(),
        ..Default::default()
    };
    let mut inc = ownbook::Incremental::new();
    let phase = |inc: &mut ownbook::Incremental| {
        let compiled =
            ownbook::compile(&opts, ownbook::Pages::InMemory, Some(inc)).expect("compile");
        let has_page = compiled
            .output
            .files
            .iter()
            .any(|f| f.path == "scorecards/history/index.html");
        let name = compiled
            .timings
            .phases()
            .map(|(n, _)| n)
            .find(|n| n.starts_with("scorecard history"));
        inc.keep(compiled.site);
        (name.unwrap_or("").to_string(), has_page)
    };
    assert_eq!(phase(&mut inc), ("scorecard history".to_string(), true));
    // An edit of the working tree: the history (of commits) is kept.
    site.write(
        "content/services/alpha.toml",
        &format!("{SERVICE}tags = [\"x\"]\n"),
    );
    inc.load_everything();
    assert_eq!(
        phase(&mut inc),
        ("scorecard history (HEAD unchanged)".to_string(), true)
    );
    // A commit: computed again.
    commit_all(site.path(), "tags", &now);
    assert_eq!(phase(&mut inc), ("scorecard history".to_string(), true));
}
