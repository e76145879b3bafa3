//! Markdown features of guide pages: callouts (titles, folds, every type), content
//! tabs, mermaid diagrams and the page's one h1, read from the built HTML with a real
//! parser. `front_matter` covers YAML front matter, `raw_html` the text and links of
//! raw HTML blocks, `browser` all of it in headless Chromium.

mod browser;
mod front_matter;
mod raw_html;

use crate::support::*;
use scraper::{Html, Selector};

/// Every callout type's name, as the theme's CSS classes spell it.
pub const CALLOUT_TYPES: [&str; 14] = [
    "note",
    "tip",
    "important",
    "warning",
    "caution",
    "info",
    "success",
    "question",
    "failure",
    "danger",
    "bug",
    "example",
    "quote",
    "abstract",
];

/// A page with every callout type (titled after its type), then each form of title
/// and fold.
pub fn callouts_page() -> String {
    let mut page = String::from("+++\ntitle = \"Callouts\"\n+++\n\n");
    for name in CALLOUT_TYPES {
        page.push_str(&format!(
            "> [!{}] A {name} callout\n> Its body.\n\n",
            name.to_uppercase()
        ));
    }
    page.push_str(
        "## Forms\n\n\
         > [!WARNING]\n> The plain GitHub form.\n\n\
         > [!TIP]- Closed until opened\n> Hidden text.\n\n\
         > [!CAUTION]+\n> Open, and it can be closed.\n\n\
         > [!faq]\n> An alias in lower case.\n\n\
         > [!NOTE] Title with *emphasis* & <b>no tags</b>\n> Body.\n\n\
         > Just a quote.\n",
    );
    page
}

/// Two groups of tabs with the same labels (they switch together) and a third label
/// only the first has.
pub const TABS_PAGE: &str = "+++\ntitle = \"Tabs\"\n+++\n\n## Install\n\n<!-- tabs -->\n### macOS\n\nUse Homebrew.\n\n### Linux\n\nUse the package.\n\n#### Debian\n\nA deeper heading stays in its tab.\n\n### Windows\n\nUse the installer.\n<!-- /tabs -->\n\n## Run\n\n<!-- tabs -->\n### macOS\n\n```bash\nopen -a Handbook\n```\n\n### Linux\n\nRun it from the menu.\n<!-- /tabs -->\n";

/// A page with one diagram.
pub const DIAGRAM_PAGE: &str = "+++\ntitle = \"Diagram\"\n+++\n\n```mermaid\nflowchart LR\n    page[Paged] --> ack{Acknowledged?}\n    ack -- yes --> work[Working on it]\n    ack -- no --> next[Next level]\n```\n\n```rust\nfn main() {}\n```\n";

/// A site with the callouts, tabs and diagram pages and a plain one.
pub fn features_site() -> TestSite {
    let site = TestSite::new();
    site.write("content/_index.md", "+++\ntitle = \"Home\"\n+++\nHello.\n")
        .write("content/guide/callouts.md", &callouts_page())
        .write("content/guide/tabs.md", TABS_PAGE)
        .write("content/guide/diagram.md", DIAGRAM_PAGE)
        .write(
            "content/guide/plain.md",
            "+++\ntitle = \"Plain\"\n+++\n\n```text\nno diagram here\n```\n",
        );
    site
}

fn select<'a>(doc: &'a Html, selector: &str) -> Vec<scraper::ElementRef<'a>> {
    let sel = Selector::parse(selector).expect("selector");
    doc.select(&sel).collect()
}

/// The scripts a page loads (their file names without the content hash).
pub fn scripts(doc: &Html) -> Vec<String> {
    attrs(doc, "script[src]", "src")
        .iter()
        .map(|src| {
            let file = src.rsplit('/').next().unwrap_or("");
            let mut parts: Vec<&str> = file.split('.').collect();
            if parts.len() > 2 {
                parts.remove(parts.len() - 2);
            }
            parts.join(".")
        })
        .collect()
}

#[test]
fn callouts_have_a_title_bar_a_fold_and_a_look_per_type() {
    let site = features_site();
    let out = site.build_ok();
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("callout"),
        "no callout warnings"
    );
    let doc = site.html("guide/callouts/index.html");
    for name in CALLOUT_TYPES {
        let class = format!(".content > div.callout.callout-{name}");
        // The first callout of each type is its own (the forms below add more).
        assert_eq!(
            texts(&doc, &format!("{class}[role=note] > .callout-title")).first(),
            Some(&format!(
                "{}{}: A {name} callout",
                name[..1].to_uppercase(),
                &name[1..]
            )),
            "{name}: the type is read out before the title"
        );
        assert_eq!(
            texts(&doc, &format!("{class} > p:not(.callout-title)")).first(),
            Some(&"Its body.".to_string())
        );
    }
    // The plain GitHub form shows the type as its title, once.
    assert_eq!(
        texts(&doc, "div.callout-warning > .callout-title"),
        vec!["Warning: A warning callout", "Warning"]
    );
    assert!(select(&doc, "div.callout-warning .visually-hidden").len() == 1);
    // Folds are <details>: `-` closed, `+` open; they work without JavaScript.
    assert_eq!(
        texts(
            &doc,
            "details.callout-tip:not([open]) > summary.callout-title"
        ),
        vec!["Tip: Closed until opened"]
    );
    assert_eq!(texts(&doc, "details.callout-tip > p"), vec!["Hidden text."]);
    assert_eq!(
        texts(
            &doc,
            "details.callout-caution[open] > summary.callout-title"
        ),
        vec!["Caution"]
    );
    assert_eq!(
        texts(&doc, "div.callout-question > .callout-title"),
        vec!["Question: A question callout", "Question"],
        "`faq` is MkDocs' other name for a question"
    );
    // A title is Markdown like the rest of the line: emphasis yes, raw tags as text
    // only when escaped, and the body stays separate.
    let titled = select(&doc, "div.callout-note > .callout-title");
    assert_eq!(titled.len(), 2);
    assert_eq!(
        titled[1]
            .select(&Selector::parse("em").expect("sel"))
            .count(),
        1
    );
    assert_eq!(texts(&doc, ".content > blockquote"), vec!["Just a quote."]);
}

#[test]
fn tabs_are_headed_panels_with_an_aria_tab_list_the_script_turns_on() {
    let site = features_site();
    site.build_ok();
    let doc = site.html("guide/tabs/index.html");
    let groups = select(&doc, ".content > .tabs");
    assert_eq!(groups.len(), 2);
    let tab = Selector::parse("[role=tablist] > button[role=tab]").expect("sel");
    let panel = Selector::parse(":scope > .tab-panel").expect("sel");
    let mut ids = Vec::new();
    for (group, labels) in groups
        .iter()
        .zip([vec!["macOS", "Linux", "Windows"], vec!["macOS", "Linux"]])
    {
        let list = select(&doc, ".tabs > [role=tablist]");
        // Hidden until tabs.js runs: without it the panels read as sections.
        assert!(list.iter().all(|l| l.value().attr("hidden").is_some()));
        let tabs: Vec<_> = group.select(&tab).collect();
        let panels: Vec<_> = group.select(&panel).collect();
        let texts: Vec<String> = tabs.iter().map(|t| t.text().collect()).collect();
        assert_eq!(texts, labels);
        assert_eq!(panels.len(), tabs.len());
        for (k, (t, p)) in tabs.iter().zip(&panels).enumerate() {
            let v = t.value();
            assert_eq!(v.attr("aria-controls"), p.value().attr("id"));
            assert_eq!(
                v.attr("aria-selected"),
                Some(if k == 0 { "true" } else { "false" })
            );
            assert_eq!(v.attr("tabindex"), Some(if k == 0 { "0" } else { "-1" }));
            // Each panel starts with its label as a heading.
            let first = p
                .children()
                .filter_map(scraper::ElementRef::wrap)
                .next()
                .expect("panel content");
            assert_eq!(first.value().name(), "h3");
            assert_eq!(first.text().next().map(str::trim), Some(labels[k]));
            ids.push(p.value().attr("id").unwrap_or("").to_string());
        }
    }
    let unique: std::collections::HashSet<_> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "panel ids are unique: {ids:?}");
    // A deeper heading stays inside its tab; the next `##` is outside the group.
    assert_eq!(attrs(&doc, ".tab-panel h4", "id"), vec!["debian"]);
    assert_eq!(attrs(&doc, ".content > h2", "id"), vec!["install", "run"]);
    // Code inside a tab is highlighted like anywhere else.
    assert_eq!(select(&doc, ".tab-panel pre code").len(), 1);
    assert!(scripts(&doc).contains(&"tabs.js".to_string()));
    let plain = site.html("guide/plain/index.html");
    assert!(!scripts(&plain).contains(&"tabs.js".to_string()));
}

#[test]
fn unclosed_and_nested_tabs_are_warnings_at_their_marker() {
    let site = TestSite::new();
    site.write(
        "content/guide/t.md",
        "+++\ntitle = \"T\"\n+++\n\n<!-- tabs -->\n## A\n\nx\n\n<!-- tabs -->\n## B\n\ny\n",
    );
    let (diags, code) = site.check_json();
    assert_eq!(code, 0, "{diags:?}");
    let found: Vec<_> = diags.iter().map(at).collect();
    assert_eq!(
        found,
        vec![
            ("content/guide/t.md".to_string(), 5, 1, "tabs".to_string()),
            ("content/guide/t.md".to_string(), 10, 1, "tabs".to_string()),
        ]
    );
}

#[test]
fn mermaid_blocks_become_diagrams_and_only_their_pages_load_the_diagram_code() {
    let site = features_site();
    let out = site.build_ok();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("mermaid"),
        "no warning for mermaid: {stderr}"
    );
    let doc = site.html("guide/diagram/index.html");
    let blocks = select(&doc, ".diagram[data-diagram=mermaid]");
    assert_eq!(blocks.len(), 1);
    // The source stays readable as a code block, untouched by the highlighter.
    let code = select(&doc, ".diagram > pre > code");
    assert_eq!(code.len(), 1);
    let source: String = code[0].text().collect();
    assert!(source.starts_with("flowchart LR\n    page[Paged] --> ack{Acknowledged?}"));
    assert_eq!(
        code[0]
            .children()
            .filter_map(scraper::ElementRef::wrap)
            .count(),
        0
    );
    // The Rust block beside it is still highlighted.
    assert!(!select(&doc, "pre code span").is_empty());
    let loaded = scripts(&doc);
    assert!(loaded.contains(&"mermaid.min.js".to_string()), "{loaded:?}");
    assert!(loaded.contains(&"diagrams.js".to_string()));
    for page in [
        "guide/plain/index.html",
        "guide/tabs/index.html",
        "index.html",
    ] {
        let loaded = scripts(&site.html(page));
        assert!(
            !loaded
                .iter()
                .any(|s| s == "mermaid.min.js" || s == "diagrams.js"),
            "{page}: {loaded:?}"
        );
    }
    // The vendored file ships with its licence.
    let vendor = site.out().join("assets/vendor/mermaid");
    assert!(vendor.join("LICENSE").is_file());
    // A site without a diagram does not carry mermaid at all.
    site.remove("content/guide/diagram.md");
    site.build_ok();
    assert!(!site.out().join("assets/vendor/mermaid").exists());
}

#[test]
fn a_front_matter_title_and_a_leading_heading_give_one_h1() {
    let site = TestSite::new();
    site.write(
        "content/guide/p.md",
        "---\ntitle: Short\n---\n\n# The longer heading\n\nText.\n",
    );
    site.build_ok();
    let doc = site.html("guide/p/index.html");
    assert_eq!(texts(&doc, "h1"), vec!["The longer heading"]);
    // The title names the page everywhere else.
    assert_eq!(texts(&doc, "title").len(), 1);
    assert!(texts(&doc, "title")[0].starts_with("Short"));
    let print = site.html("print.html");
    assert_eq!(
        texts(&print, "article h1")
            .iter()
            .filter(|t| t.contains("longer"))
            .count(),
        1
    );
}

#[test]
fn the_bundled_handbook_uses_callouts_one_diagram_and_tabs() {
    let site = TestSite::bundled();
    site.build_ok();
    let escalation = site.html("guide/escalation-policies/index.html");
    assert_eq!(
        select(&escalation, ".diagram[data-diagram=mermaid]").len(),
        1
    );
    assert_eq!(select(&escalation, "details.callout:not([open])").len(), 1);
    let first_shift = site.html("onboarding/before-your-first-shift/index.html");
    assert_eq!(
        texts(&first_shift, ".tabs [role=tab]"),
        vec!["iPhone", "Android"]
    );
    assert_eq!(
        texts(&first_shift, "div.callout-important > .callout-title"),
        vec!["Important: Say so before, not during"]
    );
    let broken = broken_links(&site.out());
    assert!(broken.is_empty(), "{broken:#?}");
}
