//! Raw HTML links that can become Markdown: a lone `<img …>` tag, and an inline
//! `<a href="…">text</a>`. Markdown is what the rest of the page is written in, and
//! reads better on a git host. Attributes Markdown cannot carry (`width`, `target`,
//! `class`…) are reported. Links inside other raw HTML stay HTML; ownbook resolves
//! them like Markdown links ([`super::links`]).

use super::edits::{Edit, Fix, Found, From, escape_md, push_fix};
use super::resolve::{Resolver, Target};
use pulldown_cmark::Event;
use std::ops::Range;

/// Tries to turn the HTML event at `i` into Markdown. Returns the index of the first
/// event after what it consumed, or `None` to leave the HTML alone.
pub fn to_markdown(
    body: &str,
    events: &[(Event, Range<usize>)],
    i: usize,
    from: &From,
    r: &Resolver,
    edits: &mut Vec<Edit>,
    found: &mut Found,
) -> Option<usize> {
    let range = &events[i].1;
    let text = &body[range.clone()];
    let trimmed = text.trim();
    let start = range.start + (text.len() - text.trim_start().len());
    let tag = parse_tag(trimmed)?;
    match tag.name.as_str() {
        "img" => {
            image(&tag, start..start + trimmed.len(), from, r, edits, found)?;
            Some(i + 1)
        }
        "a" if matches!(events[i].0, Event::InlineHtml(_)) => {
            let close = closing_a(events, i)?;
            let inner = body.get(range.end..events[close].1.start)?.to_string();
            let span = range.start..events[close].1.end;
            link(&tag, span, inner, from, r, edits, found)?;
            Some(close + 1)
        }
        _ => None,
    }
}

/// `<img src alt title>`, at `span`, as `![alt](src "title")`. `None` leaves the
/// HTML alone: it has no `src`, or its source is a page.
fn image(
    tag: &Tag,
    span: Range<usize>,
    from: &From,
    r: &Resolver,
    edits: &mut Vec<Edit>,
    found: &mut Found,
) -> Option<()> {
    let src = tag.get("src")?;
    let alt = escape_md(tag.get("alt").unwrap_or(""));
    let title = tag
        .get("title")
        .map(|t| format!(" \"{}\"", t.replace('"', "'")))
        .unwrap_or_default();
    let target = r.resolve(from.src, src);
    tag.note_dropped(&["src", "alt", "title"], span.start, found);
    match target {
        Target::Page { .. } => return None,
        Target::Broken => {
            found.broken.push((span.start, src.to_string()));
            edits.push(Edit::text(span, alt));
        }
        Target::Keep => edits.push(Edit::text(span, format!("![{alt}]({src}{title})"))),
        target => wrap_fix(
            edits,
            span,
            format!("![{alt}]("),
            target,
            from,
            format!("{title})"),
        ),
    }
    Some(())
}

/// `<a href>inner</a>`, the whole of it at `span`, as `[inner](href)`. `None` leaves
/// the HTML alone: it has no `href`.
fn link(
    tag: &Tag,
    span: Range<usize>,
    inner: String,
    from: &From,
    r: &Resolver,
    edits: &mut Vec<Edit>,
    found: &mut Found,
) -> Option<()> {
    let href = tag.get("href")?;
    tag.note_dropped(&["href", "title"], span.start, found);
    match r.resolve(from.src, href) {
        Target::Broken => {
            found.broken.push((span.start, href.to_string()));
            edits.push(Edit::text(span, inner));
        }
        Target::Keep => edits.push(Edit::text(span, format!("[{inner}]({href})"))),
        Target::Page { src, fragment } => edits.push(Edit {
            range: span.clone(),
            fix: Fix::Page {
                src,
                fragment,
                offset: span.start,
                wrap: (format!("[{inner}]("), ")".into()),
            },
        }),
        target @ Target::File { .. } => {
            wrap_fix(edits, span, format!("[{inner}]("), target, from, ")".into())
        }
    }
    Some(())
}

/// The index of the `</a>` that closes the inline `<a>` at `i`, when only plain text
/// lies between them (anything else stays HTML).
fn closing_a(events: &[(Event, Range<usize>)], i: usize) -> Option<usize> {
    let close = events[i + 1..].iter().position(
        |(e, _)| matches!(e, Event::InlineHtml(t) if t.trim().eq_ignore_ascii_case("</a>")),
    )? + i
        + 1;
    events[i + 1..close]
        .iter()
        .all(|(e, _)| matches!(e, Event::Text(_) | Event::Code(_) | Event::SoftBreak))
        .then_some(close)
}

/// Replaces `span` by `before`, the URL of `target`, then `after`.
fn wrap_fix(
    edits: &mut Vec<Edit>,
    span: Range<usize>,
    before: String,
    target: Target,
    from: &From,
    after: String,
) {
    edits.push(Edit::text(span.clone(), before));
    push_fix(edits, span.end..span.end, target, from);
    edits.push(Edit::text(span.end..span.end, after));
}

/// A complete opening tag: its name, lower case, and its attributes in order.
#[derive(Debug, Default)]
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
}

impl Tag {
    fn get(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(a, _)| a == key)
            .map(|(_, v)| v.as_str())
    }

    /// Notes the attributes other than `keep`: Markdown cannot carry them.
    fn note_dropped(&self, keep: &[&str], at: usize, found: &mut Found) {
        let lost: Vec<String> = self
            .attrs
            .iter()
            .filter(|(a, _)| !keep.contains(&a.as_str()))
            .map(|(a, v)| format!("{a}=\"{v}\""))
            .collect();
        if !lost.is_empty() {
            let what = format!("<{}> attributes {} dropped", self.name, lost.join(" "));
            found.dropped.push((at, what));
        }
    }
}

/// The name and attributes of one complete opening tag (`<img src="x" alt='y'>`).
fn parse_tag(s: &str) -> Option<Tag> {
    let inner = s.strip_prefix('<')?.strip_suffix('>')?;
    let inner = inner.strip_suffix('/').unwrap_or(inner);
    if inner.contains(['<', '>']) {
        return None;
    }
    let name_end = inner.find(char::is_whitespace).unwrap_or(inner.len());
    let name = inner[..name_end].to_ascii_lowercase();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    let mut attrs = Vec::new();
    let mut rest = inner[name_end..].trim_start();
    while !rest.is_empty() {
        let key_end = rest
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(rest.len());
        let key = rest[..key_end].to_ascii_lowercase();
        rest = rest[key_end..].trim_start();
        let value = if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (v, consumed) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let end = after[1..].find(q)? + 1;
                    (&after[1..end], end + 1)
                }
                _ => {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..end], end)
                }
            };
            rest = after[consumed..].trim_start();
            v.to_string()
        } else {
            String::new()
        };
        if key.is_empty() {
            return None;
        }
        attrs.push((key, value));
    }
    Some(Tag { name, attrs })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags() {
        let Tag { name, attrs } =
            parse_tag("<img src=\"a b.png\" alt='Alt' width=400 hidden/>").unwrap_or_default();
        assert_eq!(name, "img");
        assert_eq!(
            attrs,
            vec![
                ("src".into(), "a b.png".into()),
                ("alt".into(), "Alt".into()),
                ("width".into(), "400".into()),
                ("hidden".into(), String::new())
            ]
        );
        assert!(parse_tag("<p>text</p>").is_none());
    }
}
