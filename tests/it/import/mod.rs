//! `ownbook import mkdocs` and `ownbook import backstage`: fixture projects are
//! imported, the result is built, and the pages (parsed HTML) and catalog files
//! (parsed TOML, checked against the catalog schema) are what a user relies on.

mod backstage;
mod bilingual;
mod mkdocs;

use crate::support::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

pub fn fixture(name: &str) -> String {
    repo_root()
        .join("tests/fixtures/import")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// An empty folder to import into (no ownbook.toml yet).
pub fn empty_site() -> TestSite {
    TestSite {
        dir: tempfile::tempdir().expect("temp dir"),
    }
}

/// A handbook with a few guide pages and no catalog, for catalog imports.
pub fn site_with_pages() -> TestSite {
    let site = TestSite::new();
    site.write(
        "content/_index.md",
        "+++\ntitle = \"Home\"\n+++\nRead the [guide](guide/_index.md).\n",
    )
    .write(
        "content/guide/_index.md",
        "+++\ntitle = \"Guide\"\n+++\nHow we run services.\n",
    )
    .write(
        "content/guide/on-call.md",
        "+++\ntitle = \"On call\"\nweight = 1\n+++\n## Rotations\n\nEvery team has one.\n",
    );
    site
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "import failed:\n{}\n{}",
        stdout(&out),
        String::from_utf8_lossy(&out.stderr)
    );
    stdout(&out)
}

/// Every file under `dir` except the built site, with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && !e.path().starts_with(dir.join("public")))
        .map(|e| {
            (
                e.path().strip_prefix(dir).expect("prefix").to_path_buf(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect()
}

pub fn assert_no_errors(site: &TestSite) {
    let (diags, code) = site.check_json();
    let errors: Vec<_> = diags.iter().filter(|d| d["severity"] == "error").collect();
    assert!(errors.is_empty() && code == 0, "{errors:#?}");
}

pub fn front_matter(site: &TestSite, rel: &str) -> toml::Table {
    let text =
        std::fs::read_to_string(site.path().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let inner = text
        .strip_prefix("+++\n")
        .and_then(|t| t.split_once("+++\n"))
        .map(|(f, _)| f)
        .expect("front matter");
    inner.parse().expect("front matter is TOML")
}

pub fn has_line(report: &str, line: &str) {
    assert!(
        report.lines().any(|l| l.contains(line)),
        "no line containing {line:?} in:\n{report}"
    );
}

#[test]
fn imports_twice_give_identical_files_and_never_overwrite_without_force() {
    let site = empty_site();
    let ops = fixture("mkdocs-ops");
    ok(site.run(&["import", "mkdocs", &ops, "--into", "."]));
    let first = snapshot(site.path());
    let again = ok(site.run(&["import", "mkdocs", &ops, "--into", "."]));
    assert!(
        again.contains(": 0 files written, 13 unchanged."),
        "{again}"
    );
    assert_eq!(
        snapshot(site.path()),
        first,
        "a second import changes no byte"
    );

    site.write("content/getting_started.md", "my own edits\n");
    site.remove("content/old_notes.md");
    let refused = site.run(&["import", "mkdocs", &ops, "--into", "."]);
    assert_eq!(refused.status.code(), Some(2));
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains("content/getting_started.md") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(site.path().join("content/getting_started.md"))
            .ok()
            .as_deref(),
        Some("my own edits\n")
    );
    assert!(
        !site.path().join("content/old_notes.md").exists(),
        "a refused import writes nothing"
    );
    ok(site.run(&["import", "mkdocs", &ops, "--into", ".", "--force"]));
    assert_eq!(snapshot(site.path()), first);

    let catalog = site_with_pages();
    let all = fixture("backstage-example/all.yaml");
    ok(catalog.run(&["import", "backstage", &all]));
    let first = snapshot(catalog.path());
    ok(catalog.run(&["import", "backstage", &all]));
    assert_eq!(snapshot(catalog.path()), first);
    catalog.write("content/teams/team-a.toml", "name = \"Ours\"\n");
    assert_eq!(
        catalog.run(&["import", "backstage", &all]).status.code(),
        Some(2)
    );
    assert_eq!(
        std::fs::read_to_string(catalog.path().join("content/teams/team-a.toml"))
            .ok()
            .as_deref(),
        Some("name = \"Ours\"\n")
    );
    ok(catalog.run(&["import", "backstage", &all, "--force"]));
    assert_eq!(snapshot(catalog.path()), first);
}
