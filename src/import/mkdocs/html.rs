//! Raw HTML links that can become Markdown: a lone `<img …>` tag, and an inline
//! `<a href="…">text</a>`. As Markdown they are checked by the build and correct in
//! every output (ownbook does not rewrite URLs inside raw HTML, so an HTML link that
//! is right on its page is wrong in print.html). Attributes Markdown cannot carry
//! (`width`, `target`, `class`…) are reported.

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
    let (name, attrs) = parse_tag(trimmed)?;
    let get = |k: &str| attrs.iter().find(|(a, _)| a == k).map(|(_, v)| v.as_str());
    let dropped = |keep: &[&str]| -> Vec<String> {
        attrs
            .iter()
            .filter(|(a, _)| !keep.contains(&a.as_str()))
            .map(|(a, v)| format!("{a}=\"{v}\""))
            .collect()
    };
    match name.as_str() {
        "img" => {
            let src = get("src")?;
            let alt = escape_md(get("alt").unwrap_or(""));
            let title = get("title")
                .map(|t| format!(" \"{}\"", t.replace('"', "'")))
                .unwrap_or_default();
            let target = r.resolve(from.src, src);
            let span = start..start + trimmed.len();
            let lost = dropped(&["src", "alt", "title"]);
            if !lost.is_empty() {
                found.dropped.push((
                    start,
                    format!("<img> attributes {} dropped", lost.join(" ")),
                ));
            }
            match target {
                Target::Page { .. } => return None,
                Target::Broken => {
                    found.broken.push((start, src.to_string()));
                    edits.push(Edit {
                        range: span,
                        fix: Fix::Text(alt),
                    });
                }
                Target::Keep => edits.push(Edit {
                    range: span,
                    fix: Fix::Text(format!("![{alt}]({src}{title})")),
                }),
                target => {
                    edits.push(Edit {
                        range: span.clone(),
                        fix: Fix::Text(format!("![{alt}](")),
                    });
                    push_fix(edits, span.end..span.end, target, from, false);
                    edits.push(Edit {
                        range: span.end..span.end,
                        fix: Fix::Text(format!("{title})")),
                    });
                }
            }
            Some(i + 1)
        }
        "a" if matches!(events[i].0, Event::InlineHtml(_)) => {
            let href = get("href")?;
            let close = events[i + 1..].iter().position(
                |(e, _)| matches!(e, Event::InlineHtml(t) if t.trim().eq_ignore_ascii_case("</a>")),
            )? + i
                + 1;
            if !events[i + 1..close]
                .iter()
                .all(|(e, _)| matches!(e, Event::Text(_) | Event::Code(_) | Event::SoftBreak))
            {
                return None;
            }
            let inner_range = range.end..events[close].1.start;
            let inner = body.get(inner_range)?.to_string();
            let span = range.start..events[close].1.end;
            let lost = dropped(&["href", "title"]);
            if !lost.is_empty() {
                found.dropped.push((
                    range.start,
                    format!("<a> attributes {} dropped", lost.join(" ")),
                ));
            }
            let target = r.resolve(from.src, href);
            match target {
                Target::Broken => {
                    found.broken.push((range.start, href.to_string()));
                    edits.push(Edit {
                        range: span,
                        fix: Fix::Text(inner),
                    });
                }
                Target::Keep => edits.push(Edit {
                    range: span,
                    fix: Fix::Text(format!("[{inner}]({href})")),
                }),
                Target::Page { src, fragment } => edits.push(Edit {
                    range: span.clone(),
                    fix: Fix::Page {
                        src,
                        fragment,
                        html: false,
                        offset: span.start,
                        wrap: (format!("[{inner}]("), ")".into()),
                    },
                }),
                target @ Target::File { .. } => {
                    edits.push(Edit {
                        range: span.clone(),
                        fix: Fix::Text(format!("[{inner}](")),
                    });
                    push_fix(edits, span.end..span.end, target, from, false);
                    edits.push(Edit {
                        range: span.end..span.end,
                        fix: Fix::Text(")".into()),
                    });
                }
            }
            Some(close + 1)
        }
        _ => None,
    }
}

/// The name and attributes of one complete opening tag (`<img src="x" alt='y'>`).
fn parse_tag(s: &str) -> Option<(String, Vec<(String, String)>)> {
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
    Some((name, attrs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags() {
        let (name, attrs) =
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
