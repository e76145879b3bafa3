//! The renderer: pulldown-cmark's events, adjusted one by one (headings, callouts,
//! code, tables, task lists, links, shortcodes), then written as HTML.

use super::headings::{Heading, HeadingIds, HeadingText};
use super::{Hooks, Input, Rendered, TextSection, highlight, shortcode};
use crate::diag::{Diagnostic, Limit, Severity};
use crate::text::escape_html;
use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, CowStr, Event, Parser, Tag, TagEnd};
use std::ops::Range;
use std::time::{Duration, Instant};

/// Most time one text's code blocks may spend being highlighted: past it, the rest
/// are shown as plain text, so that no page can make a build take minutes.
const PAGE_HIGHLIGHT_TIME: Duration = Duration::from_secs(2);

type Events<'e> = [(Event<'e>, Range<usize>)];

/// Renders one Markdown text. Never panics on any input.
pub fn render(input: &Input, hooks: &dyn Hooks) -> Rendered {
    let body = &input.text[input.start..];
    let events = merged_events(body);
    let mut r = Renderer {
        input,
        hooks,
        out: Vec::with_capacity(events.len()),
        rendered: Rendered::default(),
        ids: HeadingIds::default(),
        heading: None,
        code: None,
        current: TextSection::default(),
        limit: Limit::default(),
        highlight_time: Duration::ZERO,
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
    r.rendered.diags.extend(r.limit.summaries(input.display));
    r.rendered.sections.push(r.current);
    r.rendered
        .sections
        .retain(|s| s.id.is_some() || !s.text.trim().is_empty());
    r.rendered
}

/// Parses and merges adjacent text events (keeping the first one's offset), so that
/// `{{ org }}` and shortcodes are seen whole. A run is copied once, however many
/// events it is made of (a line of brackets is thousands of them).
fn merged_events(body: &str) -> Vec<(Event<'_>, Range<usize>)> {
    let mut events: Vec<(Event, Range<usize>)> = Vec::new();
    let mut run: Option<TextRun> = None;
    for (ev, range) in Parser::new_ext(body, super::options()).into_offset_iter() {
        match (ev, &mut run) {
            (Event::Text(t), Some(r)) => r.push(&t, range.end),
            (Event::Text(t), None) => {
                run = Some(TextRun {
                    first: t,
                    more: None,
                    range,
                })
            }
            (ev, _) => {
                if let Some(r) = run.take() {
                    events.push(r.finish());
                }
                events.push((ev, range));
            }
        }
    }
    if let Some(r) = run {
        events.push(r.finish());
    }
    events
}

/// Adjacent text events being merged into one.
struct TextRun<'a> {
    first: CowStr<'a>,
    /// The whole text once a second event joined the first.
    more: Option<String>,
    range: Range<usize>,
}

impl<'a> TextRun<'a> {
    fn push(&mut self, text: &str, end: usize) {
        let first = &self.first;
        self.more
            .get_or_insert_with(|| first.to_string())
            .push_str(text);
        self.range.end = end;
    }

    fn finish(self) -> (Event<'a>, Range<usize>) {
        let text = match self.more {
            Some(joined) => CowStr::from(joined),
            None => self.first,
        };
        (Event::Text(text), self.range)
    }
}

struct HeadingState<'e> {
    level: u8,
    custom_id: Option<String>,
    classes: Vec<String>,
    events: Vec<Event<'e>>,
    text: HeadingText,
}

/// A fenced or indented code block: its info string, text, and where it starts in the
/// whole file.
struct Code {
    info: String,
    text: String,
    start: usize,
}

struct Renderer<'i, 'e> {
    input: &'i Input<'i>,
    hooks: &'i dyn Hooks,
    out: Vec<Event<'e>>,
    rendered: Rendered,
    ids: HeadingIds,
    heading: Option<HeadingState<'e>>,
    /// The code block being collected.
    code: Option<Code>,
    current: TextSection,
    limit: Limit,
    /// Time spent highlighting this text's code so far.
    highlight_time: Duration,
}

impl<'e> Renderer<'_, 'e> {
    /// Handles the event at `i`; returns how many events it consumed.
    fn event(&mut self, events: &Events<'e>, i: usize) -> usize {
        let (ev, range) = &events[i];
        let offset = self.input.start + range.start;
        if let Some(code) = &mut self.code {
            match ev {
                Event::Text(t) => code.text.push_str(t),
                Event::End(TagEnd::CodeBlock) => self.finish_code(),
                _ => {}
            }
            return 1;
        }
        match ev {
            Event::Start(Tag::Paragraph) => return self.paragraph(events, i),
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                self.heading = Some(HeadingState {
                    level: *level as u8,
                    custom_id: id.as_ref().map(|s| s.to_string()),
                    classes: classes.iter().map(|c| c.to_string()).collect(),
                    events: Vec::new(),
                    text: HeadingText::default(),
                });
            }
            Event::End(TagEnd::Heading(_)) => self.finish_heading(),
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some(Code {
                    info,
                    text: String::new(),
                    start: offset,
                });
            }
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => self.link(ev),
            _ => self.block(ev),
        }
        1
    }

    /// A paragraph; one that holds only a shortcode becomes the shortcode's HTML.
    fn paragraph(&mut self, events: &Events<'e>, i: usize) -> usize {
        if let (Some((Event::Text(t), r)), Some((Event::End(TagEnd::Paragraph), _))) =
            (events.get(i + 1), events.get(i + 2))
            && let Some(sc) = shortcode::parse_block(t)
        {
            let html = self.block_shortcode(&sc, self.input.start + r.start, r.len());
            self.out.push(Event::Html(html.into()));
            return 3;
        }
        self.push(events[i].0.clone());
        1
    }

    /// Callouts, tables, task lists and text; everything else passes through.
    fn block(&mut self, ev: &Event<'e>) {
        match ev {
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
            _ => self.text(ev),
        }
    }

    /// Text and the ends of blocks, which the search text needs to know about.
    fn text(&mut self, ev: &Event<'e>) {
        match ev {
            Event::Text(t) => {
                let text = crate::text::replace_org(t, self.input.org);
                match &mut self.heading {
                    Some(h) => h.text.text(t),
                    None => self.current.text.push_str(&text),
                }
                self.push(Event::Text(text.into()));
            }
            Event::Code(t) => {
                match &mut self.heading {
                    Some(h) => h.text.code(self.input.org, t),
                    None => self.current.text.push_str(t),
                }
                self.push(ev.clone());
            }
            Event::SoftBreak | Event::HardBreak => {
                self.space();
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
                self.space();
                self.push(ev.clone());
            }
            _ => self.push(ev.clone()),
        }
    }

    fn space(&mut self) {
        match &mut self.heading {
            Some(h) => h.text.space(self.input.org),
            None => self.current.text.push(' '),
        }
    }

    /// A link or image, with the destination its hooks give it.
    fn link(&mut self, ev: &Event<'e>) {
        let rewritten = match ev {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => Tag::Link {
                link_type: *link_type,
                dest_url: self.hooks.link(dest_url, false).into(),
                title: title.clone(),
                id: id.clone(),
            },
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => Tag::Image {
                link_type: *link_type,
                dest_url: self.hooks.link(dest_url, true).into(),
                title: title.clone(),
                id: id.clone(),
            },
            _ => return,
        };
        self.push(Event::Start(rewritten));
    }

    /// Sends an event to the heading being collected, or to the output.
    fn push(&mut self, ev: Event<'e>) {
        match &mut self.heading {
            Some(h) => h.events.push(ev),
            None => self.out.push(ev),
        }
    }

    fn finish_heading(&mut self) {
        let Some(h) = self.heading.take() else { return };
        let text = h.text.finish(self.input.org);
        let id = self.ids.assign(h.custom_id, &text);
        let html_id = escape_html(&format!("{}{id}", self.input.id_prefix));
        let classes = if h.classes.is_empty() {
            String::new()
        } else {
            format!(" class=\"{}\"", escape_html(&h.classes.join(" ")))
        };
        let level = h.level.clamp(1, 6);
        self.out.push(Event::Html(
            format!("<h{level} id=\"{html_id}\"{classes}>").into(),
        ));
        self.out.extend(h.events);
        self.out.push(Event::Html(
            format!(
                "<a class=\"anchor\" href=\"#{html_id}\" aria-label=\"Link to this section: {}\">#</a></h{level}>\n",
                escape_html(&text)
            )
            .into(),
        ));
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

    fn finish_code(&mut self) {
        let Some(code) = self.code.take() else {
            return;
        };
        let opts = highlight::parse_info(&code.info);
        let budget = PAGE_HIGHLIGHT_TIME.saturating_sub(self.highlight_time);
        let started = Instant::now();
        let out = highlight::render_block(&code.text, &opts, self.input.highlight, budget);
        self.highlight_time += started.elapsed();
        self.rendered.has_code = true;
        if let Some(plain) = out.plain {
            self.plain_code(&code, plain);
        }
        if let Some(lang) = out.unknown_lang
            && self.limit.allows("unknown-language", Severity::Warning)
        {
            self.rendered.diags.push(
                Diagnostic::warning("unknown-language", format!("no syntax highlighting is known for `{lang}`; the block is shown as plain text"))
                    .at(self.input.display, self.input.text, lang_offset(self.input.text, code.start), lang.len())
                    .hint("use a common name such as rust, toml, yaml, bash or json, or `text` for none"),
            );
        }
        self.current.text.push(' ');
        self.current.text.push_str(&code.text);
        self.out.push(Event::Html(out.html.into()));
    }

    /// Warns that a block in a known language is shown as plain text, and why.
    fn plain_code(&mut self, code: &Code, why: highlight::Plain) {
        if !self.limit.allows("plain-code", Severity::Warning) {
            return;
        }
        let (message, hint) = match why {
            highlight::Plain::TooLarge => (
                format!(
                    "this code block is too large to highlight ({} KB, or a line over 8 KB); it is shown as plain text",
                    code.text.len() / 1024
                ),
                "split the block, or mark it ```text if colours do not matter",
            ),
            highlight::Plain::TooSlow => (
                "highlighting this code block took too long; it is shown as plain text".to_string(),
                "split the block, or mark it ```text; its grammar may be struggling with the contents",
            ),
            highlight::Plain::Failed => (
                "the grammar of this language failed on this block; it is shown as plain text"
                    .to_string(),
                "check the block's language, or mark it ```text",
            ),
        };
        let at = lang_offset(self.input.text, code.start);
        self.rendered.diags.push(
            Diagnostic::warning("plain-code", message)
                .at(
                    self.input.display,
                    self.input.text,
                    at,
                    code.info.len().max(1),
                )
                .hint(hint),
        );
    }

    fn block_shortcode(&mut self, sc: &shortcode::Shortcode, offset: usize, len: usize) -> String {
        match self.hooks.shortcode(sc) {
            Ok(html) => html,
            Err((message, hint)) if self.limit.allows("shortcode", Severity::Error) => {
                self.rendered.diags.push(
                    Diagnostic::error("shortcode", message)
                        .at(self.input.display, self.input.text, offset, len)
                        .hint(hint),
                );
                String::new()
            }
            Err(_) => String::new(),
        }
    }
}

/// Where the language of a fenced block starts: after the fence that opens at `start`
/// (and any spaces).
fn lang_offset(text: &str, start: usize) -> usize {
    let Some(line) = text.get(start..) else {
        return start;
    };
    let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
    let fence = line[indent..]
        .bytes()
        .take_while(|&b| b == b'`' || b == b'~')
        .count();
    let spaces =
        line[indent + fence..].len() - line[indent + fence..].trim_start_matches(' ').len();
    start + indent + fence + spaces
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
