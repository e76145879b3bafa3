//! Short Markdown texts from catalog files: descriptions rendered as safe inline HTML,
//! and Markdown flattened to plain text for tables, tooltips and search.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// Renders a short Markdown text (a description) safely: raw HTML becomes text,
/// images become their alt text, and a link survives only if `resolve` gives its
/// destination a URL (otherwise its text stays, unlinked).
pub fn inline_html(md: &str, resolve: &dyn Fn(&str) -> Option<String>) -> String {
    let mut links: Vec<bool> = Vec::new();
    let events = Parser::new_ext(md, super::inline_options()).filter_map(|ev| match ev {
        Event::Html(s) | Event::InlineHtml(s) => Some(Event::Text(s)),
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let url = resolve(&dest_url);
            links.push(url.is_some());
            url.map(|u| {
                Event::Start(Tag::Link {
                    link_type,
                    dest_url: u.into(),
                    title,
                    id,
                })
            })
        }
        Event::End(TagEnd::Link) => links.pop().unwrap_or(false).then_some(ev),
        other => Some(other),
    });
    let mut html = String::with_capacity(md.len() + 32);
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

/// The plain text of a Markdown text (for tables, tooltips and search).
pub fn plain_text(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    for ev in Parser::new(md) {
        match ev {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock,
            ) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_flattens_markdown() {
        assert_eq!(
            plain_text("**Bold** and `code`\n\nnext"),
            "Bold and code next"
        );
    }

    #[test]
    fn links_that_do_not_resolve_lose_their_link_but_keep_their_text() {
        let html = inline_html("[a](ok) and [b](bad) <i>x</i>", &|d| {
            (d == "ok").then(|| "ok.html".to_string())
        });
        assert_eq!(
            html,
            "<p><a href=\"ok.html\">a</a> and b &lt;i&gt;x&lt;/i&gt;</p>\n"
        );
    }
}
