//! `ownbook diff REV`: the Markdown is parsed with pulldown-cmark (tables by the
//! heading above them, list items) and the JSON with serde_json.

use super::{catalog_fixture, commit_all, edit, git, init};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Output;

/// What a Markdown document holds: each table's rows (header first) by the heading
/// above it, list items, and the text of the paragraphs.
#[derive(Debug, Default)]
struct Doc {
    tables: BTreeMap<String, Vec<Vec<String>>>,
    items: Vec<String>,
    paragraphs: Vec<String>,
}

fn parse_markdown(md: &str) -> Doc {
    let mut doc = Doc::default();
    let (mut heading, mut text) = (String::new(), String::new());
    let mut row: Vec<String> = Vec::new();
    for event in Parser::new_ext(md, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Heading { .. } | Tag::TableCell | Tag::Item | Tag::Paragraph) => {
                text.clear()
            }
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::End(TagEnd::Heading(_)) => heading = text.clone(),
            Event::End(TagEnd::TableCell) => row.push(text.clone()),
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                let rows = doc.tables.entry(heading.clone()).or_default();
                rows.push(std::mem::take(&mut row));
            }
            Event::End(TagEnd::Item) => doc.items.push(text.clone()),
            Event::End(TagEnd::Paragraph) => doc.paragraphs.push(text.clone()),
            _ => {}
        }
    }
    doc
}

/// Runs `ownbook ARGS` in `dir`.
fn ownbook(dir: &Path, args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_ownbook"))
        .args(args)
        .current_dir(dir)
        .env("OWNBOOK_TODAY", "2026-11-22")
        .output()
        .expect("run ownbook")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

/// The fixture committed, then a second commit that changes an owner, a tier, a
/// lifecycle, a dependency, an escalation delay and a rotation, removes a service and
/// adds one (named with Markdown's special characters) that depends on a service
/// that does not exist (an error).
fn changed_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    catalog_fixture(root);
    init(root);
    commit_all(root, "catalog", "2026-11-01T12:00:00Z");
    let pricing = "content/services/pricing.toml";
    edit(root, pricing, "owner = \"payments\"", "owner = \"web\"");
    edit(
        root,
        pricing,
        "depends_on = []",
        "depends_on = [\"ledger\"]",
    );
    edit(
        root,
        "content/services/search-index.toml",
        "tier = 2",
        "tier = 3",
    );
    let reports = "content/services/reports.toml";
    edit(
        root,
        reports,
        "lifecycle = \"production\"",
        "lifecycle = \"deprecated\"",
    );
    let team = "content/teams/payments.toml";
    edit(
        root,
        team,
        "escalation_delay_in_minutes = 10",
        "escalation_delay_in_minutes = 20",
    );
    edit(
        root,
        team,
        "members = [\"ana\", \"ben\", \"cleo\"]",
        "members = [\"cleo\", \"ana\", \"maria\"]",
    );
    std::fs::remove_file(root.join("content/services/newsletter.toml")).expect("rm");
    std::fs::write(
        root.join("content/services/new-svc.toml"),
        "name = \"Pipes | and *stars* @acme\"\ndescription = \"New.\"\nowner = \"payments\"\ntier = 1\nlifecycle = \"production\"\ndepends_on = [\"ghost\"]\n",
    )
    .expect("write");
    commit_all(root, "change the catalog", "2026-11-02T12:00:00Z");
    dir
}

#[test]
fn diff_markdown_lists_every_kind_of_catalog_change() {
    let repo = changed_repo();
    let out = ownbook(repo.path(), &["diff", "HEAD~1"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc = parse_markdown(&stdout(&out));
    let services = &doc.tables["Services"];
    let header = row(&[
        "Change",
        "Service",
        "Owner",
        "Tier",
        "Lifecycle",
        "Scorecard",
    ]);
    assert_eq!(services[0], header);
    assert!(
        services.iter().all(|r| r.len() == header.len()),
        "{services:?}"
    );
    assert_eq!(
        services[1][..5],
        row(&[
            "added",
            "Pipes | and *stars* @acme (new-svc)",
            "payments",
            "1",
            "production"
        ])
    );
    assert_eq!(
        services[2][..5],
        row(&["removed", "Newsletter (newsletter)", "web", "3", "design"])
    );
    assert_eq!(services.len(), 3);
    assert_eq!(
        doc.tables["Owner, tier and lifecycle"][1..],
        [
            row(&["Pricing (pricing)", "owner", "payments", "web"]),
            row(&["Reports (reports)", "lifecycle", "production", "deprecated"]),
            row(&["Search Index (search-index)", "tier", "2", "3"]),
        ]
    );
    assert_eq!(
        doc.tables["Escalation levels"][1..],
        [row(&[
            "payments",
            "Payments default (payments-default)",
            "2",
            "changed",
            "10 min",
            "20 min"
        ])]
    );
    assert_eq!(
        doc.tables["Dependencies"][1..],
        [row(&["pricing", "ledger", "added", "no"])]
    );
    assert!(
        doc.items.contains(&"payments, rotation Payments primary (primary): added maria; removed ben; order changed; now cleo, ana, maria".to_string()),
        "{:?}",
        doc.items
    );
    let checks = &doc.tables["Check results"];
    let new_svc_error = checks.iter().any(|r| {
        r[0] == "appeared" && r[1] == "error" && r[3].starts_with("content/services/new-svc.toml:")
    });
    assert!(new_svc_error, "{checks:?}");
}

#[test]
fn diff_json_has_the_same_changes_as_a_stable_document() {
    let repo = changed_repo();
    let out = ownbook(repo.path(), &["diff", "HEAD~1", "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["format"], 1);
    assert_eq!(json["base"]["rev"], "HEAD~1");
    assert_eq!(json["base"]["commit"].as_str().map(str::len), Some(40));
    assert_eq!(json["services"]["added"][0]["id"], "new-svc");
    assert_eq!(
        json["services"]["added"][0]["name"],
        "Pipes | and *stars* @acme"
    );
    assert_eq!(json["services"]["removed"][0]["id"], "newsletter");
    let fields: Vec<(String, String, String, String)> = json["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or("").to_string();
            (s("service"), s("field"), s("before"), s("after"))
        })
        .collect();
    assert_eq!(
        fields,
        [
            (
                "pricing".into(),
                "owner".into(),
                "payments".into(),
                "web".into()
            ),
            (
                "reports".into(),
                "lifecycle".into(),
                "production".into(),
                "deprecated".into()
            ),
            ("search-index".into(), "tier".into(), "2".into(), "3".into()),
        ]
    );
    let level = &json["escalation"][0];
    assert_eq!(
        (level["policy"].as_str(), level["level"].as_u64()),
        (Some("payments-default"), Some(2))
    );
    assert_eq!(
        (
            level["delay_before"].as_u64(),
            level["delay_after"].as_u64()
        ),
        (Some(10), Some(20))
    );
    let rotation = &json["rotations"][0];
    assert_eq!(rotation["added"], serde_json::json!(["maria"]));
    assert_eq!(rotation["removed"], serde_json::json!(["ben"]));
    assert_eq!(rotation["reordered"], true);
    assert_eq!(json["dependencies"][0]["dependency"], "ledger");
    assert_eq!(json["dependencies"][0]["change"], "added");
    let appeared = json["checks"]["appeared"].as_array().expect("appeared");
    assert!(
        appeared
            .iter()
            .any(|f| f["severity"] == "error" && f["file"] == "content/services/new-svc.toml")
    );
    // The same repository gives the same document, byte for byte.
    let again = ownbook(repo.path(), &["diff", "HEAD~1", "--format", "json"]);
    assert_eq!(out.stdout, again.stdout);
}

#[test]
fn fail_on_new_errors_exits_1_only_when_the_change_adds_an_error() {
    let repo = changed_repo();
    let root = repo.path();
    let out = ownbook(root, &["diff", "HEAD~1", "--fail-on", "new-errors"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    // Without --fail-on the same diff succeeds.
    assert_eq!(ownbook(root, &["diff", "HEAD~1"]).status.code(), Some(0));
    // Fixing the error: nothing new, and the error is listed as resolved.
    std::fs::remove_file(root.join("content/services/new-svc.toml")).expect("rm");
    commit_all(root, "drop the new service", "2026-11-03T12:00:00Z");
    let out = ownbook(
        root,
        &[
            "diff",
            "HEAD~1",
            "--fail-on",
            "new-errors",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["checks"]["appeared"], serde_json::json!([]));
    let resolved = json["checks"]["resolved"].as_array().expect("resolved");
    assert!(
        resolved.iter().any(|f| f["severity"] == "error"),
        "{resolved:?}"
    );
}

#[test]
fn rule_results_are_matched_whatever_line_they_moved_to() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    catalog_fixture(root);
    // A problem already there at the revision: a service owned by an unknown team.
    edit(
        root,
        "content/services/pricing.toml",
        "owner = \"payments\"",
        "owner = \"nobody\"",
    );
    init(root);
    commit_all(root, "catalog", "2026-11-01T12:00:00Z");
    edit(
        root,
        "content/services/pricing.toml",
        "name = \"Pricing\"",
        "# Moved down.\n\nname = \"Pricing\"",
    );
    let out = ownbook(root, &["diff", "HEAD", "--fail-on", "new-errors"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc = parse_markdown(&stdout(&out));
    assert_eq!(doc.paragraphs, ["No catalog changes."]);
}

#[test]
fn diff_reads_a_handbook_in_a_folder_of_the_repository() {
    let dir = tempfile::tempdir().expect("temp dir");
    let top = dir.path();
    let handbook = top.join("docs/handbook");
    std::fs::create_dir_all(&handbook).expect("mkdir");
    catalog_fixture(&handbook);
    std::fs::write(top.join("README.md"), "A monorepo.\n").expect("write");
    init(top);
    commit_all(top, "catalog", "2026-11-01T12:00:00Z");
    edit(
        &handbook,
        "content/services/ledger.toml",
        "tier = 2",
        "tier = 3",
    );
    // Run from the handbook's folder (found upwards), and from the top with --root.
    for (cwd, args) in [
        (handbook.clone(), vec!["diff", "HEAD", "--format", "json"]),
        (
            top.to_path_buf(),
            vec![
                "diff",
                "HEAD",
                "--format",
                "json",
                "--root",
                "docs/handbook",
            ],
        ),
    ] {
        let out = ownbook(&cwd, &args);
        assert!(out.status.success(), "{}", stderr(&out));
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        assert_eq!(json["fields"][0]["service"], "ledger");
        assert_eq!(
            (
                json["fields"][0]["before"].as_str(),
                json["fields"][0]["after"].as_str()
            ),
            (Some("2"), Some("3"))
        );
        assert_eq!(json["services"]["added"], serde_json::json!([]));
    }
}

#[test]
fn diff_says_what_is_wrong_with_the_revision() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    // Not a repository yet.
    catalog_fixture(root);
    let out = ownbook(root, &["diff", "main"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("is not inside a git repository"),
        "{}",
        stderr(&out)
    );
    // A revision that does not exist: named, with a way to find one.
    init(root);
    std::fs::write(root.join("notes.txt"), "before the handbook\n").expect("write");
    git(root, &["add", "notes.txt"], "2026-10-01T12:00:00Z");
    git(
        root,
        &["commit", "-q", "-m", "notes"],
        "2026-10-01T12:00:00Z",
    );
    commit_all(root, "catalog", "2026-11-01T12:00:00Z");
    let out = ownbook(root, &["diff", "no-such-branch"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("unknown revision `no-such-branch`") && err.contains("git log"),
        "{err}"
    );
    // A revision from before the handbook existed.
    let out = ownbook(root, &["diff", "HEAD~1"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("the handbook is not present at `HEAD~1`"),
        "{}",
        stderr(&out)
    );
    // And nothing changed since HEAD: one line.
    let out = ownbook(root, &["diff", "HEAD"]);
    assert_eq!(stdout(&out), "No catalog changes.\n");
}
