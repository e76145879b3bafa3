//! The outline of a Markdown text: its headings (with the ids rendering gives them) and
//! every link and image destination with its position. One parse without rendering,
//! so that links and anchors can be checked, and backlinks known, before any page is
//! rendered. Links inside raw HTML count too, placed at their attribute's value.

use super::headings::{Heading, HeadingIds, HeadingText};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// A link or image destination as written, and where.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LinkRef {
    pub dest: String,
    /// Byte offset and length of the link in the whole file.
    pub offset: usize,
    pub len: usize,
    pub image: bool,
}

/// What a Markdown text contains that other pages and checks need.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Outline {
    pub headings: Vec<Heading>,
    pub links: Vec<LinkRef>,
}

impl Outline {
    /// Whether the text has a heading with this id.
    pub fn has_heading(&self, id: &str) -> bool {
        self.headings.iter().any(|h| h.id == id)
    }
}

/// The outline of the Markdown in `text[start..]` (offsets are into `text`), with
/// `{{ org }}` standing for `org` in heading texts.
pub fn outline(text: &str, start: usize, org: &str) -> Outline {
    let body = &text[start..];
    let mut out = Outline::default();
    let mut ids = HeadingIds::default();
    let mut heading: Option<(u8, Option<String>, HeadingText)> = None;
    let mut html = HtmlRun::default();
    for (ev, range) in Parser::new_ext(body, super::options()).into_offset_iter() {
        if let Event::Html(h) = &ev {
            html.push(h, start + piece_start(body, &range, h));
            continue;
        }
        html.flush(&mut out.links);
        match ev {
            Event::InlineHtml(h) => {
                let mut inline = HtmlRun::default();
                inline.push(&h, start + piece_start(body, &range, &h));
                inline.flush(&mut out.links);
            }
            Event::Start(Tag::Link { dest_url, .. }) => out.links.push(LinkRef {
                dest: dest_url.into_string(),
                offset: start + range.start,
                len: range.len(),
                image: false,
            }),
            Event::Start(Tag::Image { dest_url, .. }) => {
                out.links.push(LinkRef {
                    image: true,
                    dest: dest_url.into_string(),
                    offset: start + range.start,
                    len: range.len(),
                });
            }
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading = Some((
                    level as u8,
                    id.map(|s| s.to_string()),
                    HeadingText::default(),
                ));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, custom, text)) = heading.take() {
                    let text = text.finish(org);
                    let id = ids.assign(custom, &text);
                    out.headings.push(Heading {
                        level: level.clamp(1, 6),
                        id,
                        text,
                    });
                }
            }
            Event::Text(t) => {
                if let Some((_, _, h)) = &mut heading {
                    h.text(&t);
                }
            }
            Event::Code(t) => {
                if let Some((_, _, h)) = &mut heading {
                    h.code(org, &t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, _, h)) = &mut heading {
                    h.space(org);
                }
            }
            _ => {}
        }
    }
    html.flush(&mut out.links);
    out
}

/// Where the text of an HTML event starts in the file: inside a blockquote or a list
/// the event's text is its line without the quote marker or indent.
fn piece_start(body: &str, range: &std::ops::Range<usize>, text: &str) -> usize {
    let written = body.get(range.clone()).unwrap_or_default();
    range.start + written.find(text).unwrap_or(0)
}

/// Consecutive raw HTML events, read as one piece of HTML (a tag may span lines),
/// with where each part is in the file.
#[derive(Default)]
struct HtmlRun {
    html: String,
    /// (start in `html`, start in the file) of each part.
    parts: Vec<(usize, usize)>,
}

impl HtmlRun {
    fn push(&mut self, text: &str, file_offset: usize) {
        self.parts.push((self.html.len(), file_offset));
        self.html.push_str(text);
    }

    /// Adds the run's URLs to `links`, placed in the file, and empties the run.
    fn flush(&mut self, links: &mut Vec<LinkRef>) {
        if self.html.is_empty() {
            return;
        }
        for url in super::rawhtml::urls(&self.html) {
            let part = self
                .parts
                .partition_point(|(at, _)| *at <= url.range.start)
                .saturating_sub(1);
            let (part_start, file_start) = self.parts.get(part).copied().unwrap_or((0, 0));
            links.push(LinkRef {
                dest: url.value,
                offset: file_start + url.range.start - part_start,
                len: url.range.len(),
                image: url.image,
            });
        }
        self.html.clear();
        self.parts.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_ids_match_the_renderer() {
        let text = "## What's {{ org }}?\n\n## Notes\n\n### Notes\n\n## Custom {#mine}\n\n## `{{ org }}` code\n";
        let ids: Vec<String> = outline(text, 0, "Acme")
            .headings
            .into_iter()
            .map(|h| h.id)
            .collect();
        assert_eq!(ids, ["whats-acme", "notes", "notes-1", "mine", "org-code"]);
        let rendered = super::super::render(
            &super::super::Input {
                text,
                start: 0,
                display: "x.md",
                org: "Acme",
                id_prefix: "",
                highlight: None,
                print: None,
            },
            &super::super::NoHooks,
        );
        let rendered: Vec<String> = rendered.headings.into_iter().map(|h| h.id).collect();
        assert_eq!(ids, rendered);
    }

    #[test]
    fn links_keep_their_place_in_the_file() {
        let text = "+++\n+++\nSee [a](a.md#x) and ![b](b.png).\n";
        let o = outline(text, 8, "Acme");
        let found: Vec<(&str, &str, bool)> = o
            .links
            .iter()
            .map(|l| (l.dest.as_str(), &text[l.offset..l.offset + l.len], l.image))
            .collect();
        assert_eq!(
            found,
            [
                ("a.md#x", "[a](a.md#x)", false),
                ("b.png", "![b](b.png)", true)
            ]
        );
    }

    #[test]
    fn links_in_raw_html_are_placed_at_their_value() {
        let text = "Intro\n\n<table>\n<tr><td><a\n  href=\"../a.md#x\">A</a></td></tr>\n</table>\n\n> <img src=\"b.png\">\n\nand <a href=\"c.md\">c</a>\n";
        let o = outline(text, 0, "Acme");
        let found: Vec<(&str, &str, bool)> = o
            .links
            .iter()
            .map(|l| (l.dest.as_str(), &text[l.offset..l.offset + l.len], l.image))
            .collect();
        assert_eq!(
            found,
            [
                ("../a.md#x", "../a.md#x", false),
                ("b.png", "b.png", true),
                ("c.md", "c.md", false)
            ]
        );
    }
}
