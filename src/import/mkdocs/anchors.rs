//! Heading ids, twice: as ownbook will give them, and as MkDocs (Python-Markdown's
//! toc extension) gave them, so a link written for MkDocs (`#on_call-rotations`) can
//! be pointed at the id ownbook renders (`#on-call-rotations`).

use crate::markdown::HeadingIds;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::collections::HashSet;

/// Heading ids as ownbook gives them, next to the ids Python-Markdown's toc gives.
pub fn heading_ids(body: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut own_ids = HeadingIds::default();
    let mut mk_seen = HashSet::new();
    let mut current: Option<(Option<String>, String)> = None;
    for ev in Parser::new_ext(body, crate::markdown::options()) {
        match ev {
            Event::Start(Tag::Heading { id, .. }) => {
                current = Some((id.map(|s| s.to_string()), String::new()))
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text)) = &mut current {
                    text.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, text)) = &mut current {
                    text.push(' ');
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                let Some((custom, text)) = current.take() else {
                    continue;
                };
                let own = own_ids.assign(custom.clone(), &text);
                let mut mk = custom.unwrap_or_else(|| python_slug(&text));
                let mk_base = mk.clone();
                let mut n = 1;
                while mk.is_empty() || !mk_seen.insert(mk.clone()) {
                    mk = format!("{mk_base}_{n}");
                    n += 1;
                }
                out.push((own, mk));
            }
            _ => {}
        }
    }
    out
}

/// Python-Markdown's default toc slug: ASCII word characters, spaces and dashes kept,
/// lowercased, runs of spaces and dashes joined into one `-`.
fn python_slug(text: &str) -> String {
    let kept: String = text
        .chars()
        .filter(|c| {
            c.is_ascii()
                && (c.is_ascii_alphanumeric() || *c == '_' || *c == '-' || c.is_whitespace())
        })
        .collect();
    let lower = kept.trim().to_lowercase();
    let mut out = String::with_capacity(lower.len());
    for c in lower.chars() {
        if c == '-' || c.is_whitespace() {
            if !out.ends_with('-') {
                out.push('-');
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_match_ownbook_and_mkdocs() {
        let ids = heading_ids("## On_call basics\n\n## On_call basics\n\n## Custom {#mine}\n");
        assert_eq!(
            ids,
            vec![
                ("on-call-basics".to_string(), "on_call-basics".to_string()),
                (
                    "on-call-basics-1".to_string(),
                    "on_call-basics_1".to_string()
                ),
                ("mine".to_string(), "mine".to_string()),
            ]
        );
    }
}
