//! The print version: a file per top-level section (in parts when large), linked
//! from print.html, which also holds the whole guide while it is small. Every link in
//! a print file reaches an element of the file it names.

use crate::support::*;
use scraper::{Html, Selector};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Every print file of a built site: file name → parsed HTML.
fn print_files(out: &Path) -> BTreeMap<String, Html> {
    std::fs::read_dir(out)
        .expect("out dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("print") && n.ends_with(".html"))
        .map(|n| {
            let text = std::fs::read_to_string(out.join(&n)).expect("read");
            (n, Html::parse_document(&text))
        })
        .collect()
}

/// The ids of the `.print-page` sections of a print file (one per guide page).
fn page_ids(doc: &Html) -> Vec<String> {
    let sel = Selector::parse(".print-page").expect("selector");
    doc.select(&sel)
        .filter_map(|s| s.value().attr("id").map(str::to_string))
        .collect()
}

/// Every in-site link of the print files that names a print file or a fragment,
/// checked to reach an element with that id in that file.
fn unreachable_links(files: &BTreeMap<String, Html>) -> Vec<String> {
    let a = Selector::parse("main a[href]").expect("selector");
    let ids = |doc: &Html| -> BTreeSet<String> {
        let any = Selector::parse("[id]").expect("selector");
        doc.select(&any)
            .filter_map(|e| e.value().attr("id").map(str::to_string))
            .collect()
    };
    let ids: BTreeMap<&String, BTreeSet<String>> = files.iter().map(|(n, d)| (n, ids(d))).collect();
    let mut bad = Vec::new();
    for (name, doc) in files {
        for link in doc.select(&a).filter_map(|e| e.value().attr("href")) {
            let (file, fragment) = link.split_once('#').unwrap_or((link, ""));
            let file = if file.is_empty() { name.as_str() } else { file };
            let Some(targets) = ids.iter().find(|(n, _)| n.as_str() == file).map(|(_, t)| t) else {
                if file.starts_with("print") {
                    bad.push(format!("{name}: {link} (no such print file)"));
                }
                continue;
            };
            if !fragment.is_empty() && !targets.contains(fragment) {
                bad.push(format!("{name}: {link}"));
            }
        }
    }
    bad
}

#[test]
fn each_section_prints_on_its_own_and_print_html_links_them_all() {
    let site = TestSite::bundled();
    site.build_ok();
    let files = print_files(&site.out());
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        ["print-guide.html", "print-onboarding.html", "print.html"]
    );

    let book = &files["print.html"];
    let listed = attrs(book, ".print-sections a", "href");
    assert_eq!(listed, ["print-guide.html", "print-onboarding.html"]);
    assert_eq!(
        texts(book, ".print-sections a"),
        ["Guide", "On-call onboarding"]
    );
    // Small enough to print at once: print.html is still the whole guide, and the
    // section files split exactly its pages between them, in the same order.
    let whole = page_ids(book);
    let split: Vec<String> = listed.iter().flat_map(|f| page_ids(&files[f])).collect();
    assert_eq!(split, whole);
    assert!(whole.len() > 20, "{whole:?}");
    assert_eq!(
        texts(&files["print-onboarding.html"], "main > article > h1"),
        ["On-call onboarding"]
    );

    let bad = unreachable_links(&files);
    assert!(bad.is_empty(), "{bad:#?}");
    // Links between the two sections cross files.
    let guide_links = attrs(&files["print-guide.html"], "main a[href]", "href");
    assert!(
        guide_links
            .iter()
            .any(|h| h.starts_with("print-onboarding.html#p"))
    );
}

/// About 30 KB of Markdown linking the next page, in its own words.
fn long_page(title: &str, next: &str) -> String {
    let mut text = format!(
        "+++\ntitle = \"{title}\"\n+++\n## Overview\n\nSee [the next page]({next}#overview).\n\n"
    );
    for k in 0..300 {
        text.push_str(&format!(
            "Paragraph {k} of {title}: who owns what, and who is paged when it breaks at night.\n\n"
        ));
    }
    text
}

#[test]
fn a_handbook_too_large_to_print_at_once_prints_a_section_or_part_at_a_time() {
    let site = TestSite::new();
    site.write("content/_index.md", "+++\ntitle = \"Home\"\n+++\nHello.\n");
    site.write(
        "content/alpha/_index.md",
        "+++\ntitle = \"Alpha\"\nweight = 1\n+++\nAlpha.\n",
    );
    site.write(
        "content/beta/_index.md",
        "+++\ntitle = \"Beta\"\nweight = 2\n+++\nBeta.\n",
    );
    // 90 pages of about 30 KB in alpha (more than one file's worth), 2 in beta.
    for k in 0..90 {
        let next = if k == 89 {
            "../beta/b0.md".to_string()
        } else {
            format!("a{}.md", k + 1)
        };
        site.write(
            &format!("content/alpha/a{k}.md"),
            &long_page(&format!("Alpha {k:02}"), &next),
        );
    }
    site.write("content/beta/b0.md", &long_page("Beta 0", "../alpha/a0.md"));
    site.write("content/beta/b1.md", &long_page("Beta 1", "b0.md"));
    site.build_ok();

    let files = print_files(&site.out());
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "print-alpha-2.html",
            "print-alpha.html",
            "print-beta.html",
            "print.html"
        ]
    );
    let book = &files["print.html"];
    assert!(
        page_ids(book).is_empty(),
        "print.html no longer holds every page"
    );
    assert_eq!(
        texts(book, ".print-sections a"),
        ["Alpha (part 1 of 2)", "Alpha (part 2 of 2)", "Beta"]
    );
    let per_file: Vec<usize> = ["print-alpha.html", "print-alpha-2.html", "print-beta.html"]
        .iter()
        .map(|f| page_ids(&files[*f]).len())
        .collect();
    // Each section's index page and its pages.
    assert_eq!(per_file.iter().sum::<usize>(), 91 + 3, "{per_file:?}");
    for name in files.keys() {
        let size = std::fs::metadata(site.out().join(name))
            .expect("size")
            .len();
        assert!(size < 4 * 1024 * 1024, "{name} is {size} bytes");
    }
    let bad = unreachable_links(&files);
    assert!(bad.is_empty(), "{bad:#?}");
}
