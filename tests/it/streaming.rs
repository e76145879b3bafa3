//! `build` writes pages into the staging folder while rendering instead of holding the
//! whole site in memory. These tests check that this changes nothing a user sees: the
//! output is byte for byte what the in-memory render produces, and a failed build
//! still leaves the previous output (and nothing else) behind.

use crate::support::TestSite;
use ownbook::output::Content;
use std::collections::BTreeMap;
use std::path::Path;

fn site() -> TestSite {
    let site = TestSite::new();
    site.write(
        "content/_index.md",
        "+++\ntitle = \"Home\"\n+++\nSee [the guide](guide/_index.md).\n",
    );
    site.write(
        "content/guide/_index.md",
        "+++\ntitle = \"Guide\"\nweight = 1\n+++\nRead [one](one.md#setup).\n",
    );
    site.write(
        "content/guide/one.md",
        "+++\ntitle = \"One\"\n+++\n## Setup\n\n```rust\nfn main() {}\n```\n\nNext: [two](two.md).\n",
    );
    site.write(
        "content/guide/two.md",
        "+++\ntitle = \"Two\"\naliases = [\"old/two/\"]\n+++\nBack to [one](one.md).\n",
    );
    site
}

/// Every file under `dir` (relative path → bytes).
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("prefix");
            (
                rel.to_string_lossy().replace('\\', "/"),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect()
}

#[test]
fn streamed_build_equals_the_in_memory_render() {
    let site = site();
    site.build_cached_ok();
    let built = files(&site.out());

    let opts = ownbook::BuildOptions {
        root: site.path().to_path_buf(),
        ..Default::default()
    };
    let compiled = ownbook::compile(&opts, ownbook::Pages::InMemory, None).expect("compiles");
    assert!(!compiled.has_errors(), "{:?}", compiled.diags);
    let in_memory = site.path().join("in-memory");
    ownbook::output::publish(&compiled.output.files, &in_memory).expect("publish");

    assert!(built.contains_key("guide/one/index.html"));
    assert_eq!(built, files(&in_memory));
}

#[test]
fn a_sink_receives_every_page_and_the_output_lists_it_as_staged() {
    let site = site();
    let opts = ownbook::BuildOptions {
        root: site.path().to_path_buf(),
        ..Default::default()
    };
    let seen = std::sync::Mutex::new(Vec::new());
    let sink = |f: &ownbook::output::OutputFile| {
        seen.lock().expect("lock").push(f.path.clone());
        Ok(())
    };
    let compiled =
        ownbook::compile(&opts, ownbook::Pages::Streamed(&sink), None).expect("compiles");
    let mut seen = seen.into_inner().expect("lock");
    seen.sort();
    // The search index is written as soon as it is built, beside print.html.
    let (search, pages): (Vec<&str>, Vec<&str>) = seen
        .iter()
        .map(String::as_str)
        .partition(|p| p.starts_with("search/"));
    assert_eq!(
        pages,
        [
            // Each page's Markdown (llms) is written as it is made, like its HTML.
            "guide.md",
            "guide/index.html",
            "guide/one.md",
            "guide/one/index.html",
            "guide/two.md",
            "guide/two/index.html",
            "index.html",
            "index.md",
            // Lists every page; made after them, with print.html, and written at once.
            "llms.txt",
            // Each as large as its pages together, so written at once as well.
            "print-guide.html",
            "print.html",
        ]
    );
    assert!(search.contains(&"search/index.html"), "{search:?}");
    assert!(search.contains(&"search/index.js"), "{search:?}");
    for folder in ["search/t/", "search/d/"] {
        assert!(search.iter().any(|p| p.starts_with(folder)), "{search:?}");
    }
    let staged: Vec<&str> = compiled
        .output
        .files
        .iter()
        .filter(|f| matches!(f.content, Content::Staged))
        .map(|f| f.path.as_str())
        .collect();
    assert_eq!(staged.len(), seen.len(), "{staged:?}");
    // Streamed pages give their Markdown HTML back once written; the plain text that
    // search indexes stays.
    assert!(compiled.output.pages.iter().all(|r| r.html.is_empty()));
    assert!(
        compiled
            .output
            .pages
            .iter()
            .any(|r| r.sections.iter().any(|s| s.text.contains("Next:")))
    );
    // Everything else (assets, sitemap, aliases) is still in memory.
    assert!(
        compiled
            .output
            .files
            .iter()
            .any(|f| f.path == "sitemap.xml" && matches!(f.content, Content::Bytes(_)))
    );
}

#[test]
fn a_failed_build_leaves_the_previous_output_and_no_staging_folder() {
    let site = site();
    site.build_cached_ok();
    let before = files(&site.out());
    site.write(
        "content/guide/two.md",
        "+++\ntitle = \"Two\"\n+++\nBack to [one](one.md#nowhere).\n",
    );
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(files(&site.out()), before);
    let mut left: Vec<String> = std::fs::read_dir(site.path())
        .expect("read site")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    // The build cache beside the output is the product's own folder; a staging
    // folder would show up here too.
    assert_eq!(
        left,
        [".ownbook-cache", "content", "ownbook.toml", "public"]
    );
}
