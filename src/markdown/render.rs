//! The renderer: pulldown-cmark's events, adjusted one by one (headings, callouts,
//! code, tables, task lists, links, shortcodes), then written as HTML.

use super::cpu_clock::CpuInstant;
use super::headings::{Heading, HeadingIds, HeadingText};
use super::merge::{Merged, Spanned};
use super::{Hooks, Input, Rendered, TextSection, highlight, shortcode};
use crate::diag::{Diagnostic, Limit, Severity};
use crate::text::escape_html;
use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, CowStr, Event, Parser, Tag, TagEnd};
use std::borrow::Cow;
use std::collections::VecDeque;
use std::time::Duration;

/// Most CPU time one text's code blocks may spend being highlighted: past it, the rest
/// are shown as plain text, so that no page can make a build take minutes.
const PAGE_HIGHLIGHT_TIME: Duration = Duration::from_secs(2);

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
            if let Some(ev) = self.renderer.out.pop_front() {
                return Some(ev);
            }
            let (ev, range) = self.events.next()?;
            self.renderer.event(ev, range, self.events);
        }
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
    /// Events ready for the HTML writer.
    out: VecDeque<Event<'e>>,
    rendered: Rendered,
    ids: HeadingIds,
    heading: Option<HeadingState<'e>>,
    /// The code block being collected.
    code: Option<Code>,
    current: TextSection,
    limit: Limit,
    /// Time spent highlighting this text's code so far.
    highlight_time: Duration,
    /// The print output, when one is asked for.
    print: Option<PrintOut<'i, 'e>>,
}

/// The second output of one render: the text as print.html shows it (its own id
/// prefix and links, code not coloured), from the same pass.
struct PrintOut<'i, 'e> {
    id_prefix: &'i str,
    hooks: &'i dyn Hooks,
    events: Vec<Event<'e>>,
    /// The events of the heading being collected.
    heading: Option<Vec<Event<'e>>>,
}

impl<'e> Renderer<'_, 'e> {
    /// Handles the event at `i`; returns how many events it consumed.
    /// Handles one event; a paragraph looks at the events after it.
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
        match ev {
            Event::Start(Tag::Paragraph) => self.paragraph(ev, events),
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
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
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => self.link(ev),
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

    /// Callouts, tables, task lists and text; everything else passes through.
    fn block(&mut self, ev: Event<'e>) {
        match ev {
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, label) = callout(kind);
                self.emit(Event::Html(
                    format!("<div class=\"callout callout-{class}\" role=\"note\">\n<p class=\"callout-title\">{label}</p>\n").into(),
                ));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => self.emit(Event::Html("</div>\n".into())),
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

    /// Text and the ends of blocks, which the search text needs to know about.
    fn text(&mut self, ev: Event<'e>) {
        match ev {
            Event::Text(t) => {
                // A heading's text is its own record (it replaces `{{ org }}` itself).
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

    /// A link or image, with the destination its hooks give it.
    fn link(&mut self, ev: Event<'e>) {
        let (tag, dest, image) = match ev {
            Event::Start(tag @ Tag::Link { .. }) => {
                let Tag::Link { ref dest_url, .. } = tag else {
                    return;
                };
                let dest = dest_url.to_string();
                (tag, dest, false)
            }
            Event::Start(tag @ Tag::Image { .. }) => {
                let Tag::Image { ref dest_url, .. } = tag else {
                    return;
                };
                let dest = dest_url.to_string();
                (tag, dest, true)
            }
            _ => return,
        };
        let print = self
            .print
            .as_ref()
            .map(|p| Event::Start(with_dest(tag.clone(), p.hooks.link(&dest, image))));
        let page = Event::Start(with_dest(tag, self.hooks.link(&dest, image)));
        self.push_pair(page, print);
    }

    /// Sends an event to the heading being collected, or to the output (and the same
    /// to the print output).
    fn push(&mut self, ev: Event<'e>) {
        let print = self.print.as_ref().map(|_| ev.clone());
        self.push_pair(ev, print);
    }

    /// [`push`](Self::push) with a different event for the print output.
    fn push_pair(&mut self, ev: Event<'e>, print: Option<Event<'e>>) {
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
    fn emit(&mut self, ev: Event<'e>) {
        let print = self.print.as_ref().map(|_| ev.clone());
        self.emit_pair(ev, print);
    }

    /// [`emit`](Self::emit) with a different event for the print output.
    fn emit_pair(&mut self, ev: Event<'e>, print: Option<Event<'e>>) {
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
        self.rendered.headings.push(Heading { level, id, text });
    }

    fn finish_code(&mut self) {
        let Some(code) = self.code.take() else {
            return;
        };
        let opts = highlight::parse_info(&code.info);
        let budget = PAGE_HIGHLIGHT_TIME.saturating_sub(self.highlight_time);
        let started = CpuInstant::now();
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
        // Code in print.html is not coloured.
        let print = self.print.as_ref().map(|_| {
            let plain = highlight::render_block(&code.text, &opts, None, Duration::ZERO);
            Event::Html(plain.html.into())
        });
        self.emit_pair(Event::Html(out.html.into()), print);
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

/// `tag` (a link or an image) going to `dest`.
fn with_dest<'e>(tag: Tag<'e>, dest: String) -> Tag<'e> {
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

/// A heading's events with its id (after `prefix`) and its anchor link.
fn heading_html<'e>(
    prefix: &str,
    id: &str,
    classes: &str,
    level: u8,
    text: &str,
    inner: Vec<Event<'e>>,
) -> impl Iterator<Item = Event<'e>> {
    let html_id = escape_html(&format!("{prefix}{id}"));
    let open = Event::Html(format!("<h{level} id=\"{html_id}\"{classes}>").into());
    let close = Event::Html(
        format!(
            "<a class=\"anchor\" href=\"#{html_id}\" aria-label=\"Link to this section: {}\">#</a></h{level}>\n",
            escape_html(text)
        )
        .into(),
    );
    std::iter::once(open)
        .chain(inner)
        .chain(std::iter::once(close))
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
