//! Raw HTML inside Markdown (a table of contacts, a severity grid): its URLs and its
//! text. Links in it are resolved, written and checked like Markdown links, and its
//! text is searchable like any paragraph.
//!
//! html5gum tokenizes it: a WHATWG-conformant tokenizer with byte spans and no
//! dependencies of its own. A tree builder (html5ever) would reorder a fragment and
//! lose positions, and a rewriter (lol_html) brings a CSS selector engine for what
//! is only "the `href` of an `a`"; the tokenizer is all this needs.

use html5gum::{DefaultEmitter, Token, Tokenizer};
use std::borrow::Cow;
use std::ops::Range;

/// A URL in an attribute of raw HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlAttr {
    /// The URL as the browser reads it (character references decoded).
    pub value: String,
    /// Where the attribute's value is written in the HTML (without its quotes).
    pub range: Range<usize>,
    /// Whether it loads a file (an image or other media) rather than linking to a page.
    pub image: bool,
}

/// The attribute of an element that holds a URL to check, and whether it is media.
fn url_attribute(element: &[u8]) -> &'static [(&'static [u8], bool)] {
    match element {
        b"a" | b"area" => &[(b"href", false)],
        b"iframe" => &[(b"src", false)],
        b"img" | b"source" | b"audio" | b"track" | b"embed" => &[(b"src", true)],
        b"video" => &[(b"src", true), (b"poster", true)],
        _ => &[],
    }
}

/// Elements whose content is not text a reader sees.
fn hides_text(element: &[u8]) -> bool {
    matches!(element, b"script" | b"style" | b"template" | b"noscript")
}

fn tokens(html: &str) -> Tokenizer<html5gum::StringReader<'_>, DefaultEmitter<usize>> {
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    // `<script>` and `<style>` hold raw text, not tags.
    emitter.naively_switch_states(true);
    Tokenizer::new_with_emitter(html, emitter)
}

/// Every URL attribute of `html`, in the order they are written.
pub fn urls(html: &str) -> Vec<UrlAttr> {
    let mut found = Vec::new();
    for token in tokens(html).flatten() {
        let Token::StartTag(tag) = token else {
            continue;
        };
        for (name, image) in url_attribute(&tag.name) {
            let Some(attr) = tag.attributes.get(*name) else {
                continue;
            };
            let Some(range) = value_range(html, attr.span.start, attr.span.end) else {
                continue;
            };
            found.push(UrlAttr {
                value: String::from_utf8_lossy(&attr.value).into_owned(),
                range,
                image: *image,
            });
        }
    }
    found.sort_by_key(|u| u.range.start);
    found
}

/// The text a reader sees in `html`, each element's text apart from the next.
pub fn text(html: &str) -> String {
    let mut out = String::new();
    let mut hidden: Option<Vec<u8>> = None;
    for token in tokens(html).flatten() {
        match token {
            Token::StartTag(tag) => {
                if hidden.is_none() && hides_text(&tag.name) && !tag.self_closing {
                    hidden = Some(tag.name.to_vec());
                }
                out.push(' ');
            }
            Token::EndTag(tag) => {
                if hidden.as_deref() == Some(&tag.name[..]) {
                    hidden = None;
                }
                out.push(' ');
            }
            Token::String(s) if hidden.is_none() => out.push_str(&String::from_utf8_lossy(&s)),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `html` with each URL attribute replaced by what `url` makes of it (the value as
/// the browser reads it, and whether it is media); unchanged when nothing changes.
pub fn rewrite<'h>(html: &'h str, url: &dyn Fn(&str, bool) -> String) -> Cow<'h, str> {
    let mut out = String::new();
    let mut at = 0;
    for attr in urls(html) {
        let new = url(&attr.value, attr.image);
        if new == attr.value {
            continue;
        }
        out.push_str(&html[at..attr.range.start]);
        out.push_str(&crate::text::escape_html(&new));
        at = attr.range.end;
    }
    if at == 0 {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[at..]);
    Cow::Owned(out)
}

/// The value inside an attribute written at `start..end` (`name="value"`), without
/// its quotes.
fn value_range(html: &str, start: usize, end: usize) -> Option<Range<usize>> {
    let written = html.get(start..end.min(html.len()))?;
    let eq = written.find('=')?;
    let after = &written[eq + 1..];
    let lead = after.len() - after.trim_start().len();
    let value_start = start + eq + 1 + lead;
    let rest = &html[value_start..];
    match rest.chars().next()? {
        q @ ('"' | '\'') => {
            let len = rest[1..].find(q)?;
            Some(value_start + 1..value_start + 1 + len)
        }
        _ => {
            let len = rest
                .find(|c: char| c.is_ascii_whitespace() || c == '>')
                .unwrap_or(rest.len());
            Some(value_start..value_start + len)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_have_their_value_and_place() {
        let html = "<table><tr><td><a class=x href=\"../a.md#b\">A</a></td>\n<td><img alt='' src='p&amp;q.png'><a href=c.md>C</a></td></tr></table>";
        let found: Vec<(String, &str, bool)> = urls(html)
            .into_iter()
            .map(|u| (u.value, &html[u.range], u.image))
            .collect();
        assert_eq!(
            found,
            [
                ("../a.md#b".to_string(), "../a.md#b", false),
                ("p&q.png".to_string(), "p&amp;q.png", true),
                ("c.md".to_string(), "c.md", false),
            ]
        );
    }

    #[test]
    fn text_skips_scripts_and_separates_cells() {
        let html = "<table><tr><td>Sev&nbsp;1</td><td>Page <b>now</b></td></tr></table><script>var cosmetic = 1;</script><!-- note -->";
        assert_eq!(text(html), "Sev 1 Page now");
    }

    #[test]
    fn rewriting_changes_only_the_urls() {
        let html = "<p><a href=\"x.md\" title=\"x.md\">x</a> <a href='https://e.example/?a=1&amp;b=2'>e</a></p>";
        let out = rewrite(html, &|u, _| {
            if u == "x.md" {
                "../x/index.html?a&b".into()
            } else {
                u.to_string()
            }
        });
        assert_eq!(
            out,
            "<p><a href=\"../x/index.html?a&amp;b\" title=\"x.md\">x</a> <a href='https://e.example/?a=1&amp;b=2'>e</a></p>"
        );
        assert!(matches!(
            rewrite("<b>x</b>", &|u, _| u.to_string()),
            Cow::Borrowed(_)
        ));
    }
}
