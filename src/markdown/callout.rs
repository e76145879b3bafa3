//! Callouts: a blockquote whose first line is `[!TYPE]`, GitHub's alert syntax, so a
//! page reads the same on a git host. ownbook adds what GitHub leaves out, in ways
//! GitHub still shows sensibly: a title after the marker (`> [!WARNING] Mind the
//! gap`), a fold (`[!NOTE]-` closed, `[!NOTE]+` open, as `<details>` that works
//! without JavaScript), and the types MkDocs authors know (info, success, question,
//! failure, danger, bug, example, quote, abstract) besides GitHub's five. Each type
//! has its own colour and icon in the theme.

use super::merge::{Merged, Spanned};
use super::render::Renderer;
use crate::diag::{Diagnostic, Severity};
use crate::text::escape_html;
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// Every callout type: (name, label). The name is the CSS class (`callout-name`).
pub const KINDS: [(&str, &str); 14] = [
    ("note", "Note"),
    ("tip", "Tip"),
    ("important", "Important"),
    ("warning", "Warning"),
    ("caution", "Caution"),
    ("info", "Info"),
    ("success", "Success"),
    ("question", "Question"),
    ("failure", "Failure"),
    ("danger", "Danger"),
    ("bug", "Bug"),
    ("example", "Example"),
    ("quote", "Quote"),
    ("abstract", "Abstract"),
];

/// Other names MkDocs (and Obsidian) give the same types.
const ALIASES: [(&str, &str); 13] = [
    ("summary", "abstract"),
    ("tldr", "abstract"),
    ("todo", "info"),
    ("hint", "tip"),
    ("check", "success"),
    ("done", "success"),
    ("help", "question"),
    ("faq", "question"),
    ("attention", "warning"),
    ("fail", "failure"),
    ("missing", "failure"),
    ("error", "danger"),
    ("cite", "quote"),
];

/// The callout type (its name and label) that `name` stands for, in any case.
pub fn kind(name: &str) -> Option<(&'static str, &'static str)> {
    let lower = name.to_ascii_lowercase();
    let canonical = ALIASES
        .iter()
        .find(|(alias, _)| *alias == lower)
        .map_or(lower.as_str(), |(_, to)| to);
    KINDS.iter().find(|(n, _)| *n == canonical).copied()
}

/// Whether a callout folds, and how it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fold {
    /// Always open (a box).
    None,
    /// `[!TYPE]-`: closed until the reader opens it.
    Closed,
    /// `[!TYPE]+`: open, and the reader can close it.
    Open,
}

/// The `[!TYPE]` marker at the start of a callout's first line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    pub name: &'static str,
    pub label: &'static str,
    pub fold: Fold,
    /// Bytes of the line taken by the marker (and the fold sign and spaces after it).
    pub len: usize,
}

/// What the first text of a blockquote says about it.
#[derive(Debug, PartialEq, Eq)]
pub enum Parsed {
    Callout(Marker),
    /// `[!WORD]` with a word that names no type: the quote stays a quote.
    Unknown(String),
    NotACallout,
}

/// Reads the marker at the start of `text` (the first text of a blockquote).
pub fn parse(text: &str) -> Parsed {
    let Some(rest) = text.strip_prefix("[!") else {
        return Parsed::NotACallout;
    };
    let Some(close) = rest.find(']') else {
        return Parsed::NotACallout;
    };
    let word = &rest[..close];
    if word.is_empty() || !word.chars().all(|c| c.is_ascii_alphabetic()) {
        return Parsed::NotACallout;
    }
    let Some((name, label)) = kind(word) else {
        return Parsed::Unknown(word.to_string());
    };
    let after = &rest[close + 1..];
    let (fold, after_fold) = match after.as_bytes().first() {
        Some(b'-') => (Fold::Closed, &after[1..]),
        Some(b'+') => (Fold::Open, &after[1..]),
        _ => (Fold::None, after),
    };
    // The marker is followed by the end of the line, a space or the title.
    if !(after_fold.is_empty() || after_fold.starts_with([' ', '\t'])) {
        return Parsed::NotACallout;
    }
    let spaces = after_fold.len() - after_fold.trim_start_matches([' ', '\t']).len();
    Parsed::Callout(Marker {
        name,
        label,
        fold,
        len: text.len() - after_fold.len() + spaces,
    })
}

/// The HTML that opens a callout, up to where its title's text goes. `print` opens
/// folded callouts, since paper cannot.
pub fn open_html(marker: &Marker, custom_title: bool, print: bool) -> String {
    let name = marker.name;
    // A custom title hides the type from anyone who cannot see the icon: say it.
    let kind = if custom_title {
        format!(
            "<span class=\"visually-hidden\">{}: </span>",
            escape_html(marker.label)
        )
    } else {
        String::new()
    };
    match marker.fold {
        Fold::None => format!(
            "<div class=\"callout callout-{name}\" role=\"note\">\n<p class=\"callout-title\">{kind}"
        ),
        fold => {
            let open = if fold == Fold::Open || print {
                " open"
            } else {
                ""
            };
            format!(
                "<details class=\"callout callout-{name}\"{open}>\n<summary class=\"callout-title\">{kind}"
            )
        }
    }
}

/// The HTML that ends a callout's title.
pub fn title_end_html(fold: Fold) -> &'static str {
    match fold {
        Fold::None => "</p>\n",
        _ => "</summary>\n",
    }
}

/// The HTML that closes a callout.
pub fn close_html(fold: Fold) -> &'static str {
    match fold {
        Fold::None => "</div>\n",
        _ => "</details>\n",
    }
}

/// The types, for hints.
pub fn names() -> String {
    KINDS.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
}

/// What an open blockquote became.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quote {
    Plain,
    Callout(Fold),
}

impl<'e> Renderer<'_, 'e> {
    /// A blockquote: a callout when its first text is a `[!TYPE]` marker.
    pub(super) fn blockquote<I: Iterator<Item = Spanned<'e>>>(
        &mut self,
        ev: Event<'e>,
        events: &mut Merged<'e, I>,
    ) {
        let opens_paragraph = matches!(events.peek(0), Some((Event::Start(Tag::Paragraph), _)));
        let parsed = match events.peek(1) {
            Some((Event::Text(t), r)) if opens_paragraph => {
                Some((parse(t), self.input.start + r.start))
            }
            _ => None,
        };
        let marker = match parsed {
            Some((Parsed::Callout(m), _)) => m,
            Some((Parsed::Unknown(word), at)) => {
                self.unknown_callout(&word, at);
                return self.plain_quote(ev);
            }
            _ => return self.plain_quote(ev),
        };
        events.next();
        let Some((Event::Text(first), _)) = events.next() else {
            return self.plain_quote(ev);
        };
        let rest = first.get(marker.len..).unwrap_or_default().to_string();
        let ends_title = matches!(
            events.peek(0),
            Some((
                Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph),
                _
            ))
        );
        let custom = !rest.trim().is_empty() || !ends_title;
        let page = open_html(&marker, custom, false);
        let print = self
            .print
            .as_ref()
            .map(|_| Event::Html(open_html(&marker, custom, true).into()));
        self.emit_pair(Event::Html(page.into()), print);
        if !custom {
            self.emit(Event::Html(escape_html(marker.label).into()));
        } else if !rest.is_empty() {
            self.text(Event::Text(CowStr::from(rest)));
        }
        let quote = Quote::Callout(marker.fold);
        self.title = Some((quote, 0));
        self.quotes.push(quote);
    }

    fn plain_quote(&mut self, ev: Event<'e>) {
        self.quotes.push(Quote::Plain);
        self.push(ev);
    }

    /// The end of a blockquote or callout.
    pub(super) fn end_blockquote(&mut self, ev: Event<'e>) {
        match self.quotes.pop() {
            Some(Quote::Callout(fold)) => self.emit(Event::Html(close_html(fold).into())),
            _ => self.push(ev),
        }
    }

    /// An event inside a callout's title; `true` when it ended the title (and is
    /// used up). The title is the marker's line: a line break ends it, unless it is
    /// inside inline markup that began on that line.
    pub(super) fn title_event(&mut self, ev: &Event<'e>) -> bool {
        let Some((Quote::Callout(fold), depth)) = &mut self.title else {
            return false;
        };
        let fold = *fold;
        let ends = match ev {
            Event::End(TagEnd::Paragraph) if *depth == 0 => Some(false),
            Event::SoftBreak | Event::HardBreak if *depth == 0 => Some(true),
            Event::Start(_) => {
                *depth += 1;
                None
            }
            Event::End(_) => {
                *depth = depth.saturating_sub(1);
                None
            }
            _ => None,
        };
        let Some(more) = ends else {
            return false;
        };
        self.title = None;
        self.current.text.push(' ');
        self.emit(Event::Html(title_end_html(fold).into()));
        if more {
            // The rest of the first paragraph is the callout's first paragraph.
            self.emit(Event::Html("<p>".into()));
        }
        true
    }

    fn unknown_callout(&mut self, word: &str, at: usize) {
        if !self.limit.allows("unknown-callout", Severity::Warning) {
            return;
        }
        self.rendered.diags.push(
            Diagnostic::warning(
                "unknown-callout",
                format!("`[!{word}]` is not a callout type; the quote is shown as a plain quote"),
            )
            .at(self.input.display, self.input.text, at, word.len() + 3)
            .hint(format!("use one of {}", names())),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_titles_and_folds() {
        let Parsed::Callout(m) = parse("[!warning] Mind the gap") else {
            panic!("a callout")
        };
        assert_eq!(
            (m.name, m.fold, &"[!warning] Mind the gap"[m.len..]),
            ("warning", Fold::None, "Mind the gap")
        );
        let Parsed::Callout(m) = parse("[!FAQ]-") else {
            panic!("a callout")
        };
        assert_eq!((m.name, m.fold, m.len), ("question", Fold::Closed, 7));
        assert!(matches!(
            parse("[!NOTE]+ Open"),
            Parsed::Callout(Marker {
                fold: Fold::Open,
                ..
            })
        ));
        assert_eq!(
            parse("[!POSTMORTEM] x"),
            Parsed::Unknown("POSTMORTEM".into())
        );
        assert_eq!(parse("[!NOTE]x"), Parsed::NotACallout);
        assert_eq!(parse("[link] text"), Parsed::NotACallout);
    }
}
