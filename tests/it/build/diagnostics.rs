//! Bad input to a build: each mistake named at file:line:column with a non-zero exit,
//! every problem reported in one run, and the previous output left untouched.

use super::guide_site;
use crate::support::*;

/// Builds once, breaks the site with `rel`=`text`, and checks the diagnostic position,
/// the exit code and that the previous output is byte-for-byte unchanged.
fn assert_broken(rel: &str, text: &str, expected: (&str, u64, u64, &str)) {
    let site = guide_site();
    site.build_ok();
    let before = snapshot(&site.out());
    site.write(rel, text);
    let out = site.run(&["build"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    let (file, line, col, _) = expected;
    assert!(
        stderr.contains(&format!("--> {file}:{line}:{col}")),
        "{stderr}"
    );
    assert!(stderr.contains("= hint:"), "{stderr}");
    assert_eq!(
        snapshot(&site.out()),
        before,
        "a failed build must not touch the output"
    );
    let (diags, code) = site.check_json();
    assert_eq!(code, 1);
    let found: Vec<_> = diags.iter().map(at).collect();
    let expected = (
        expected.0.to_string(),
        expected.1,
        expected.2,
        expected.3.to_string(),
    );
    assert!(found.contains(&expected), "{found:?}");
}

fn snapshot(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().display().to_string(),
                std::fs::read(e.path()).unwrap_or_default(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn broken_front_matter_names_file_line_column() {
    assert_broken(
        "content/guide/bad.md",
        "+++\ntitle = \"Bad\"\nweight = \"heavy\"\n+++\n",
        ("content/guide/bad.md", 3, 10, "toml"),
    );
}

#[test]
fn unknown_front_matter_key_is_an_error() {
    assert_broken(
        "content/guide/bad.md",
        "+++\ntitle = \"Bad\"\n\ncolour = 1\n+++\n",
        ("content/guide/bad.md", 4, 1, "toml"),
    );
}

#[test]
fn unclosed_front_matter_is_an_error() {
    assert_broken(
        "content/guide/bad.md",
        "+++\ntitle = \"Bad\"\n\n## Heading\n",
        ("content/guide/bad.md", 1, 1, "front-matter"),
    );
}

#[test]
fn link_to_missing_page_names_file_line_column() {
    assert_broken(
        "content/guide/bad.md",
        "+++\ntitle = \"Bad\"\n+++\n\nIntro.\n\nSee [the runbook](../runbook.md) now.\n",
        ("content/guide/bad.md", 7, 5, "broken-link"),
    );
}

#[test]
fn link_to_missing_anchor_names_file_line_column() {
    assert_broken(
        "content/guide/bad.md",
        "+++\ntitle = \"Bad\"\n+++\n- item\n- see [runtime](lifecycle.md#no-such-heading)\n",
        ("content/guide/bad.md", 5, 7, "broken-anchor"),
    );
}

#[test]
fn missing_image_is_an_error() {
    assert_broken(
        "content/guide/bad.md",
        "+++\ntitle = \"Bad\"\n+++\n![x](missing.png)\n",
        ("content/guide/bad.md", 4, 1, "broken-link"),
    );
}

#[test]
fn javascript_links_are_refused() {
    assert_broken(
        "content/guide/bad.md",
        "+++\ntitle = \"Bad\"\n+++\n[x](javascript:alert(1))\n",
        ("content/guide/bad.md", 4, 1, "unsafe-url"),
    );
}

#[test]
fn all_diagnostics_are_reported_together() {
    let site = guide_site();
    site.write(
        "content/guide/a.md",
        "+++\ntitle = \"A\"\n+++\n[x](nope.md)\n",
    );
    site.write(
        "content/guide/b.md",
        "+++\ntitle = \"B\"\n+++\n[y](lifecycle.md#nope)\n",
    );
    site.write("content/guide/c.md", "+++\ntitle = 1\n+++\n");
    let (diags, code) = site.check_json();
    assert_eq!(code, 1);
    let files: Vec<String> = diags.iter().map(|d| at(d).0).collect();
    assert_eq!(
        files,
        vec![
            "content/guide/a.md",
            "content/guide/b.md",
            "content/guide/c.md"
        ]
    );
}

#[test]
fn dangerous_output_folders_are_refused() {
    let site = guide_site();
    for out in [".", "content", "content/guide", "/", ".."] {
        let o = site.run(&["build", "--out", out]);
        assert_eq!(o.status.code(), Some(2), "--out {out}");
        assert!(
            String::from_utf8_lossy(&o.stderr).contains("refusing"),
            "--out {out}"
        );
    }
    assert!(site.path().join("content/guide/lifecycle.md").is_file());
    site.write("elsewhere/notes.txt", "mine");
    let o = site.run(&["build", "--out", "elsewhere"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(site.path().join("elsewhere/notes.txt"))
            .ok()
            .as_deref(),
        Some("mine")
    );
}
