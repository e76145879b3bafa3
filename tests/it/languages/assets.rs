//! One copy of the theme's assets: translated pages link the styles and scripts at the
//! site's root by relative URLs (so the site still opens from disk), and no language
//! folder carries a copy of its own.

use super::bilingual;
use crate::support::{attrs, broken_links};

#[test]
fn translated_pages_use_the_roots_assets_and_no_language_has_a_copy() {
    let site = bilingual();
    site.build_ok();
    let out = site.out();
    assert!(out.join("assets").is_dir());
    assert!(!out.join("ja/assets").exists());
    let page = "ja/guide/on-call/index.html";
    let sheets = attrs(&site.html(page), "link[rel=stylesheet]", "href");
    assert!(!sheets.is_empty());
    for href in sheets {
        assert!(href.starts_with("../../../assets/"), "{href}");
        let file = out.join("ja/guide/on-call").join(&href);
        assert!(file.is_file(), "{href}");
    }
    // Each language's search index stays its own.
    assert!(out.join("ja/search").is_dir());
    assert_eq!(broken_links(&out), Vec::<String>::new());
}
