//! The renderer: pulldown-cmark's events, adjusted one by one (headings, callouts,
//! tabs, code, raw HTML, tables, task lists, links, shortcodes), then written as
//! HTML. Callouts, tabs and code blocks have their own files ([`super::callout`],
//! [`super::tabs`], [`super::code`]).

use super::callout::Quote;
use super::headings::{Heading, HeadingIds, HeadingText, heading_html};
use super::merge::{Merged, Spanned};
use super::tabs::{End, Group, Marker};
use super::{Hooks, Input, Rendered, TextSection, shortcode};
use crate::diag::{Diagnostic, Limit, Severity};
use crate::text::escape_html;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, Parser, Tag, TagEnd};
use std::borrow::Cow;
use std::collections::VecDeque;
use std::time::Duration;

/// Renders one Markdown text. Never panics on any input.
pub fn render(input: &Input, hooks: &dyn Hooks) -> Rendered {
    let body = &input.text[input.start..];
    let mut events = Merged::new(Parser::new_ext(body, super::options()).into_offset_iter());
    let mut r = Renderer {
        input,
        hooks,
        out: VecDeque::new(),
        rendered: Rendered::default(),
        ids: HeadingIds::default(),
        heading: None,
        code: None,
        current: TextSection::default(),
        limit: Limit::default(),
        highlight_time: Duration::ZERO,
        quotes: Vec::new(),
        title: None,
        tabs: None,
        tab_groups: 0,
        images: 0,
        print: input.print.as_ref().map(|p| PrintOut {
            id_prefix: p.id_prefix,
            hooks: p.hooks,
            events: Vec::new(),
            heading: None,
        }),
    };
    let mut html = String::with_capacity(body.len() * 3 / 2);
    let stream = Stream {
        events: &mut events,
        renderer: &mut r,
    };
    pulldown_cmark::html::push_html(&mut html, stream);
    // Kept until the page's template is rendered: give back the growth slack.
    html.shrink_to_fit();
    r.rendered.html = html;
    if let Some(p) = r.print.take() {
        let mut print = String::with_capacity(r.rendered.html.len());
        pulldown_cmark::html::push_html(&mut print, p.events.into_iter());
        print.shrink_to_fit();
        r.rendered.print_html = Some(print);
    }
    r.rendered.diags.extend(r.limit.summaries(input.display));
    r.rendered.sections.push(r.current);
    r.rendered
        .sections
        .retain(|s| s.id.is_some() || !s.text.trim().is_empty());
    r.rendered
}

/// The renderer's output as events, one input event at a time, for the HTML writer.
struct Stream<'s, 'i, 'e, I> {
    events: &'s mut Merged<'e, I>,
    renderer: &'s mut Renderer<'i, 'e>,
}

impl<'e, I: Iterator<Item = Spanned<'e>>> Iterator for Stream<'_, '_, 'e, I> {
    type Item = Event<'e>;

    fn next(&mut self) -> Option<Event<'e>> {
        loop {
            // A group of tabs is held back until its last label is known: its tab
            // list goes before its panels.
            if self.renderer.tabs.is_none()
                && let Some(ev) = self.renderer.out.pop_front()
            {
                return Some(ev);
            }
            match self.events.next() {
                Some((ev, range)) => self.renderer.event(ev, range, self.events),
                None if self.renderer.tabs.is_some() => self.renderer.close_tabs(End::Text),
                None => return None,
            }
        }
    }
}

pub(super) struct HeadingState<'e> {
    level: u8,
    custom_id: Option<String>,
    classes: Vec<String>,
    events: Vec<Event<'e>>,
    pub text: HeadingText,
}

/// A fenced or indented code block: its info string, text, and where it starts in the
/// whole file.
pub(super) struct Code {
    pub info: String,
    pub text: String,
    pub start: usize,
}

pub(super) struct Renderer<'i, 'e> {
    pub input: &'i Input<'i>,
    pub hooks: &'i dyn Hooks,
    /// Events ready for the HTML writer.
    pub out: VecDeque<Event<'e>>,
    pub rendered: Rendered,
    ids: HeadingIds,
    pub heading: Option<HeadingState<'e>>,
    /// The code block being collected.
    pub code: Option<Code>,
    pub current: TextSection,
    pub limit: Limit,
    /// Time spent highlighting this text's code so far.
    pub highlight_time: Duration,
    /// What each open blockquote became (a quote or a callout), innermost last.
    pub quotes: Vec<Quote>,
    /// The callout whose title is being written, and how deep in inline markup.
    pub title: Option<(Quote, usize)>,
    /// The group of tabs being written.
    pub tabs: Option<Group>,
    /// Groups of tabs so far (their ids count them).
    pub tab_groups: usize,
    /// Images so far: all but the first load lazily.
    pub images: usize,
    /// The print output, when one is asked for.
    pub print: Option<PrintOut<'i, 'e>>,
}

/// The second output of one render: the text as print.html shows it (its own id
/// prefix and links, code not coloured), from the same pass.
pub(super) struct PrintOut<'i, 'e> {
    pub id_prefix: &'i str,
    pub hooks: &'i dyn Hooks,
    pub events: Vec<Event<'e>>,
    /// The events of the heading being collected.
    pub heading: Option<Vec<Event<'e>>>,
}

impl<'e> Renderer<'_, 'e> {
    /// Handles one event; a paragraph, a blockquote and raw HTML look at the events
    /// after them.
    fn event<I: Iterator<Item = Spanned<'e>>>(
        &mut self,
        ev: Event<'e>,
        range: std::ops::Range<usize>,
        events: &mut Merged<'e, I>,
    ) {
        let offset = self.input.start + range.start;
        if let Some(code) = &mut self.code {
            match ev {
                Event::Text(t) => code.text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => self.finish_code(),
                _ => {}
            }
            return;
        }
        if self.title.is_some() && self.title_event(&ev) {
            return;
        }
        match ev {
            Event::Start(Tag::Paragraph) => self.paragraph(ev, events),
            Event::Start(Tag::BlockQuote(_)) => self.blockquote(ev, events),
            Event::End(TagEnd::BlockQuote(_)) => self.end_blockquote(ev),
            Event::Html(html) => self.html_blocks(html, offset, events),
            Event::InlineHtml(html) => self.raw_html(&html, true),
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                self.tab_heading(level as u8);
                if let Some(p) = &mut self.print {
                    p.heading = Some(Vec::new());
                }
                self.heading = Some(HeadingState {
                    level: level as u8,
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
            Event::Start(Tag::Link { .. }) => self.link(ev),
            Event::Start(Tag::Image { .. }) => self.image(ev, events),
            _ => self.block(ev),
        }
    }

    /// A paragraph; one that holds only a shortcode becomes the shortcode's HTML.
    fn paragraph<I: Iterator<Item = Spanned<'e>>>(
        &mut self,
        start: Event<'e>,
        events: &mut Merged<'e, I>,
    ) {
        let ends_after_text = matches!(events.peek(1), Some((Event::End(TagEnd::Paragraph), _)));
        let shortcode = match events.peek(0) {
            Some((Event::Text(t), r)) if ends_after_text => {
                shortcode::parse_block(t).map(|sc| (sc, self.input.start + r.start, r.len()))
            }
            _ => None,
        };
        let Some((sc, at, len)) = shortcode else {
            self.push(start);
            return;
        };
        // The paragraph's text and end are the shortcode's.
        events.next();
        events.next();
        let html = self.block_shortcode(&sc, at, len);
        let print = self
            .print
            .as_ref()
            .map(|p| p.hooks.shortcode(&sc).unwrap_or_default());
        self.emit_pair(
            Event::Html(html.into()),
            print.map(|h| Event::Html(h.into())),
        );
    }

    /// Raw HTML blocks: a run of them is one piece of HTML (a tag may span lines),
    /// except the markers of tabs, which stand alone.
    fn html_blocks<I: Iterator<Item = Spanned<'e>>>(
        &mut self,
        first: CowStr<'e>,
        offset: usize,
        events: &mut Merged<'e, I>,
    ) {
        let mut run = String::new();
        let mut next = Some((first, offset));
        while let Some((html, at)) = next.take() {
            match Marker::parse(&html) {
                Some(marker) => {
                    if !run.is_empty() {
                        self.raw_html(&std::mem::take(&mut run), false);
                    }
                    self.tab_marker(marker, at);
                }
                None => run.push_str(&html),
            }
            if let Some((Event::Html(_), _)) = events.peek(0)
                && let Some((Event::Html(h), r)) = events.next()
            {
                next = Some((h, self.input.start + r.start));
            }
        }
        if !run.is_empty() {
            self.raw_html(&run, false);
        }
    }

    /// Tables, task lists and text; everything else passes through.
    fn block(&mut self, ev: Event<'e>) {
        match ev {
            Event::Start(Tag::Table(_)) => {
                self.emit(Event::Html("<div class=\"table-wrap\">".into()));
                self.emit(ev);
            }
            Event::End(TagEnd::Table) => {
                self.emit(ev);
                self.emit(Event::Html("</div>\n".into()));
            }
            Event::TaskListMarker(done) => {
                let (checked, label) = if done {
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

    /// A piece of text with `{{ org }}` replaced, recorded for search: in the heading
    /// it belongs to (a heading's text is its own record and replaces `{{ org }}`
    /// itself), else in the current section.
    pub(super) fn searchable_text(&mut self, t: CowStr<'e>) -> CowStr<'e> {
        if let Some(h) = &mut self.heading {
            h.text.text(&t);
        }
        let replaced = match crate::text::replace_org(&t, self.input.org) {
            Cow::Borrowed(_) => None,
            Cow::Owned(text) => Some(text),
        };
        let text = replaced.map_or(t, CowStr::from);
        if self.heading.is_none() {
            self.current.text.push_str(&text);
        }
        text
    }

    /// Text and the ends of blocks, which the search text needs to know about.
    pub(super) fn text(&mut self, ev: Event<'e>) {
        match ev {
            Event::Text(t) => {
                let text = self.searchable_text(t);
                self.push(Event::Text(text));
            }
            Event::Code(t) => {
                match &mut self.heading {
                    Some(h) => h.text.code(self.input.org, &t),
                    None => self.current.text.push_str(&t),
                }
                self.push(Event::Code(t));
            }
            Event::SoftBreak | Event::HardBreak => {
                self.space();
                self.push(ev);
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
                self.push(ev);
            }
            _ => self.push(ev),
        }
    }

    fn space(&mut self) {
        match &mut self.heading {
            Some(h) => h.text.space(self.input.org),
            None => self.current.text.push(' '),
        }
    }

    /// A link, with the destination its hooks give it (images: [`super::image`]).
    fn link(&mut self, ev: Event<'e>) {
        let Event::Start(tag @ Tag::Link { .. }) = ev else {
            return;
        };
        let Tag::Link { ref dest_url, .. } = tag else {
            return;
        };
        let dest = dest_url.to_string();
        let print = self
            .print
            .as_ref()
            .map(|p| Event::Start(with_dest(tag.clone(), p.hooks.link(&dest, false))));
        let page = Event::Start(with_dest(tag, self.hooks.link(&dest, false)));
        self.push_pair(page, print);
    }

    /// Sends an event to the heading being collected, or to the output (and the same
    /// to the print output).
    pub(super) fn push(&mut self, ev: Event<'e>) {
        let print = self.print.as_ref().map(|_| ev.clone());
        self.push_pair(ev, print);
    }

    /// [`push`](Self::push) with a different event for the print output.
    pub(super) fn push_pair(&mut self, ev: Event<'e>, print: Option<Event<'e>>) {
        if let (Some(p), Some(print)) = (&mut self.print, print) {
            match &mut p.heading {
                Some(h) => h.push(print),
                None => p.events.push(print),
            }
        }
        match &mut self.heading {
            Some(h) => h.events.push(ev),
            None => self.out.push_back(ev),
        }
    }

    /// Sends an event straight to the output, and the same to the print output.
    pub(super) fn emit(&mut self, ev: Event<'e>) {
        let print = self.print.as_ref().map(|_| ev.clone());
        self.emit_pair(ev, print);
    }

    /// [`emit`](Self::emit) with a different event for the print output.
    pub(super) fn emit_pair(&mut self, ev: Event<'e>, print: Option<Event<'e>>) {
        if let (Some(p), Some(print)) = (&mut self.print, print) {
            p.events.push(print);
        }
        self.out.push_back(ev);
    }

    fn finish_heading(&mut self) {
        let Some(h) = self.heading.take() else { return };
        let text = h.text.finish(self.input.org);
        let id = self.ids.assign(h.custom_id, &text);
        let classes = if h.classes.is_empty() {
            String::new()
        } else {
            format!(" class=\"{}\"", escape_html(&h.classes.join(" ")))
        };
        let level = h.level.clamp(1, 6);
        let page = heading_html(self.input.id_prefix, &id, &classes, level, &text, h.events);
        self.out.extend(page);
        if let Some(p) = &mut self.print {
            let events = p.heading.take().unwrap_or_default();
            p.events.extend(heading_html(
                p.id_prefix,
                &id,
                &classes,
                level,
                &text,
                events,
            ));
        }
        let previous = std::mem::replace(
            &mut self.current,
            TextSection {
                id: Some(id.clone()),
                heading: text.clone(),
                text: String::new(),
            },
        );
        self.rendered.sections.push(previous);
        self.tab_label(level, &text);
        self.rendered.headings.push(Heading { level, id, text });
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

/// `tag` (a link or an image) going to `dest`.
pub(super) fn with_dest<'e>(tag: Tag<'e>, dest: String) -> Tag<'e> {
    match tag {
        Tag::Link {
            link_type,
            title,
            id,
            ..
        } => Tag::Link {
            link_type,
            dest_url: dest.into(),
            title,
            id,
        },
        Tag::Image {
            link_type,
            title,
            id,
            ..
        } => Tag::Image {
            link_type,
            dest_url: dest.into(),
            title,
            id,
        },
        other => other,
    }
}
