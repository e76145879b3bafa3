//! The load cache (`outlines` in `.ownbook-cache/`): each guide page's headings and
//! links, kept between runs so that a new process parses only the pages whose files
//! changed. A build that reads it writes the very bytes a build without it writes;
//! an edit is seen even when it keeps the file's size; a damaged cache is ignored.

use crate::support::{TestSite, texts, tree};
use std::time::{Duration, SystemTime};

/// Builds with the cache (into public/), then without (into cold/), asserts both
/// succeed with the same files, and returns the cached build's stderr.
fn build_cached_and_compare(site: &TestSite) -> String {
    let warm = site.run(&["build"]);
    let stderr = String::from_utf8_lossy(&warm.stderr).into_owned();
    assert!(warm.status.success(), "cached build failed:\n{stderr}");
    let cold = site.run(&["build", "--no-cache", "--out", "cold"]);
    let cold_err = String::from_utf8_lossy(&cold.stderr);
    assert!(cold.status.success(), "{cold_err}");
    let (cached, fresh) = (tree(&site.out()), tree(&site.path().join("cold")));
    assert_eq!(
        cached.keys().collect::<Vec<_>>(),
        fresh.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &cached {
        assert!(fresh[path] == *bytes, "{path} differs without the cache");
    }
    stderr
}

fn outlines_file(site: &TestSite) -> std::path::PathBuf {
    site.path().join(".ownbook-cache/outlines")
}

/// Rewrites `rel` with `text` and moves its mtime a few seconds past the old one, so
/// that even a file system with coarse times shows the change.
fn rewrite(site: &TestSite, rel: &str, text: &str) {
    let path = site.path().join(rel);
    let old = std::fs::metadata(&path).and_then(|m| m.modified());
    let old = old.expect("mtime");
    std::fs::write(&path, text).expect("write");
    let file = std::fs::File::options().write(true).open(&path);
    let later = old.max(SystemTime::now()) + Duration::from_secs(3);
    file.and_then(|f| f.set_modified(later)).expect("set mtime");
}

/// A handbook of three pages: Alpha links to Bravo.
fn three_pages() -> TestSite {
    let site = TestSite::new();
    site.write("content/_index.md", "+++\ntitle = \"Home\"\n+++\nHome.\n");
    site.write(
        "content/a.md",
        "+++\ntitle = \"Alpha\"\n+++\nSee [the b page](b.md).\n\n## Part one\n",
    );
    site.write("content/b.md", "+++\ntitle = \"Bravo\"\n+++\nText.\n");
    site.write("content/c.md", "+++\ntitle = \"Charl\"\n+++\nText.\n");
    site
}

fn backlinks(site: &TestSite, page: &str) -> Vec<String> {
    texts(
        &site.html(&format!("{page}/index.html")),
        "aside.backlinks li a",
    )
}

fn sidebar(site: &TestSite, page: &str) -> Vec<String> {
    texts(&site.html(&format!("{page}/index.html")), "#sidebar a")
}

#[test]
fn a_warm_load_cache_gives_the_same_site() {
    let site = TestSite::bundled();
    build_cached_and_compare(&site);
    let written = std::fs::read(outlines_file(&site)).expect("the outlines are saved");
    let stderr = build_cached_and_compare(&site);
    assert!(!stderr.contains("build-cache"), "{stderr}");
    let again = std::fs::read(outlines_file(&site)).expect("outlines");
    assert_eq!(written, again, "nothing changed, so the same outlines");
}

#[test]
fn edits_are_seen_at_the_same_size_and_at_another() {
    let site = three_pages();
    build_cached_and_compare(&site);
    assert_eq!(backlinks(&site, "b"), ["Alpha"]);
    assert!(backlinks(&site, "c").is_empty());

    // Same length: the link now goes to c, and c's title is another.
    let a = std::fs::read_to_string(site.path().join("content/a.md")).expect("read");
    let same_size = a.replace("b.md", "c.md").replace("Part one", "Part two");
    assert_eq!(a.len(), same_size.len());
    rewrite(&site, "content/a.md", &same_size);
    rewrite(
        &site,
        "content/c.md",
        "+++\ntitle = \"Delta\"\n+++\nText.\n",
    );
    build_cached_and_compare(&site);
    assert!(backlinks(&site, "b").is_empty());
    assert_eq!(backlinks(&site, "c"), ["Alpha"]);
    assert!(sidebar(&site, "a").contains(&"Delta".to_string()));
    assert!(!sidebar(&site, "b").contains(&"Charl".to_string()));

    // Another length: links to both.
    let longer = "+++\ntitle = \"Alpha\"\n+++\nSee [b](b.md) and [c](c.md).\n\n## Part three\n";
    rewrite(&site, "content/a.md", longer);
    build_cached_and_compare(&site);
    assert_eq!(backlinks(&site, "b"), ["Alpha"]);
    assert_eq!(backlinks(&site, "c"), ["Alpha"]);
}

#[test]
fn a_damaged_load_cache_is_ignored() {
    let site = three_pages();
    build_cached_and_compare(&site);
    let path = outlines_file(&site);
    let mut bytes = std::fs::read(&path).expect("outlines");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x55;
    std::fs::write(&path, &bytes).expect("damage");
    let stderr = build_cached_and_compare(&site);
    assert!(stderr.contains("damaged build cache file"), "{stderr}");
    assert_eq!(backlinks(&site, "b"), ["Alpha"]);
    // Rebuilt: the next build reads it without a warning.
    let stderr = build_cached_and_compare(&site);
    assert!(!stderr.contains("damaged"), "{stderr}");
}

#[test]
fn a_page_deleted_between_runs_is_gone() {
    let site = three_pages();
    build_cached_and_compare(&site);
    assert!(sidebar(&site, "a").contains(&"Charl".to_string()));
    site.remove("content/c.md");
    build_cached_and_compare(&site);
    assert!(!site.out().join("c/index.html").exists());
    assert!(!sidebar(&site, "a").contains(&"Charl".to_string()));
    assert_eq!(backlinks(&site, "b"), ["Alpha"]);
}

#[test]
fn serve_started_again_reads_the_load_cache_and_serves_the_same_pages() {
    use crate::serve::client::{Server, strip_snippet};
    let site = three_pages();
    let pages = ["/", "/a/", "/b/", "/c/"];
    let fetch = |server: &Server| -> Vec<String> {
        let body = |p: &&str| String::from_utf8_lossy(&server.get(p).body).into_owned();
        pages.iter().map(|p| strip_snippet(&body(p))).collect()
    };
    let first = fetch(&Server::start(&site, &[]));
    assert!(outlines_file(&site).is_file(), "serve saves the outlines");
    let written = std::fs::read(outlines_file(&site)).expect("outlines");
    let again = fetch(&Server::start(&site, &[]));
    assert!(first == again, "a warm start serves the same bytes");
    let unchanged = std::fs::read(outlines_file(&site)).expect("outlines");
    assert_eq!(written, unchanged);

    rewrite(
        &site,
        "content/c.md",
        "+++\ntitle = \"Delta\"\n+++\nText.\n",
    );
    let server = Server::start(&site, &[]);
    let doc = scraper::Html::parse_document(&String::from_utf8_lossy(&server.get("/a/").body));
    assert!(texts(&doc, "#sidebar a").contains(&"Delta".to_string()));
    let backlinks = server.get("/b/").body;
    let doc = scraper::Html::parse_document(&String::from_utf8_lossy(&backlinks));
    assert_eq!(texts(&doc, "aside.backlinks li a"), ["Alpha"]);
}
