//! pulldown-cmark's events with adjacent text merged into one event (so that
//! `{{ org }}` and shortcodes are seen whole), one at a time, with a little lookahead.
//! A run of text is copied once, however many events it is made of (a line of
//! brackets is thousands of them), and nothing holds the whole document's events.

use pulldown_cmark::{CowStr, Event};
use std::collections::VecDeque;
use std::ops::Range;

/// An event and its byte range in the Markdown.
pub type Spanned<'e> = (Event<'e>, Range<usize>);

/// Merged events of `I`, with lookahead.
pub struct Merged<'e, I> {
    inner: I,
    /// The event that ended the last text run, not yet handed out.
    held: Option<Spanned<'e>>,
    ahead: VecDeque<Spanned<'e>>,
}

impl<'e, I: Iterator<Item = Spanned<'e>>> Merged<'e, I> {
    pub fn new(inner: I) -> Self {
        Merged {
            inner,
            held: None,
            ahead: VecDeque::new(),
        }
    }

    /// The `k`-th event after the current one (0 is the next), if there is one.
    pub fn peek(&mut self, k: usize) -> Option<&Spanned<'e>> {
        while self.ahead.len() <= k {
            let next = self.pull()?;
            self.ahead.push_back(next);
        }
        self.ahead.get(k)
    }

    /// The next event of the inner iterator, a text run merged.
    fn pull(&mut self) -> Option<Spanned<'e>> {
        let (first, range) = self.held.take().or_else(|| self.inner.next())?;
        let Event::Text(first) = first else {
            return Some((first, range));
        };
        let mut run = TextRun {
            first,
            more: None,
            range,
        };
        for (ev, range) in self.inner.by_ref() {
            match ev {
                Event::Text(t) => run.push(&t, range.end),
                other => {
                    self.held = Some((other, range));
                    break;
                }
            }
        }
        Some(run.finish())
    }
}

impl<'e, I: Iterator<Item = Spanned<'e>>> Iterator for Merged<'e, I> {
    type Item = Spanned<'e>;

    fn next(&mut self) -> Option<Spanned<'e>> {
        self.ahead.pop_front().or_else(|| self.pull())
    }
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

    fn finish(self) -> Spanned<'a> {
        let text = match self.more {
            Some(joined) => CowStr::from(joined),
            None => self.first,
        };
        (Event::Text(text), self.range)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Parser, Tag};

    #[test]
    fn text_runs_are_one_event_with_the_whole_range() {
        let md = "a [b c\n\nd";
        let mut merged = Merged::new(Parser::new(md).into_offset_iter());
        assert!(matches!(
            merged.peek(0),
            Some((Event::Start(Tag::Paragraph), _))
        ));
        assert!(
            matches!(merged.peek(1), Some((Event::Text(t), r)) if &**t == "a [b c" && *r == (0..6))
        );
        let all: Vec<Spanned> = merged.collect();
        assert_eq!(all.len(), 6, "{all:?}");
    }
}
