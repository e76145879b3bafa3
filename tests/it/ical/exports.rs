//! Overrides in the exports: Backstage carries them in an annotation and `import
//! backstage` writes the team file back byte for byte; PagerDuty's Terraform provider
//! has no override resource, so each one is noted at its file:line:col.

use super::dst::{TEAM, ops_site};
use super::*;
use saphyr::{LoadableYamlNode, YamlOwned};

/// Two overrides, not in the order of their rotations or starts, one without a note
/// and one whose note needs quoting in YAML and JSON (lines 30 to 41).
const OVERRIDES: &str = r#"
[[overrides]]
rotation = "newyork"
member = "anna"
start = 2027-04-05T10:00:00
end = 2027-04-07T18:30:00
note = "Ben: \"moving house\", back Thursday"

[[overrides]]
rotation = "berlin"
member = "ben"
start = 2027-03-16T00:00:00
end = 2027-03-17T00:00:00
"#;

/// An empty folder to import into.
fn empty() -> TestSite {
    TestSite {
        dir: tempfile::tempdir().expect("temp dir"),
    }
}

fn ok(out: Output) -> String {
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "failed:\n{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    text
}

#[test]
fn backstage_carries_overrides_and_imports_the_team_file_back_byte_for_byte() {
    let team = format!("{TEAM}{OVERRIDES}");
    let site = ops_site(&team);
    ok(site.run(&["export", "backstage", "--out", "bs"]));
    let yaml = std::fs::read_to_string(site.path().join("bs/teams/ops/catalog-info.yaml"))
        .expect("group file");
    let docs = YamlOwned::load_from_str(&yaml).expect("YAML");
    let carried = docs[0]
        .as_mapping_get("metadata")
        .and_then(|m| m.as_mapping_get("annotations"))
        .and_then(|a| a.as_mapping_get("ownbook.dev/overrides"))
        .and_then(YamlOwned::as_str)
        .expect("the overrides annotation");
    let carried: serde_json::Value = serde_json::from_str(carried).expect("JSON");
    assert_eq!(carried[0]["rotation"], "newyork", "in the file's order");
    assert_eq!(carried[0]["end"], "2027-04-07T18:30:00");
    assert_eq!(carried[0]["note"], "Ben: \"moving house\", back Thursday");
    assert!(carried[1].get("note").is_none());

    let back = empty();
    let all = site.path().join("bs/all.yaml");
    ok(back.run(&["import", "backstage", &all.to_string_lossy()]));
    let imported =
        std::fs::read_to_string(back.path().join("content/teams/ops.toml")).expect("imported");
    assert_eq!(imported, team);
}

#[test]
fn backstage_import_leaves_out_an_override_with_an_offset_time() {
    let site = ops_site(&format!("{TEAM}{OVERRIDES}"));
    ok(site.run(&["export", "backstage", "--out", "bs"]));
    let file = site.path().join("bs/teams/ops/catalog-info.yaml");
    let yaml = std::fs::read_to_string(&file).expect("group file");
    let edited = yaml.replace("2027-03-16T00:00:00", "2027-03-16T00:00:00Z");
    assert_ne!(edited, yaml);
    std::fs::write(&file, edited).expect("write");
    let back = empty();
    let all = site.path().join("bs/all.yaml");
    let report = ok(back.run(&["import", "backstage", &all.to_string_lossy()]));
    assert!(
        report.contains("override of rotation `berlin` by `ben`"),
        "{report}"
    );
    let imported =
        std::fs::read_to_string(back.path().join("content/teams/ops.toml")).expect("imported");
    let doc: toml::Table = imported.parse().expect("TOML");
    let kept = doc["overrides"].as_array().expect("overrides");
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0]["rotation"].as_str(), Some("newyork"));
}

#[test]
fn pagerduty_export_notes_each_override_at_its_start() {
    let site = ops_site(&format!("{TEAM}{OVERRIDES}"));
    let report = ok(site.run(&["export", "pagerduty", "--out", "pd"]));
    for (place, who) in [
        (
            "content/teams/ops.toml:33:9",
            "`anna` covering rotation `newyork`",
        ),
        (
            "content/teams/ops.toml:40:9",
            "`ben` covering rotation `berlin`",
        ),
    ] {
        let lines: Vec<&str> = report.lines().collect();
        let at = lines
            .iter()
            .position(|l| l.contains(place))
            .unwrap_or_else(|| panic!("no note at {place}:\n{report}"));
        // The message is on the line above its place.
        assert!(lines[at - 1].contains(who), "{}", lines[at - 1]);
        assert!(lines[at - 1].contains("no schedule overrides"));
    }
}
