//! `ownbook export codeowners --out DIR` writes `DIR/CODEOWNERS`: one block per
//! service under a `# id (team t)` comment, broad patterns before narrow ones. Read
//! back with ownbook's CODEOWNERS reader, it gives every path its team's handle, and
//! `check` finds no drift against it.

use super::*;
use crate::export::note_positions;
use ownbook::codeowners::Codeowners;

fn export(repo: &TestSite, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["export", "codeowners", "--out", ".github"];
    args.extend_from_slice(extra);
    run(repo, &args)
}

fn export_ok(repo: &TestSite, extra: &[&str]) -> String {
    let out = export(repo, extra);
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn written(repo: &TestSite) -> String {
    std::fs::read_to_string(repo.path().join(".github/CODEOWNERS")).expect("CODEOWNERS")
}

/// A repository where one service claims a whole folder and others parts of it.
fn overlapping() -> TestSite {
    let repo = repository();
    service(
        &repo,
        "monorepo",
        "platform",
        "[\"services/**\", \"*.bazel\"]",
    );
    repo
}

#[test]
fn the_exported_file_gives_every_path_its_teams_handle_and_no_drift() {
    let repo = overlapping();
    let report = export_ok(&repo, &[]);
    let text = written(&repo);
    let file = Codeowners::parse(&text);
    assert!(file.problems.is_empty(), "{:?}", file.problems);
    // (path, is a folder, owner)
    let expected = [
        ("services/shop/**", false, "@acme/checkout"),
        ("libs/shop-client", true, "@acme/checkout"),
        ("services/gateway/**", false, "@acme/platform"),
        ("services/warehouse", true, "@acme/platform"),
        ("services/**", false, "@acme/platform"),
        ("*.bazel", false, "@acme/platform"),
    ];
    for (path, is_dir, owner) in expected {
        assert_eq!(file.owners_of(path, is_dir), [owner], "{path} in {text}");
    }
    // The data team has no handle: its service is not written, and noted.
    assert!(file.owners_of("services/reports/**", false) == ["@acme/platform"]);
    let paths_key = position(&repo, "content/services/reports.toml", "paths");
    assert_eq!(
        note_positions(report.as_bytes()),
        [(
            "content/services/reports.toml".to_string(),
            paths_key.0 as usize,
            paths_key.1 as usize
        )]
    );
    assert_eq!(drift(&repo), vec![], "no drift against its own export");
}

#[test]
fn each_service_is_a_block_under_a_comment_broad_patterns_first() {
    let repo = overlapping();
    export_ok(&repo, &[]);
    let text = written(&repo);
    let file = Codeowners::parse(&text);
    // Each line's block comment: the nearest comment line above it.
    let blocks: Vec<(String, String)> = file
        .rules
        .iter()
        .map(|r| {
            let comment = text[..r.start]
                .lines()
                .rev()
                .find(|l| l.starts_with("# "))
                .unwrap_or("")
                .to_string();
            (comment, r.pattern.clone())
        })
        .collect();
    let block = |c: &str, p: &str| (c.to_string(), p.to_string());
    assert_eq!(
        blocks,
        [
            block("# monorepo (team platform)", "/services/**"),
            block("# monorepo (team platform)", "/*.bazel"),
            block("# gateway (team platform)", "/services/gateway/**"),
            block("# shop (team checkout)", "/services/shop/**"),
            block("# shop (team checkout)", "/libs/shop-client/"),
            block("# warehouse (team platform)", "/services/warehouse/"),
        ]
    );
}

#[test]
fn the_export_is_byte_identical_and_rewrites_only_its_own_unchanged_file() {
    let repo = repository();
    export_ok(&repo, &[]);
    let first = written(&repo);
    let report = export_ok(&repo, &[]);
    assert!(report.contains("0 files written, 1 unchanged"), "{report}");
    assert_eq!(written(&repo), first);
    assert!(
        !repo
            .path()
            .join(".github")
            .read_dir()
            .expect("dir")
            .any(|e| { e.expect("entry").file_name() != "CODEOWNERS" }),
        "no manifest beside the file"
    );

    // A catalog change updates the file without --force: it is still as written.
    service(&repo, "warehouse", "platform", "[\"services/stock/\"]");
    export_ok(&repo, &[]);
    let file = Codeowners::parse(&written(&repo));
    assert_eq!(file.owners_of("services/stock", true), ["@acme/platform"]);
    assert!(file.owners_of("services/warehouse", true).is_empty());

    // A file changed by hand is refused, and kept; --force overwrites it.
    let mine = format!("{}/docs/ @acme/docs\n", written(&repo));
    std::fs::write(repo.path().join(".github/CODEOWNERS"), &mine).expect("edit");
    let refused = export(&repo, &[]);
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(written(&repo), mine);
    export_ok(&repo, &["--force"]);
    assert_ne!(written(&repo), mine);
    assert_eq!(drift(&repo), vec![]);
}

#[test]
fn two_services_claiming_one_path_are_noted_where_the_loser_wrote_it() {
    let repo = repository();
    service(&repo, "gateway", "platform", "[\"services/shop/**\"]");
    let report = export_ok(&repo, &[]);
    let file = Codeowners::parse(&written(&repo));
    // Equally broad: by id, so the shop's line (written last) decides.
    assert_eq!(
        file.owners_of("services/shop/**", false),
        ["@acme/checkout"]
    );
    let gateway = position(
        &repo,
        "content/services/gateway.toml",
        "\"services/shop/**\"",
    );
    let notes = note_positions(report.as_bytes());
    assert!(
        notes.contains(&(
            "content/services/gateway.toml".to_string(),
            gateway.0 as usize,
            gateway.1 as usize
        )),
        "{report}"
    );
}
