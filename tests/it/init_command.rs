//! `ownbook init DIR --org NAME`: the new handbook speaks of the organization only,
//! in its names and in its example addresses.

use crate::support::TestSite;
use serde_json::Value;

/// A handbook made by `ownbook init . ARGS` in a new temporary folder.
fn init(args: &[&str]) -> TestSite {
    let site = TestSite {
        dir: tempfile::tempdir().expect("temp dir"),
    };
    let mut all = vec!["init", "."];
    all.extend_from_slice(args);
    let out = site.run(&all);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    site
}

/// Every file of a folder, as (path relative to it, bytes), sorted.
fn files(root: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut all: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(root)
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(root).expect("prefix");
            (
                rel.to_string_lossy().into_owned(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect();
    all.sort();
    all
}

/// Diagnostics as (file, line, code, severity, message), comparable across handbooks.
fn diagnostics(site: &TestSite) -> Vec<(String, u64, String, String, String)> {
    let (diags, code) = site.check_json();
    assert_eq!(code, 0, "{diags:#?}");
    let text = |d: &Value, k: &str| d[k].as_str().unwrap_or_default().to_string();
    let mut all: Vec<_> = diags
        .iter()
        .map(|d| {
            (
                text(d, "file"),
                d["line"].as_u64().unwrap_or_default(),
                text(d, "code"),
                text(d, "severity"),
                text(d, "message"),
            )
        })
        .collect();
    all.sort();
    all
}

#[test]
fn init_with_org_leaves_no_trace_of_the_example_company() {
    let site = init(&["--org", "Acme Grocery"]);
    let written = files(site.path());
    assert!(written.len() > 60, "{} files", written.len());
    for (rel, bytes) in &written {
        let text = String::from_utf8_lossy(bytes).to_lowercase();
        assert!(
            !text.contains("brightwater"),
            "{rel} still names Brightwater"
        );
    }
    // The example addresses are the organization's.
    let team: toml::Table =
        std::fs::read_to_string(site.path().join("content/teams/checkout.toml"))
            .expect("team")
            .parse()
            .expect("toml");
    assert_eq!(
        team["email"].as_str(),
        Some("checkout-team@acme-grocery.example")
    );
    let config: toml::Table = std::fs::read_to_string(site.path().join("ownbook.toml"))
        .expect("config")
        .parse()
        .expect("toml");
    assert_eq!(config["organization"].as_str(), Some("Acme Grocery"));
    // The new handbook builds, with the bundled handbook's warnings and no others
    // (as `init` writes it, with `#:schema` lines, so that the lines match).
    site.build_ok();
    let bundled = init(&[]);
    bundled.build_ok();
    let expected: Vec<_> = diagnostics(&bundled)
        .into_iter()
        .map(|(f, l, c, s, m)| (f, l, c, s, m.replace("brightwater", "acme-grocery")))
        .collect();
    assert_eq!(diagnostics(&site), expected);
}

#[test]
fn init_empty_writes_a_skeleton_that_checks_clean() {
    let site = init(&["--empty", "--org", "Acme Grocery"]);
    let written: Vec<String> = files(site.path())
        .into_iter()
        .map(|(rel, _)| rel)
        .filter(|rel| !rel.starts_with("schemas"))
        .collect();
    assert_eq!(
        written,
        [
            "content/_index.md",
            "content/guide/ownership.md",
            "content/services/first-service.toml",
            "content/teams/our-team.toml",
            "ownbook.toml",
        ]
    );
    let (diags, code) = site.check_json();
    assert_eq!((diags.len(), code), (0, 0), "{diags:#?}");
    site.build_ok();
    // The home page names the organization and links to the guide page, the
    // service and the team, each of which was built.
    let home = site.html("index.html");
    let title = scraper::Selector::parse("h1").expect("selector");
    let h1: String = home.select(&title).flat_map(|h| h.text()).collect();
    assert_eq!(h1.trim(), "Acme Grocery Ownership Handbook");
    let links = scraper::Selector::parse("main a[href]").expect("selector");
    let hrefs: Vec<&str> = home
        .select(&links)
        .filter_map(|a| a.value().attr("href"))
        .collect();
    for page in [
        "guide/ownership/",
        "services/first-service/",
        "teams/our-team/",
    ] {
        let href = hrefs
            .iter()
            .find(|h| h.starts_with(page))
            .unwrap_or_else(|| panic!("no link to {page} in {hrefs:?}"));
        assert!(site.out().join(href).is_file(), "{href}");
    }
}
