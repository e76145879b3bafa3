//! A large guide is not listed in llms.txt itself, which would grow with the site:
//! llms.txt links one file per top-level folder (in parts when large), and those
//! files together list every guide page once, in the sidebar's order.

use super::{file_of, names, parse_llms_txt};
use crate::support::TestSite;

const BIG: usize = 130;

/// A home page, a folder whose list is over 1 MB (long descriptions), and a small one.
fn site() -> TestSite {
    let site = TestSite::new();
    site.write(
        "content/_index.md",
        "+++\ntitle = \"Home\"\ndescription = \"A handbook.\"\n+++\nStart here.\n",
    )
    .write(
        "content/big/_index.md",
        "+++\ntitle = \"Big\"\nweight = 1\n+++\nMany pages.\n",
    )
    .write(
        "content/small/_index.md",
        "+++\ntitle = \"Small\"\nweight = 2\n+++\nA few.\n",
    )
    .write(
        "content/small/one.md",
        "+++\ntitle = \"Small one\"\n+++\nText.\n",
    );
    let long = "word ".repeat(2_000);
    for i in 0..BIG {
        site.write(
            &format!("content/big/p{i:03}.md"),
            &format!(
                "+++\ntitle = \"Page {i:03}\"\ndescription = \"{long}\"\nweight = {i}\n+++\nText.\n"
            ),
        );
    }
    site
}

#[test]
fn a_large_guide_is_listed_in_one_file_per_folder_linked_from_llms_txt() {
    let site = site();
    site.build_ok();
    let out = site.out();
    let doc = parse_llms_txt(&site.read("llms.txt"));
    let sections: Vec<&str> = doc.sections.iter().map(|(h, _)| h.as_str()).collect();
    assert_eq!(sections, ["Home", "Guide"]);
    assert_eq!(names(&doc.sections[0].1), ["Home"]);
    let links = &doc.sections[1].1;
    assert_eq!(
        names(links),
        ["Big, part 1 of 2", "Big, part 2 of 2", "Small"],
        "one file per folder, a large one in parts"
    );

    let mut listed = Vec::new();
    for link in links {
        let file = file_of(&out, "/", &link.url);
        let text = std::fs::read_to_string(&file)
            .unwrap_or_else(|e| panic!("{} links {}: {e}", link.name, file.display()));
        assert!(
            text.len() < 1024 * 1024 + 64 * 1024,
            "{}: {} bytes",
            link.name,
            text.len()
        );
        let part = parse_llms_txt(&text);
        assert!(
            part.title.ends_with(&link.name),
            "{} titled {}",
            link.name,
            part.title
        );
        let count = part.sections.iter().map(|(_, e)| e.len()).sum::<usize>();
        assert!(
            link.notes.contains(&count.to_string()),
            "{}: {}",
            link.name,
            link.notes
        );
        for (_, entries) in &part.sections {
            listed.extend(entries.iter().map(|e| e.name.clone()));
        }
    }
    let mut expected = vec!["Big".to_string()];
    expected.extend((0..BIG).map(|i| format!("Page {i:03}")));
    expected.extend(["Small".to_string(), "Small one".to_string()]);
    assert_eq!(listed, expected, "every page once, in the sidebar's order");
}
