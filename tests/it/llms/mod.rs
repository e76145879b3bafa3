//! `llms.txt` and the Markdown beside each page, as an assistant or a script reads
//! them: llms.txt parses into the structure the llms.txt proposal describes and every
//! link in it reaches a published file; a page's Markdown has `{{ org }}` and its
//! shortcodes written out as Markdown; `serve` answers with both, freshly rebuilt.

mod hostile;
mod large;
mod parity;

use crate::serve::client::Server;
use crate::support::{TestSite, copy_dir, repo_root};
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Parser, Tag, TagEnd};
use std::path::{Path, PathBuf};

/// A copy of the small handbook in tests/fixtures/llms.
fn fixture() -> TestSite {
    let site = TestSite {
        dir: tempfile::tempdir().expect("temp dir"),
    };
    copy_dir(&repo_root().join("tests/fixtures/llms"), site.path());
    site
}

/// One `- [name](url): notes` line of an llms.txt section.
#[derive(Debug)]
struct Entry {
    name: String,
    url: String,
    notes: String,
}

/// llms.txt as the proposal lays it out.
#[derive(Debug, Default)]
struct LlmsTxt {
    title: String,
    summary: String,
    /// The paragraphs between the summary and the first section.
    prose: Vec<String>,
    sections: Vec<(String, Vec<Entry>)>,
}

/// Parses llms.txt with pulldown-cmark, asserting the order of its blocks: one H1,
/// a quote, paragraphs, then H2 sections each holding one list.
fn parse_llms_txt(text: &str) -> LlmsTxt {
    let mut doc = LlmsTxt::default();
    let mut blocks: Vec<&str> = Vec::new();
    let mut depth = 0;
    let mut text_buf = String::new();
    let mut entry: Option<Entry> = None;
    let mut in_link = false;
    for event in Parser::new(text) {
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    blocks.push(match tag {
                        Tag::Heading {
                            level: HeadingLevel::H1,
                            ..
                        } => "h1",
                        Tag::Heading {
                            level: HeadingLevel::H2,
                            ..
                        } => "h2",
                        Tag::BlockQuote(_) => "quote",
                        Tag::Paragraph => "p",
                        Tag::List(None) => "list",
                        _ => "other",
                    });
                    text_buf.clear();
                }
                match tag {
                    Tag::Item => {
                        entry = Some(Entry {
                            name: String::new(),
                            url: String::new(),
                            notes: String::new(),
                        })
                    }
                    Tag::Link { dest_url, .. }
                        if entry.as_ref().is_some_and(|e| e.url.is_empty()) =>
                    {
                        in_link = true;
                        if let Some(e) = &mut entry {
                            e.url = dest_url.to_string();
                        }
                    }
                    _ => {}
                }
                depth += 1;
            }
            Event::End(tag) => {
                depth -= 1;
                match tag {
                    TagEnd::Link => in_link = false,
                    TagEnd::Item => {
                        let e = entry.take().expect("an item");
                        let section = doc.sections.last_mut().expect("items are in a section");
                        section.1.push(e);
                    }
                    _ => {}
                }
                if depth == 0 {
                    let text = text_buf.trim().to_string();
                    match *blocks.last().expect("a block") {
                        "h1" => doc.title = text,
                        "quote" => doc.summary = text,
                        "p" => doc.prose.push(text),
                        "h2" => doc.sections.push((text, Vec::new())),
                        _ => {}
                    }
                }
            }
            Event::Text(t) | Event::Code(t) => match &mut entry {
                Some(e) if in_link => e.name.push_str(&t),
                Some(e) => e.notes.push_str(&t),
                None => text_buf.push_str(&t),
            },
            Event::SoftBreak => text_buf.push(' '),
            other => panic!("unexpected {other:?} in llms.txt"),
        }
    }
    let first_section = blocks.iter().position(|b| *b == "h2").expect("sections");
    assert_eq!(blocks[..2], ["h1", "quote"], "an H1, then the summary");
    assert!(
        blocks[2..first_section].iter().all(|b| *b == "p"),
        "prose before the sections: {blocks:?}"
    );
    for pair in blocks[first_section..].chunks(2) {
        assert_eq!(pair, ["h2", "list"], "each section is a heading and a list");
    }
    for (_, entries) in &mut doc.sections {
        for e in entries.iter_mut() {
            e.notes = e.notes.trim_start_matches(':').trim().to_string();
        }
    }
    doc
}

/// The output file a URL of the Markdown outputs names (`base` is what site URLs
/// start with: the base_url, or `/`).
fn file_of(out: &Path, base: &str, url: &str) -> PathBuf {
    let rel = url
        .strip_prefix(base)
        .unwrap_or_else(|| panic!("{url} does not start with {base}"));
    let rel = rel.split('#').next().unwrap_or(rel);
    if rel.is_empty() || rel.ends_with('/') {
        out.join(rel).join("index.html")
    } else {
        out.join(rel)
    }
}

fn names(entries: &[Entry]) -> Vec<&str> {
    entries.iter().map(|e| e.name.as_str()).collect()
}

#[test]
fn llms_txt_lists_the_guide_in_sidebar_order_and_the_catalog_with_owners() {
    let site = fixture();
    site.build_ok();
    let doc = parse_llms_txt(&site.read("llms.txt"));
    assert_eq!(doc.title, "Acme Handbook");
    assert_eq!(doc.summary, "How Acme runs its services.");
    assert!(!doc.prose.is_empty(), "a few words on how to read it");
    let sections: Vec<&str> = doc.sections.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(sections, ["Home", "Guide", "Services", "Teams", "Optional"]);
    let section = |name: &str| &doc.sections.iter().find(|(s, _)| s == name).expect(name).1;
    assert_eq!(
        names(section("Guide")),
        ["Guide", "Going on call at Acme", "Tiers"]
    );
    assert_eq!(
        section("Guide")[1].notes,
        "What a shift at Acme asks of you."
    );
    assert_eq!(names(section("Services")), ["Ledger", "Payments API"]);
    let payments = &section("Services")[1];
    assert_eq!(
        payments.notes,
        "Takes payments for the Acme shop. Owner: Payments; tier 1 (critical); production"
    );
    assert_eq!(payments.url, "/services/payments-api.md");
    assert_eq!(names(section("Teams")), ["Payments"]);
    for (name, entries) in &doc.sections {
        for e in entries {
            let file = file_of(&site.out(), "/", &e.url);
            assert!(file.is_file(), "{name}: {} -> {}", e.url, file.display());
        }
    }
}

#[test]
fn with_a_base_url_every_link_is_absolute() {
    let site = fixture();
    let base = "https://handbook.acme.example/docs/";
    let out = site.run(&["build", "--base-url", base]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc = parse_llms_txt(&site.read("llms.txt"));
    let urls: Vec<&str> = doc
        .sections
        .iter()
        .flat_map(|(_, entries)| entries.iter().map(|e| e.url.as_str()))
        .collect();
    assert_eq!(urls.len(), 11);
    for url in urls {
        assert!(file_of(&site.out(), base, url).is_file(), "{url}");
    }
    let page = site.read("guide/on-call.md");
    for link in links(&page) {
        if !link.starts_with("https://acme.example") {
            assert!(file_of(&site.out(), base, &link).is_file(), "{link}");
        }
    }
}

/// Every link and image destination of a Markdown text, definitions resolved.
fn links(md: &str) -> Vec<String> {
    Parser::new(md)
        .filter_map(|e| match e {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                Some(dest_url.to_string())
            }
            _ => None,
        })
        .collect()
}

/// What a page's Markdown holds, as pulldown-cmark reads it.
#[derive(Default)]
struct Page {
    h1: Vec<String>,
    /// Text outside code, by block.
    text: String,
    code_blocks: Vec<String>,
    /// (link text, destination) of each link inside a list item.
    list_links: Vec<(String, String)>,
}

fn parse_page(md: &str) -> Page {
    let mut page = Page::default();
    let (mut in_h1, mut in_code, mut in_item) = (false, false, 0);
    let mut link: Option<(String, String)> = None;
    for event in Parser::new_ext(md, pulldown_cmark::Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) => in_h1 = true,
            Event::End(TagEnd::Heading(HeadingLevel::H1)) => in_h1 = false,
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_))) => {
                in_code = true;
                page.code_blocks.push(String::new());
            }
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Start(Tag::Item) => in_item += 1,
            Event::End(TagEnd::Item) => in_item -= 1,
            Event::Start(Tag::Link { dest_url, .. }) if in_item > 0 => {
                link = Some((String::new(), dest_url.to_string()))
            }
            Event::End(TagEnd::Link) => page.list_links.extend(link.take()),
            Event::Text(t) if in_code => {
                if let Some(block) = page.code_blocks.last_mut() {
                    block.push_str(&t);
                }
            }
            Event::Text(t) => {
                if in_h1 {
                    page.h1.push(t.to_string());
                }
                if let Some((text, _)) = &mut link {
                    text.push_str(&t);
                }
                page.text.push_str(&t);
                page.text.push(' ');
            }
            _ => {}
        }
    }
    page
}

#[test]
fn a_pages_markdown_has_org_and_shortcodes_written_out_and_links_to_markdown() {
    let site = fixture();
    site.build_ok();
    // Beside every page's HTML: the page's folder with `.md`.
    for (html, md) in [
        ("index.html", "index.md"),
        ("guide/index.html", "guide.md"),
        ("guide/on-call/index.html", "guide/on-call.md"),
        ("guide/tiers/index.html", "guide/tiers.md"),
        (
            "services/payments-api/index.html",
            "services/payments-api.md",
        ),
        ("teams/payments/index.html", "teams/payments.md"),
    ] {
        assert!(site.out().join(html).is_file(), "{html}");
        assert!(site.out().join(md).is_file(), "{md}");
    }
    let md = site.read("guide/on-call.md");
    assert!(!md.starts_with("+++"), "no front matter");
    let page = parse_page(&md);
    assert_eq!(page.h1, ["Going on call at Acme"]);
    assert!(page.text.contains("Every team at Acme that runs"));
    for syntax in ["{{", "}}", "{%"] {
        assert!(!page.text.contains(syntax), "{syntax} left in:\n{md}");
    }
    // Code shows the placeholder, as the HTML page does.
    assert_eq!(page.code_blocks, ["title = \"On call at {{ org }}\"\n"]);
    // `{{ services tier=1 }}` and `{{ teams }}` (inside a quote) are lists of links.
    let expected = [
        ("Payments API", "/services/payments-api.md"),
        ("Payments", "/teams/payments.md"),
        ("Payments", "/teams/payments.md"),
    ];
    let found: Vec<(&str, &str)> = page
        .list_links
        .iter()
        .map(|(t, d)| (t.as_str(), d.as_str()))
        .collect();
    assert_eq!(found, expected);
    let dests = links(&md);
    assert_eq!(
        dests,
        [
            "/guide/tiers.md#tier-1",
            "/services/payments-api.md",
            "/guide/tiers.md",
            "/services/payments-api.md",
            "/teams/payments.md",
            "/teams/payments.md",
            "/guide/img/flow.png",
        ]
    );
    for dest in dests {
        assert!(file_of(&site.out(), "/", &dest).is_file(), "{dest}");
    }
}

#[test]
fn a_services_markdown_holds_its_facts_policy_and_prose() {
    let site = fixture();
    site.build_ok();
    let md = site.read("services/payments-api.md");
    let page = parse_page(&md);
    assert_eq!(page.h1, ["Payments API"]);
    for fact in [
        "Takes payments for the",
        "Owner: ",
        "Tier 1 (Critical)",
        "Payments default",
        "rotation Payments primary",
        "Records every charge",
        "Share of requests answered without a 5xx",
        "When the ledger is slow",
    ] {
        assert!(page.text.contains(fact), "{fact} missing from:\n{md}");
    }
    for dest in links(&md) {
        if !dest.starts_with("https:") {
            assert!(file_of(&site.out(), "/", &dest).is_file(), "{dest}");
        }
    }
}

#[test]
fn llms_false_publishes_neither_llms_txt_nor_markdown() {
    let site = fixture();
    let config = std::fs::read_to_string(site.path().join("ownbook.toml")).expect("config");
    site.write("ownbook.toml", &format!("{config}llms = false\n"));
    site.build_ok();
    let markdown: Vec<PathBuf> = walkdir::WalkDir::new(site.out())
        .into_iter()
        .flatten()
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "md") || p.ends_with("llms.txt"))
        .collect();
    assert_eq!(markdown, Vec::<PathBuf>::new());
}

#[test]
fn serve_answers_with_llms_txt_and_markdown_and_rebuilds_them() {
    let site = fixture();
    let server = Server::start(&site, &[]);
    let mut events = server.events();
    let build = events.first_build();
    let index = server.get("/llms.txt");
    assert_eq!(index.status, 200);
    assert_eq!(
        index.header("Content-Type"),
        Some("text/plain; charset=utf-8")
    );
    assert!(
        !index.text().contains("EventSource"),
        "no live reload script"
    );
    let doc = parse_llms_txt(&index.text());
    for (_, entries) in &doc.sections {
        for e in entries {
            assert_eq!(server.get(&e.url).status, 200, "{}", e.url);
        }
    }
    let page = server.get("/guide/tiers.md");
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("Content-Type"),
        Some("text/markdown; charset=utf-8")
    );
    assert!(page.text().contains("page someone at any hour"));

    // Only the text changes: nothing site-wide does.
    site.write(
        "content/guide/tiers.md",
        "+++\ntitle = \"Tiers\"\nweight = 2\n+++\n## Tier 1\n\nAt {{ org }} tier 1 pages at night.\n",
    );
    let state = events.next_build(&build);
    assert!(state["error"].is_null(), "{state}");
    let page = parse_page(&server.get("/guide/tiers.md").text());
    assert!(
        page.text.contains("At Acme tier 1 pages at night."),
        "{}",
        page.text
    );
}
