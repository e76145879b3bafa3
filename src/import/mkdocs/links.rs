//! Links of MkDocs pages, found with the same Markdown parser the build uses and
//! resolved by [`super::resolve`]. Pages become relative `.md` links (which ownbook
//! checks), files relative paths; what resolves to nothing keeps its text and is
//! noted. Links inside raw HTML are rewritten the same way: ownbook resolves them like
//! Markdown links.

use super::edits::{Edit, Found, From, escape_md, push_fix};
use super::resolve::{Resolver, Target};
use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};
use std::ops::Range;

/// Finds every link of a converted page and what to replace.
pub fn collect(body: &str, from: &From, r: &Resolver) -> (Vec<Edit>, Found) {
    let mut edits = Vec::new();
    let mut found = Found::default();
    let parser = Parser::new_ext(body, crate::markdown::options());
    for (_, def) in parser.reference_definitions().iter() {
        let target = r.resolve(from.src, &def.dest);
        if let Some(span) = def_dest_span(body, &def.span) {
            push_fix(&mut edits, span, target, from);
        }
    }
    let events: Vec<(Event, Range<usize>)> = parser.into_offset_iter().collect();
    let mut skip_to = 0;
    for (i, (ev, range)) in events.iter().enumerate() {
        if i < skip_to {
            continue;
        }
        let (link_type, dest) = match ev {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            })
            | Event::Start(Tag::Image {
                link_type,
                dest_url,
                ..
            }) => (*link_type, dest_url),
            Event::Html(_) | Event::InlineHtml(_) => {
                match super::html::to_markdown(body, &events, i, from, r, &mut edits, &mut found) {
                    Some(next) => skip_to = next,
                    None => html_links(body, range, from, r, &mut edits, &mut found),
                }
                continue;
            }
            _ => continue,
        };
        if matches!(link_type, LinkType::Autolink | LinkType::Email) {
            continue;
        }
        let target = r.resolve(from.src, dest);
        if target == Target::Broken {
            found.broken.push((range.start, dest.to_string()));
            edits.push(Edit::text(range.clone(), inner_text(&events[i + 1..])));
            continue;
        }
        if link_type == LinkType::Inline
            && let Some(span) = inline_dest_span(body, range)
        {
            push_fix(&mut edits, span, target, from);
        }
    }
    (edits, found)
}

/// The URLs inside a piece of raw HTML (read with the tokenizer the build uses). The
/// build resolves them like Markdown links, so they are rewritten the same way.
fn html_links(
    body: &str,
    range: &Range<usize>,
    from: &From,
    r: &Resolver,
    edits: &mut Vec<Edit>,
    found: &mut Found,
) {
    let text = &body[range.clone()];
    for url in crate::markdown::rawhtml::urls(text) {
        let span = range.start + url.range.start..range.start + url.range.end;
        match r.resolve(from.src, &url.value) {
            Target::Broken => found.broken.push((span.start, url.value)),
            Target::Keep => {}
            target => push_fix(edits, span, target, from),
        }
    }
}

/// The plain text of a link's content (up to its end event).
pub(super) fn inner_text(events: &[(Event, Range<usize>)]) -> String {
    let mut depth = 0;
    let mut text = String::new();
    for (ev, _) in events {
        match ev {
            Event::Start(_) => depth += 1,
            Event::End(TagEnd::Link | TagEnd::Image) if depth == 0 => break,
            Event::End(_) => depth -= 1,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    escape_md(&text)
}

/// The destination inside `[text](dest "title")`.
fn inline_dest_span(body: &str, range: &Range<usize>) -> Option<Range<usize>> {
    let s = &body[range.clone()];
    let open = s.rfind("](")? + 2;
    let inner = s[open..].strip_suffix(')')?;
    let lead = inner.len() - inner.trim_start().len();
    let rest = &inner[lead..];
    let (start, len) = if let Some(angle) = rest.strip_prefix('<') {
        (open + lead + 1, angle.find('>')?)
    } else {
        (
            open + lead,
            rest.find(char::is_whitespace).unwrap_or(rest.len()),
        )
    };
    Some(range.start + start..range.start + start + len)
}

/// The destination inside `[label]: dest "title"`.
fn def_dest_span(body: &str, span: &Range<usize>) -> Option<Range<usize>> {
    let s = body.get(span.clone())?;
    let colon = s.find("]:")? + 2;
    let rest = &s[colon..];
    let lead = rest.len() - rest.trim_start().len();
    let rest = &rest[lead..];
    let (start, len) = if let Some(angle) = rest.strip_prefix('<') {
        (colon + lead + 1, angle.find('>')?)
    } else {
        (
            colon + lead,
            rest.find(char::is_whitespace).unwrap_or(rest.len()),
        )
    };
    Some(span.start + start..span.start + start + len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn destination_spans() {
        let body = "See [a ![i](x.png)](<b c.md> \"t\") and [d](e.md).";
        let r = body.find("[a").unwrap_or(0)..body.find(" and").unwrap_or(0);
        assert_eq!(inline_dest_span(body, &r).map(|s| &body[s]), Some("b c.md"));
    }
}
