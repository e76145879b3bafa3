//! Names, descriptions and URLs from catalog files and front matter are text, not
//! Markdown syntax: a page's `.md` reads them as written, whatever characters they hold.

use super::fixture;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// The text of the H1, the quote's blocks and each link's destination.
#[derive(Debug, Default)]
struct Top {
    h1: String,
    quote_blocks: Vec<&'static str>,
    links: Vec<String>,
}

fn read_top(md: &str) -> Top {
    let mut top = Top::default();
    let (mut in_h1, mut quote_depth) = (false, 0);
    for event in Parser::new(md) {
        match event {
            Event::Start(Tag::Heading { .. }) if top.h1.is_empty() => in_h1 = true,
            Event::End(TagEnd::Heading(_)) => in_h1 = false,
            Event::Start(Tag::BlockQuote(_)) => quote_depth += 1,
            Event::End(TagEnd::BlockQuote(_)) => quote_depth -= 1,
            Event::Start(Tag::Paragraph) if quote_depth > 0 => top.quote_blocks.push("p"),
            Event::Start(Tag::List(_)) if quote_depth > 0 => top.quote_blocks.push("list"),
            Event::Start(Tag::Link { dest_url, .. }) => top.links.push(dest_url.to_string()),
            Event::Text(t) | Event::Code(t) if in_h1 => top.h1.push_str(&t),
            _ => {}
        }
    }
    top
}

#[test]
fn markdown_syntax_in_names_descriptions_and_urls_reads_as_written() {
    let site = fixture();
    site.write(
        "content/services/ledger.toml",
        concat!(
            "name = \"*Ledger* [beta] | <b>v2</b> `x`\"\n",
            "description = \"The books.\"\n",
            "owner = \"payments\"\ntier = 2\nlifecycle = \"production\"\n",
            "links = [{ name = \"Odd\", url = \"https://acme.example/a b>c\\\\d\" }]\n",
        ),
    );
    site.write(
        "content/guide/tiers.md",
        "+++\ntitle = \"1. Tiers #1\"\ndescription = \"- first, then *second*\"\n+++\n## Tier 1\n\nText.\n",
    );
    site.build_ok();

    let ledger = read_top(&site.read("services/ledger.md"));
    assert_eq!(ledger.h1, "*Ledger* [beta] | <b>v2</b> `x`");
    assert!(
        ledger
            .links
            .contains(&"https://acme.example/a%20b%3Ec%5Cd".to_string()),
        "{:?}",
        ledger.links
    );

    let tiers = read_top(&site.read("guide/tiers.md"));
    assert_eq!(tiers.h1, "1. Tiers #1");
    assert_eq!(tiers.quote_blocks, ["p"], "the description is a paragraph");
}
