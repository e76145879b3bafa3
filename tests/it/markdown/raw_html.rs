//! Raw HTML blocks (tables of contacts, severity levels): their text is searchable and
//! their links are resolved by `build` and checked by `check` like Markdown links, in
//! the page and in print.html.

use crate::support::*;
use serde_json::Value;

const SEVERITY: &str = "+++\ntitle = \"Severity\"\n+++\n\n## Levels\n\n<table class=\"severity\">\n  <tr><th>Level</th><th>Meaning</th></tr>\n  <tr><td>SEV-3</td><td>Cosmetic flaw, see <a href=\"contacts.md#support\">support</a></td></tr>\n  <tr><td>SEV-1</td><td><img src=\"../images/pager.png\" alt=\"pager\"> page <a href=\"contacts.md\">the on-call</a></td></tr>\n</table>\n";

fn raw_html_site() -> TestSite {
    let site = TestSite::new();
    site.write("content/guide/severity.md", SEVERITY)
        .write(
            "content/guide/contacts.md",
            "+++\ntitle = \"Contacts\"\n+++\n\n## Support\n\nAsk us.\n",
        )
        .write("content/images/pager.png", "png");
    site
}

/// The search index's sections: (page URL, heading id, text).
fn indexed_sections(site: &TestSite) -> Vec<(String, String, String)> {
    let mut sections = Vec::new();
    for entry in std::fs::read_dir(site.out().join("search/d")).expect("chunks") {
        let text = std::fs::read_to_string(entry.expect("entry").path()).expect("read");
        // `ownbookSearchData("d",N,[pages, sections]);` — its arguments are JSON.
        let args = text
            .trim()
            .strip_prefix("ownbookSearchData(")
            .and_then(|t| t.strip_suffix(");"))
            .expect("a data chunk");
        let args: Value = serde_json::from_str(&format!("[{args}]")).expect("json");
        let pages = args[2][0].as_array().expect("pages");
        for s in args[2][1].as_array().expect("sections") {
            let page = s[0].as_u64().expect("page index") as usize;
            sections.push((
                pages[page][0].as_str().unwrap_or("").to_string(),
                s[1].as_str().unwrap_or("").to_string(),
                s[3].as_str().unwrap_or("").to_string(),
            ));
        }
    }
    sections
}

#[test]
fn text_inside_a_raw_html_table_is_indexed_under_its_heading() {
    let site = raw_html_site();
    site.build_ok();
    let hits: Vec<_> = indexed_sections(&site)
        .into_iter()
        .filter(|(_, _, text)| text.contains("Cosmetic"))
        .map(|(url, id, _)| (url, id))
        .collect();
    assert_eq!(
        hits,
        vec![(
            "guide/severity/index.html".to_string(),
            "levels".to_string()
        )]
    );
}

#[test]
fn links_inside_raw_html_are_resolved_in_the_page_and_in_print() {
    let site = raw_html_site();
    site.build_ok();
    let doc = site.html("guide/severity/index.html");
    assert_eq!(
        attrs(&doc, ".content table a", "href"),
        vec!["../contacts/index.html#support", "../contacts/index.html"]
    );
    assert_eq!(
        attrs(&doc, ".content table img", "src"),
        vec!["../../images/pager.png"]
    );
    let print = site.html("print.html");
    let hrefs = attrs(&print, "table.severity a", "href");
    assert_eq!(hrefs.len(), 2);
    assert!(hrefs.iter().all(|h| h.starts_with('#')), "{hrefs:?}");
    let broken = broken_links(&site.out());
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn check_reports_a_broken_link_inside_raw_html_as_build_does() {
    let site = raw_html_site();
    site.write(
        "content/guide/severity.md",
        &SEVERITY.replace("contacts.md#support", "contact.md#support"),
    );
    let (diags, code) = site.check_json();
    assert_eq!(code, 1);
    let found: Vec<_> = diags.iter().map(at).collect();
    assert_eq!(
        found,
        vec![(
            "content/guide/severity.md".to_string(),
            9,
            53,
            "broken-link".to_string()
        )]
    );
    let build = site.run(&["build"]);
    assert_eq!(build.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&build.stderr);
    assert!(
        stderr.contains("content/guide/severity.md:9:53"),
        "build reports the same place: {stderr}"
    );
}
