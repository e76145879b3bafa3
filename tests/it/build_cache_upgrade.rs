//! The build after an upgrade (a cache another ownbook wrote): none of its entries
//! is read, this build's replace them, and nothing that is not an entry is deleted.

use crate::build_cache::build_both;
use crate::support::TestSite;
use std::path::Path;

/// The names of the files in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn another_ownbooks_entries_are_replaced_by_this_builds_and_nothing_else_is_deleted() {
    let site = TestSite::bundled();
    build_both(&site);
    let cache = site.path().join(".ownbook-cache");
    let filed = names(&cache.join("pages"));
    std::fs::write(cache.join("stamp"), "ownbook 0.0.0 another\n").expect("stamp");
    // What an interrupted build could leave: entries set aside, and a file that is
    // not an entry (never ours to delete).
    let stale = cache.join("pages.stale");
    std::fs::create_dir(&stale).expect("stale folder");
    std::fs::write(stale.join("ab".repeat(32)), "old entry").expect("old entry");
    std::fs::write(stale.join("notes.txt"), "mine").expect("other file");
    let ((reused, _), _) = build_both(&site);
    assert_eq!(reused, 0);
    // The same content files the same keys: the cache holds this build's entries.
    assert_eq!(names(&cache.join("pages")), filed);
    assert_eq!(names(&stale), ["notes.txt"]);
    std::fs::remove_file(stale.join("notes.txt")).expect("remove");
    std::fs::write(cache.join("stamp"), "ownbook 0.0.0 another\n").expect("stamp");
    build_both(&site);
    assert_eq!(names(&cache.join("pages")), filed);
    assert!(!stale.exists(), "the set-aside entries are deleted");
}
