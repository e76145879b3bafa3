//! Heading ids and the table of contents. The outline of a page (read before anything
//! is rendered, for link checks) and its rendering give headings the same ids because
//! both use this: `{#custom}` ids, else the slug of the text, `-1`, `-2` for repeats.

use crate::text::{escape_html, slugify};
use pulldown_cmark::Event;
use rustc_hash::FxHashSet;

/// One heading of a page.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// The ids given so far in one document.
#[derive(Debug, Default)]
pub struct HeadingIds {
    taken: FxHashSet<String>,
}

impl HeadingIds {
    /// The id of the next heading, with its `{#custom}` id if it has one.
    pub fn assign(&mut self, custom: Option<String>, text: &str) -> String {
        let base = custom.unwrap_or_else(|| {
            let s = slugify(text);
            if s.is_empty() {
                "section".to_string()
            } else {
                s
            }
        });
        let mut id = base.clone();
        let mut n = 1;
        while !self.taken.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    }
}

/// The text of a heading as pulldown-cmark's events give it: runs of text (with
/// `{{ org }}` replaced in each whole run, as the renderer sees it), inline code as
/// written, and line breaks as spaces.
#[derive(Debug, Default)]
pub struct HeadingText {
    text: String,
    run: String,
}

impl HeadingText {
    pub fn text(&mut self, t: &str) {
        self.run.push_str(t);
    }

    pub fn code(&mut self, org: &str, t: &str) {
        self.flush(org);
        self.text.push_str(t);
    }

    pub fn space(&mut self, org: &str) {
        self.flush(org);
        self.text.push(' ');
    }

    /// The whole text, trimmed.
    pub fn finish(mut self, org: &str) -> String {
        self.flush(org);
        self.text.trim().to_string()
    }

    fn flush(&mut self, org: &str) {
        if !self.run.is_empty() {
            self.text
                .push_str(&crate::text::replace_org(&self.run, org));
            self.run.clear();
        }
    }
}

/// The table of contents (h2 and h3) as nested lists, or `None` with fewer than two
/// entries.
pub fn toc_html(headings: &[Heading]) -> Option<String> {
    let items: Vec<&Heading> = headings
        .iter()
        .filter(|h| h.level == 2 || h.level == 3)
        .collect();
    if items.len() < 2 {
        return None;
    }
    let mut html = String::from("<ul>");
    let mut in_sub = false;
    for (i, h) in items.iter().enumerate() {
        if h.level == 3 && !in_sub && i > 0 {
            // Open a nested list inside the previous h2's item.
            html.truncate(html.len() - "</li>".len());
            html.push_str("<ul>");
            in_sub = true;
        } else if h.level == 2 && in_sub {
            html.push_str("</ul></li>");
            in_sub = false;
        }
        html.push_str(&format!(
            "<li><a href=\"#{}\">{}</a></li>",
            escape_html(&h.id),
            escape_html(&h.text)
        ));
    }
    if in_sub {
        html.push_str("</ul></li>");
    }
    html.push_str("</ul>");
    Some(html)
}

/// A heading's events with its id (after `prefix`) and its anchor link.
pub fn heading_html<'e>(
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeats_and_empty_headings_get_their_own_ids() {
        let mut ids = HeadingIds::default();
        assert_eq!(ids.assign(None, "Notes"), "notes");
        assert_eq!(ids.assign(None, "Notes"), "notes-1");
        assert_eq!(ids.assign(None, "?!"), "section");
        assert_eq!(ids.assign(Some("notes".into()), "x"), "notes-2");
    }
}
