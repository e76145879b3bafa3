//! The lighter sidebar shows fewer of a big folder's pages, so every page must still be
//! reachable without JavaScript by following the sidebar and the folders' own pages.

use crate::support::{TestSite, attrs};
use std::collections::{BTreeSet, VecDeque};
use std::path::{Component, Path, PathBuf};

/// `href` (relative to the page `from`, a path under the output) as an output path.
fn resolve(from: &Path, href: &str) -> Option<PathBuf> {
    let href = href.split('#').next().unwrap_or("");
    if href.is_empty() || href.contains(':') || href.starts_with('/') {
        return None;
    }
    let mut path = from.parent().unwrap_or(Path::new("")).to_path_buf();
    for part in Path::new(href).components() {
        match part {
            Component::ParentDir => {
                path.pop();
            }
            Component::Normal(p) => path.push(p),
            _ => {}
        }
    }
    Some(path)
}

/// The HTML pages reached from the home page by following sidebar and main-column links.
fn reachable(site: &TestSite) -> BTreeSet<PathBuf> {
    let mut seen = BTreeSet::from([PathBuf::from("index.html")]);
    let mut queue = VecDeque::from([PathBuf::from("index.html")]);
    while let Some(page) = queue.pop_front() {
        let doc = site.html(page.to_str().expect("utf-8"));
        for href in attrs(&doc, "nav.sidebar a[href], main a[href]", "href") {
            let Some(next) = resolve(&page, &href) else {
                continue;
            };
            if next.extension().is_some_and(|e| e == "html")
                && site.out().join(&next).is_file()
                && seen.insert(next.clone())
            {
                queue.push_back(next);
            }
        }
    }
    seen
}

/// The output page of every Markdown file under `content/`.
fn pages(site: &TestSite) -> Vec<PathBuf> {
    let content = site.path().join("content");
    walkdir::WalkDir::new(&content)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| {
            let rel = e.path().strip_prefix(&content).expect("under content");
            let dir = rel.parent().unwrap_or(Path::new(""));
            match rel.file_stem().and_then(|s| s.to_str()) {
                Some("_index") => dir.join("index.html"),
                Some(stem) => dir.join(stem).join("index.html"),
                None => dir.join("index.html"),
            }
        })
        .collect()
}

#[test]
fn every_page_of_big_and_nested_folders_is_reachable_without_javascript() {
    let site = TestSite::new();
    site.write("content/_index.md", "+++\ntitle = \"Home\"\n+++\nHello.\n");
    for folder in ["big", "big/inner", "other"] {
        site.write(
            &format!("content/{folder}/_index.md"),
            &format!("+++\ntitle = \"Folder {folder}\"\n+++\nPages.\n"),
        );
        for i in 0..70 {
            site.write(
                &format!("content/{folder}/p{i:02}.md"),
                &format!("+++\ntitle = \"Page {i}\"\nweight = {i}\n+++\nText {i}.\n"),
            );
        }
    }
    site.build_ok();
    let reached = reachable(&site);
    let missing: Vec<_> = pages(&site)
        .into_iter()
        .filter(|p| !reached.contains(p))
        .collect();
    assert!(missing.is_empty(), "not reachable: {missing:?}");
    // The current page is marked, and a big folder links the rest.
    let doc = site.html("big/p40/index.html");
    assert_eq!(
        attrs(&doc, "nav.sidebar a[aria-current='page']", "href"),
        ["index.html"]
    );
    assert_eq!(
        attrs(&doc, "nav.sidebar li.nav-more a", "href"),
        ["../index.html"]
    );
}

#[test]
fn every_page_of_the_bundled_handbook_is_reachable_without_javascript() {
    let site = TestSite::bundled();
    site.build_ok();
    let reached = reachable(&site);
    let missing: Vec<_> = pages(&site)
        .into_iter()
        .filter(|p| !reached.contains(p))
        .collect();
    assert!(missing.is_empty(), "not reachable: {missing:?}");
}
