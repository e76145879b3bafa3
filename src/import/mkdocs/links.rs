//! Links of MkDocs pages, found with the same Markdown parser the build uses and
//! resolved by [`super::resolve`]. Pages become relative `.md` links (which ownbook
//! checks), files relative paths; what resolves to nothing keeps its text and is
//! noted. Links left inside raw HTML get output URLs, since ownbook does not rewrite
//! HTML.

use super::paths::{map_path, parent_dir};
pub use super::resolve::{Resolver, Target};
use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};
use std::ops::Range;

/// A replacement in a page's converted text.
#[derive(Debug, Clone)]
pub struct Edit {
    pub range: Range<usize>,
    pub fix: Fix,
}

#[derive(Debug, Clone)]
pub enum Fix {
    Text(String),
    /// A link to a page, finished once every page's headings are known; `wrap` is
    /// text around the link's URL (when a whole HTML link becomes Markdown).
    Page {
        src: String,
        fragment: Option<String>,
        html: bool,
        offset: usize,
        wrap: (String, String),
    },
}

/// Where a page's links are resolved from and written to.
pub struct From<'a> {
    pub src: &'a str,
    /// Content-relative path of the imported page.
    pub dest: &'a str,
    /// Its output folder.
    pub url: &'a str,
}

/// What `collect` found besides the edits, for the caller to note (by offset).
#[derive(Debug, Default)]
pub struct Found {
    pub broken: Vec<(usize, String)>,
    /// HTML attributes lost when an `<img>` or `<a>` became Markdown.
    pub dropped: Vec<(usize, String)>,
    /// Links left inside raw HTML (correct on the page, unchecked, wrong in print).
    pub raw: Vec<(usize, String)>,
}

/// Finds every link of a converted page and what to replace.
pub fn collect(body: &str, from: &From, r: &Resolver) -> (Vec<Edit>, Found) {
    let mut edits = Vec::new();
    let mut found = Found::default();
    let parser = Parser::new_ext(body, super::markdown_options());
    for (_, def) in parser.reference_definitions().iter() {
        let target = r.resolve(from.src, &def.dest);
        if let Some(span) = def_dest_span(body, &def.span) {
            push_fix(&mut edits, span, target, from, false);
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
            edits.push(Edit {
                range: range.clone(),
                fix: Fix::Text(inner_text(&events[i + 1..])),
            });
            continue;
        }
        if link_type == LinkType::Inline
            && let Some(span) = inline_dest_span(body, range)
        {
            push_fix(&mut edits, span, target, from, false);
        }
    }
    (edits, found)
}

pub(super) fn push_fix(
    edits: &mut Vec<Edit>,
    range: Range<usize>,
    target: Target,
    from: &From,
    html: bool,
) {
    let fix = match target {
        Target::Keep | Target::Broken => return,
        Target::Page { src, fragment } => Fix::Page {
            src,
            fragment,
            html,
            offset: range.start,
            wrap: (String::new(), String::new()),
        },
        Target::File { src, fragment } => {
            let to = map_path(&src);
            let frag = fragment.map(|f| format!("#{f}")).unwrap_or_default();
            let url = if html {
                crate::url::relative_url(from.url, &to)
            } else {
                rel_path(parent_dir(from.dest), &to)
            };
            Fix::Text(format!("{}{frag}", encode(&url)))
        }
    };
    edits.push(Edit { range, fix });
}

/// `href="…"` and `src="…"` values inside a piece of raw HTML.
fn html_links(
    body: &str,
    range: &Range<usize>,
    from: &From,
    r: &Resolver,
    edits: &mut Vec<Edit>,
    found: &mut Found,
) {
    let text = &body[range.clone()];
    let lower = text.to_ascii_lowercase();
    for attr in ["href=", "src="] {
        let mut at = 0;
        while let Some(hit) = lower[at..].find(attr) {
            let start = at + hit + attr.len();
            at = start;
            let preceded = lower[..start - attr.len()].ends_with(|c: char| c.is_whitespace());
            let Some(quote) = text[start..]
                .chars()
                .next()
                .filter(|c| *c == '"' || *c == '\'')
            else {
                continue;
            };
            let Some(len) = text[start + 1..].find(quote) else {
                continue;
            };
            if !preceded {
                continue;
            }
            let value = &text[start + 1..start + 1 + len];
            let span = range.start + start + 1..range.start + start + 1 + len;
            match r.resolve(from.src, value) {
                Target::Broken => found.broken.push((span.start, value.to_string())),
                Target::Keep => {}
                target => {
                    found.raw.push((span.start, value.to_string()));
                    push_fix(edits, span, target, from, true);
                }
            }
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

pub(super) fn escape_md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\`*_[]<>#".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
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

/// A relative path from folder `from_dir` to `to` (both content-relative).
pub fn rel_path(from_dir: &str, to: &str) -> String {
    let from: Vec<&str> = from_dir.split('/').filter(|s| !s.is_empty()).collect();
    let to_parts: Vec<&str> = to.split('/').collect();
    let dirs = &to_parts[..to_parts.len() - 1];
    let common = from.iter().zip(dirs).take_while(|(a, b)| a == b).count();
    let mut out = "../".repeat(from.len() - common);
    out.push_str(&to_parts[common..].join("/"));
    out
}

/// Percent-encodes what may not stand in a Markdown link destination.
pub fn encode(url: &str) -> String {
    url.replace('%', "%25")
        .replace(' ', "%20")
        .replace('(', "%28")
        .replace(')', "%29")
        .replace('<', "%3C")
        .replace('>', "%3E")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn destination_spans() {
        let body = "See [a ![i](x.png)](<b c.md> \"t\") and [d](e.md).";
        let r = body.find("[a").unwrap_or(0)..body.find(" and").unwrap_or(0);
        assert_eq!(inline_dest_span(body, &r).map(|s| &body[s]), Some("b c.md"));
        assert_eq!(rel_path("a/b/", "a/c/x.md"), "../c/x.md");
        assert_eq!(rel_path("", "x.md"), "x.md");
    }
}
