//! One Markdown text (a guide page's body, a service's prose or description) as the
//! `.md` files show it. The author's Markdown is kept byte for byte, and three kinds
//! of edit are spliced in at the byte ranges pulldown-cmark reports:
//!
//! - `{{ org }}` in text becomes the organization's name (not in code, as on the page);
//! - a paragraph holding only a block shortcode becomes the shortcode's Markdown list;
//! - a link or image destination that resolves to a guide page, catalog entry or copied
//!   file becomes its published URL, pages and entries pointing at their Markdown.
//!
//! Keeping the source rather than writing the events out again keeps tables, callouts,
//! footnotes and code exactly as the author wrote them, in one parse per text.

use super::Urls;
use crate::analyze::links::{Link, resolve};
use crate::markdown::shortcode::parse_block;
use crate::render::Ctx;
use crate::render::catalog::shortcode::expand_markdown;
use crate::text::{escape_markdown, replace_org};
use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};
use std::ops::Range;

/// A text to export and where it comes from.
pub struct Text<'a> {
    /// The Markdown (front matter already left out).
    pub body: &'a str,
    /// Folder of its file relative to `content/` (`guide/`), which links start from.
    pub source_dir: &'a str,
    /// Whether block shortcodes are expanded (pages and prose; not descriptions).
    pub shortcodes: bool,
}

/// Replace `range` of the body with `with`.
struct Edit {
    range: Range<usize>,
    with: String,
}

/// `text.body` with `{{ org }}`, shortcodes and links written out.
pub fn export(cx: &Ctx, urls: &Urls, text: &Text) -> String {
    let parser = Parser::new_ext(text.body, crate::markdown::options()).into_offset_iter();
    let mut walk = Walk {
        cx,
        urls,
        text,
        org: escape_markdown(&cx.site.config.organization),
        edits: Vec::new(),
        run: None,
        in_code: false,
        paragraph: None,
        links: Vec::new(),
    };
    for (_, def) in parser.reference_definitions().iter() {
        // `[label]: dest "title"`: the destination follows the first `]:`.
        let span = def.span.clone();
        let Some(colon) = text.body[span.clone()].find("]:") else {
            continue;
        };
        walk.destination(span.start + colon + 2..span.end, &def.dest, false);
    }
    for (event, range) in parser {
        walk.event(event, range);
    }
    walk.flush_run();
    apply(text.body, walk.edits)
}

/// A paragraph being read, to see whether it holds only a shortcode.
struct Paragraph {
    range: Range<usize>,
    text: String,
    only_text: bool,
}

/// A link or image being read: where it is, where it points, and where its text ends
/// (its destination follows).
struct OpenLink {
    range: Range<usize>,
    dest: String,
    image: bool,
    inline: bool,
    text_end: usize,
}

struct Walk<'a, 'c> {
    cx: &'a Ctx<'c>,
    urls: &'a Urls,
    text: &'a Text<'a>,
    /// The organization's name as Markdown text.
    org: String,
    edits: Vec<Edit>,
    /// The byte range of the text events read since the last other event: `{{ org }}`
    /// may be split over several.
    run: Option<Range<usize>>,
    in_code: bool,
    paragraph: Option<Paragraph>,
    links: Vec<OpenLink>,
}

impl Walk<'_, '_> {
    fn event(&mut self, event: Event, range: Range<usize>) {
        if let Event::Text(t) = &event {
            if let Some(p) = &mut self.paragraph {
                p.text.push_str(t);
            }
            if !self.in_code {
                self.run = Some(match self.run.take() {
                    Some(run) => run.start.min(range.start)..run.end.max(range.end),
                    None => range.clone(),
                });
            }
            self.saw(range.end);
            return;
        }
        self.flush_run();
        match event {
            Event::Start(Tag::CodeBlock(_)) => self.in_code = true,
            Event::End(TagEnd::CodeBlock) => self.in_code = false,
            Event::Start(Tag::Paragraph) if self.text.shortcodes => {
                self.paragraph = Some(Paragraph {
                    range: range.clone(),
                    text: String::new(),
                    only_text: true,
                });
                return;
            }
            Event::End(TagEnd::Paragraph) => {
                if let Some(p) = self.paragraph.take() {
                    self.paragraph_end(p);
                }
                self.saw(range.end);
                return;
            }
            Event::Start(Tag::Link {
                link_type,
                ref dest_url,
                ..
            })
            | Event::Start(Tag::Image {
                link_type,
                ref dest_url,
                ..
            }) => {
                let image = matches!(event, Event::Start(Tag::Image { .. }));
                if let Some(p) = &mut self.paragraph {
                    p.only_text = false;
                }
                self.links.push(OpenLink {
                    text_end: range.start + if image { 2 } else { 1 },
                    range,
                    dest: dest_url.to_string(),
                    image,
                    inline: link_type == LinkType::Inline,
                });
                // Its text is what follows; the range is the whole link.
                return;
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if let Some(link) = self.links.pop() {
                    self.link_end(&link);
                    self.saw(link.range.end);
                }
            }
            _ => {}
        }
        if let Some(p) = &mut self.paragraph {
            p.only_text = false;
        }
        self.saw(range.end);
    }

    /// Notes that the open link's text reaches `end`.
    fn saw(&mut self, end: usize) {
        if let Some(link) = self.links.last_mut() {
            link.text_end = link.text_end.max(end);
        }
    }

    /// Replaces `{{ org }}` in the text read since the last other event.
    fn flush_run(&mut self) {
        let Some(run) = self.run.take() else { return };
        let source = &self.text.body[run.clone()];
        if let std::borrow::Cow::Owned(replaced) = replace_org(source, &self.org) {
            self.edits.push(Edit {
                range: run,
                with: replaced,
            });
        }
    }

    /// A paragraph that holds only a block shortcode becomes the shortcode's Markdown.
    fn paragraph_end(&mut self, p: Paragraph) {
        if !p.only_text {
            return;
        }
        let Some(sc) = parse_block(&p.text) else {
            return;
        };
        let urls = self.urls;
        // A shortcode that cannot be expanded is reported by the page's HTML render,
        // which shows nothing in its place either.
        let listing =
            expand_markdown(self.cx, &sc, &|folder| urls.markdown(folder)).unwrap_or_default();
        let with = indent_like(self.text.body, p.range.start, listing.trim_end());
        self.edits.retain(|e| !p.range.contains(&e.range.start));
        let source = &self.text.body[p.range.clone()];
        let end = p.range.end - (source.len() - source.trim_end().len());
        self.edits.push(Edit {
            range: p.range.start..end,
            with,
        });
    }

    /// Rewrites an inline link's destination, which follows its text: `](dest "title")`.
    fn link_end(&mut self, link: &OpenLink) {
        if !link.inline || link.text_end >= link.range.end {
            return;
        }
        self.destination(link.text_end..link.range.end, &link.dest, link.image);
    }

    /// Rewrites the first occurrence of `dest` inside `within` to its published URL,
    /// when it resolves to something the site publishes. A destination written with
    /// escapes is not found as it reads, and stays as written.
    fn destination(&mut self, within: Range<usize>, dest: &str, image: bool) {
        if dest.is_empty() {
            return;
        }
        let Some(url) = self.url_of(dest, image) else {
            return;
        };
        let Some(at) = self.text.body[within.clone()].find(dest) else {
            return;
        };
        let start = within.start + at;
        self.edits.push(Edit {
            range: start..start + dest.len(),
            with: url,
        });
    }

    /// The published URL of a destination, `None` to keep it as written (external,
    /// same page, or pointing nowhere: `check` reported those).
    fn url_of(&self, dest: &str, image: bool) -> Option<String> {
        let site = self.cx.site;
        let frag = |f: Option<String>| f.map(|f| format!("#{f}")).unwrap_or_default();
        match resolve(site, self.text.source_dir, dest, image) {
            Link::Unsafe => Some("#".to_string()),
            Link::Page { page, fragment } => Some(format!(
                "{}{}",
                self.urls.markdown(&site.pages[page].url),
                frag(fragment)
            )),
            Link::Elsewhere { url, fragment, .. } => {
                Some(format!("{}{}", self.urls.markdown(&url), frag(fragment)))
            }
            Link::Catalog { key, fragment } => site
                .catalog
                .url_of(&key)
                .map(|folder| format!("{}{}", self.urls.markdown(&folder), frag(fragment))),
            Link::Asset { path, fragment } => {
                Some(format!("{}{}", self.urls.file(&path), frag(fragment)))
            }
            Link::Empty | Link::SamePage(_) | Link::External | Link::Broken(_) => None,
        }
    }
}

/// `block` (several lines) to go where a paragraph started at `at`: its later lines get
/// the same quote markers and indentation as the paragraph's first line had (inside a
/// blockquote or a list item).
fn indent_like(body: &str, at: usize, block: &str) -> String {
    let line_start = body[..at].rfind('\n').map_or(0, |n| n + 1);
    let prefix: String = body[line_start..at]
        .chars()
        .map(|c| if c == '>' { '>' } else { ' ' })
        .collect();
    let mut out = String::with_capacity(block.len() + 16);
    for (i, line) in block.lines().enumerate() {
        if i > 0 {
            out.push('\n');
            out.push_str(&prefix);
        }
        out.push_str(line);
    }
    out
}

/// The body with the edits applied (an edit overlapping an earlier one is dropped).
fn apply(body: &str, mut edits: Vec<Edit>) -> String {
    edits.sort_by_key(|e| e.range.start);
    let mut out = String::with_capacity(body.len() + 256);
    let mut at = 0;
    for edit in edits {
        if edit.range.start < at || edit.range.end > body.len() {
            continue;
        }
        out.push_str(&body[at..edit.range.start]);
        out.push_str(&edit.with);
        at = edit.range.end;
    }
    out.push_str(&body[at..]);
    out
}
