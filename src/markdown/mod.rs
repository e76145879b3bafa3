//! Markdown → HTML in one pass over pulldown-cmark's events. The same pass rewrites and
//! records links (with their source positions, for checking), gives headings unique
//! ids, turns GitHub alerts into callouts, highlights code, applies `{{ org }}` and
//! block shortcodes, and collects plain text per heading for the search index.

mod contrast;
pub mod highlight;
pub mod links;
pub mod shortcode;

use crate::diag::Diagnostic;
use crate::site::Site;
use crate::text::{escape_html, slugify};
use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};
use std::collections::HashSet;

pub use links::{LinkTarget, PendingLink};

/// One heading of a rendered page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// Plain text under one heading (or before the first), for search.
#[derive(Debug, Clone, Default)]
pub struct TextSection {
    /// Heading id, `None` for the text before the first heading.
    pub id: Option<String>,
    pub heading: String,
    pub text: String,
}

/// What rendering a Markdown body produces.
#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
    /// Links to pages (and `#anchors`) whose anchor must be checked once every page is
    /// rendered.
    pub links: Vec<PendingLink>,
    pub sections: Vec<TextSection>,
    pub diags: Vec<Diagnostic>,
    /// Whether the page has a code block (and so needs the code stylesheet).
    pub has_code: bool,
}

/// How links and ids are written: normal pages, or the one-page print version where
/// every id is prefixed by its page and links between pages become `#` links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Page,
    Print,
}

/// The input of one render: where the text comes from and where its HTML goes.
pub struct Input<'a> {
    /// The whole normalized file (diagnostics point into it).
    pub text: &'a str,
    /// Byte offset of the Markdown inside `text`.
    pub start: usize,
    /// Path shown in diagnostics (`content/guide/x.md`).
    pub display: &'a str,
    /// Folder of the source file relative to `content/` (`guide/`), for relative links.
    pub source_dir: &'a str,
    /// Output folder of the HTML file (`guide/x/`), for relative URLs.
    pub out_dir: &'a str,
    /// The page being rendered, if it is a guide page (for same-page anchors).
    pub page: Option<usize>,
    pub mode: Mode,
    pub highlight: bool,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// Renders one Markdown text. Never panics on any input.
pub fn render(site: &Site, input: &Input) -> Rendered {
    let body = &input.text[input.start..];
    let events = merged_events(body);
    let mut r = Renderer {
        site,
        input,
        out: Vec::with_capacity(events.len()),
        rendered: Rendered::default(),
        ids: HashSet::new(),
        heading: None,
        code: None,
        current: TextSection::default(),
    };
    let mut i = 0;
    while i < events.len() {
        i += r.event(&events, i);
    }
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, r.out.into_iter());
    // Kept until the page's template is rendered: give back the growth slack.
    html.shrink_to_fit();
    r.rendered.html = html;
    r.rendered.sections.push(r.current);
    r.rendered
        .sections
        .retain(|s| s.id.is_some() || !s.text.trim().is_empty());
    r.rendered
}

/// The pages and catalog entries a text links to, resolved exactly as `render` does
/// but without rendering anything: one cheap parse. `build` computes every page's
/// backlinks from these first, so that each page's template can be rendered (and the
/// page written and let go) as soon as its Markdown is, instead of holding the HTML
/// of every page until the last one is rendered.
pub fn link_targets(site: &Site, input: &Input) -> Vec<LinkTarget> {
    let body = &input.text[input.start..];
    let mut r = Renderer {
        site,
        input,
        out: Vec::new(),
        rendered: Rendered::default(),
        ids: HashSet::new(),
        heading: None,
        code: None,
        current: TextSection::default(),
    };
    for (ev, range) in Parser::new_ext(body, options()).into_offset_iter() {
        let offset = input.start + range.start;
        match ev {
            Event::Start(Tag::Link { dest_url, .. }) => {
                r.link(&dest_url, offset, range.len(), false);
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                r.link(&dest_url, offset, range.len(), true);
            }
            _ => {}
        }
    }
    r.rendered.links.into_iter().map(|l| l.target).collect()
}

/// Parses and merges adjacent text events (keeping the first one's offset), so that
/// `{{ org }}` and shortcodes are seen whole.
fn merged_events(body: &str) -> Vec<(Event<'_>, std::ops::Range<usize>)> {
    let mut events: Vec<(Event, std::ops::Range<usize>)> = Vec::new();
    for (ev, range) in Parser::new_ext(body, options()).into_offset_iter() {
        if let (Event::Text(t), Some((Event::Text(prev), prev_range))) = (&ev, events.last_mut()) {
            let mut joined = prev.to_string();
            joined.push_str(t);
            *prev = CowStr::from(joined);
            prev_range.end = range.end;
            continue;
        }
        events.push((ev, range));
    }
    events
}

struct HeadingState<'e> {
    level: u8,
    custom_id: Option<String>,
    classes: Vec<String>,
    events: Vec<Event<'e>>,
    text: String,
}

struct Renderer<'s, 'i, 'e> {
    site: &'s Site,
    input: &'i Input<'i>,
    out: Vec<Event<'e>>,
    rendered: Rendered,
    ids: HashSet<String>,
    heading: Option<HeadingState<'e>>,
    /// Info string and text of the code block being collected.
    code: Option<(String, String)>,
    current: TextSection,
}

impl<'e> Renderer<'_, '_, 'e> {
    /// Handles the event at `i`; returns how many events it consumed.
    fn event(&mut self, events: &[(Event<'e>, std::ops::Range<usize>)], i: usize) -> usize {
        let (ev, range) = &events[i];
        let offset = self.input.start + range.start;
        if let Some((_, code)) = &mut self.code {
            match ev {
                Event::Text(t) => code.push_str(t),
                Event::End(TagEnd::CodeBlock) => self.finish_code(offset),
                _ => {}
            }
            return 1;
        }
        match ev {
            Event::Start(Tag::Paragraph) => {
                if let (Some((Event::Text(t), r)), Some((Event::End(TagEnd::Paragraph), _))) =
                    (events.get(i + 1), events.get(i + 2))
                    && let Some(sc) = shortcode::parse_block(t)
                {
                    let html = self.block_shortcode(&sc, self.input.start + r.start, r.len());
                    self.out.push(Event::Html(html.into()));
                    return 3;
                }
                self.push(ev.clone());
            }
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                self.heading = Some(HeadingState {
                    level: *level as u8,
                    custom_id: id.as_ref().map(|s| s.to_string()),
                    classes: classes.iter().map(|c| c.to_string()).collect(),
                    events: Vec::new(),
                    text: String::new(),
                });
            }
            Event::End(TagEnd::Heading(_)) => self.finish_heading(),
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((info, String::new()));
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, label) = callout(*kind);
                self.out.push(Event::Html(
                    format!("<div class=\"callout callout-{class}\" role=\"note\">\n<p class=\"callout-title\">{label}</p>\n").into(),
                ));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                self.out.push(Event::Html("</div>\n".into()))
            }
            Event::Start(Tag::Table(_)) => {
                self.out
                    .push(Event::Html("<div class=\"table-wrap\">".into()));
                self.out.push(ev.clone());
            }
            Event::End(TagEnd::Table) => {
                self.out.push(ev.clone());
                self.out.push(Event::Html("</div>\n".into()));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = self.link(dest_url, offset, range.len(), false);
                self.push(Event::Start(Tag::Link {
                    link_type: *link_type,
                    dest_url: dest.into(),
                    title: title.clone(),
                    id: id.clone(),
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = self.link(dest_url, offset, range.len(), true);
                self.push(Event::Start(Tag::Image {
                    link_type: *link_type,
                    dest_url: dest.into(),
                    title: title.clone(),
                    id: id.clone(),
                }));
            }
            Event::TaskListMarker(done) => {
                let (checked, label) = if *done {
                    (" checked", "done")
                } else {
                    ("", "not done")
                };
                self.push(Event::Html(
                    format!("<input type=\"checkbox\" disabled{checked} aria-label=\"{label}\"> ")
                        .into(),
                ));
            }
            Event::Text(t) => {
                let text = crate::text::replace_org(t, &self.site.config.organization);
                self.note_text(&text);
                self.push(Event::Text(text.into()));
            }
            Event::Code(t) => {
                self.note_text(t);
                self.push(ev.clone());
            }
            Event::SoftBreak | Event::HardBreak => {
                self.note_text(" ");
                self.push(ev.clone());
            }
            // Blocks end with a space in the plain text, so that the last word of a
            // paragraph, list item or table cell does not run into the next one.
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::FootnoteDefinition
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition,
            ) => {
                self.note_text(" ");
                self.push(ev.clone());
            }
            _ => self.push(ev.clone()),
        }
        1
    }

    /// Sends an event to the heading being collected, or to the output.
    fn push(&mut self, ev: Event<'e>) {
        match &mut self.heading {
            Some(h) => h.events.push(ev),
            None => self.out.push(ev),
        }
    }

    fn note_text(&mut self, text: &str) {
        match &mut self.heading {
            Some(h) => h.text.push_str(text),
            None => self.current.text.push_str(text),
        }
    }

    fn finish_heading(&mut self) {
        let Some(h) = self.heading.take() else { return };
        let base = h.custom_id.clone().unwrap_or_else(|| {
            let s = slugify(&h.text);
            if s.is_empty() {
                "section".to_string()
            } else {
                s
            }
        });
        let mut id = base.clone();
        let mut n = 1;
        while !self.ids.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        let html_id = match self.input.mode {
            Mode::Page => id.clone(),
            Mode::Print => format!("{}{id}", print_prefix(self.input.page)),
        };
        let classes = if h.classes.is_empty() {
            String::new()
        } else {
            format!(" class=\"{}\"", escape_html(&h.classes.join(" ")))
        };
        let level = h.level.clamp(1, 6);
        self.out.push(Event::Html(
            format!("<h{level} id=\"{}\"{classes}>", escape_html(&html_id)).into(),
        ));
        self.out.extend(h.events);
        self.out.push(Event::Html(
            format!(
                "<a class=\"anchor\" href=\"#{}\" aria-label=\"Link to this section: {}\">#</a></h{level}>\n",
                escape_html(&html_id),
                escape_html(h.text.trim())
            )
            .into(),
        ));
        let text = h.text.trim().to_string();
        let previous = std::mem::replace(
            &mut self.current,
            TextSection {
                id: Some(id.clone()),
                heading: text.clone(),
                text: String::new(),
            },
        );
        self.rendered.sections.push(previous);
        self.rendered.headings.push(Heading { level, id, text });
    }

    fn finish_code(&mut self, offset: usize) {
        let Some((info, code)) = self.code.take() else {
            return;
        };
        let opts = highlight::parse_info(&info);
        let out = highlight::render_block(&code, &opts, self.input.highlight);
        self.rendered.has_code = true;
        if let Some(lang) = out.unknown_lang {
            // Point at the fence's opening line, which is where the language is named.
            let start = self.input.text[..offset.min(self.input.text.len())]
                .rfind(&format!("```{info}"))
                .or_else(|| {
                    self.input.text[..offset.min(self.input.text.len())]
                        .rfind(&format!("~~~{info}"))
                })
                .unwrap_or(offset);
            self.rendered.diags.push(
                Diagnostic::warning("unknown-language", format!("no syntax highlighting is known for `{lang}`; the block is shown as plain text"))
                    .at(self.input.display, self.input.text, start + 3, lang.len())
                    .hint("use a common name such as rust, toml, yaml, bash or json, or `text` for none"),
            );
        }
        self.current.text.push(' ');
        self.current.text.push_str(&code);
        self.out.push(Event::Html(out.html.into()));
    }

    fn block_shortcode(&mut self, sc: &shortcode::Shortcode, offset: usize, len: usize) -> String {
        match crate::catalog::shortcode(self.site, sc, self.input.out_dir) {
            Ok(html) => html,
            Err((message, hint)) => {
                self.rendered.diags.push(
                    Diagnostic::error("shortcode", message)
                        .at(self.input.display, self.input.text, offset, len)
                        .hint(hint),
                );
                String::new()
            }
        }
    }
}

/// The id prefix of a page inside print.html.
pub fn print_prefix(page: Option<usize>) -> String {
    page.map(|p| format!("p{p}-")).unwrap_or_default()
}

fn callout(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}

/// The table of contents (h2 and h3) as nested lists, or `None` with fewer than two
/// entries. `prefix` is prepended to every id (print mode).
pub fn toc_html(headings: &[Heading]) -> Option<String> {
    let items: Vec<&Heading> = headings
        .iter()
        .filter(|h| h.level == 2 || h.level == 3)
        .collect();
    if items.len() < 2 {
        return None;
    }
    let mut html = String::from("<ul>");
    let mut in_sub = false;
    for (i, h) in items.iter().enumerate() {
        if h.level == 3 && !in_sub && i > 0 {
            // Open a nested list inside the previous h2's item.
            html.truncate(html.len() - "</li>".len());
            html.push_str("<ul>");
            in_sub = true;
        } else if h.level == 2 && in_sub {
            html.push_str("</ul></li>");
            in_sub = false;
        }
        html.push_str(&format!(
            "<li><a href=\"#{}\">{}</a></li>",
            escape_html(&h.id),
            escape_html(&h.text)
        ));
    }
    if in_sub {
        html.push_str("</ul></li>");
    }
    html.push_str("</ul>");
    Some(html)
}
