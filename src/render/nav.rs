//! Navigation around a page: the sidebar tree (current path expanded, the rest
//! collapsed, so output grows linearly with the number of pages), breadcrumbs, and
//! previous/next links in reading order.

use crate::site::{Child, PageKind, Site};
use crate::text::escape_html;
use crate::url::relative_url;
use serde::Serialize;

/// A link as templates see it: title and URL relative to the current page.
#[derive(Debug, Clone, Serialize)]
pub struct LinkCtx {
    pub title: String,
    pub url: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// An extra top-level entry of the sidebar (the catalog's pages), as an output folder.
#[derive(Debug, Clone)]
pub struct ExtraNav {
    pub title: String,
    pub url: String,
}

/// The sidebar for the HTML file in `out_dir`. `current` is the page's URL so that its
/// link is marked with `aria-current`.
pub fn sidebar(
    site: &Site,
    out_dir: &str,
    current_section: Option<usize>,
    current_url: &str,
    extra: &[ExtraNav],
) -> String {
    let mut open = vec![false; site.sections.len()];
    let mut s = current_section;
    while let Some(i) = s {
        open[i] = true;
        s = site.sections[i].parent;
    }
    let rel = RelFrom::new(out_dir);
    let mut html = String::with_capacity(8192);
    html.push_str("<ul class=\"nav-tree\">");
    let home = site.config.ui("home", "Home");
    item(&mut html, &rel, current_url, "", &home, "nav-home");
    // Iterative walk over (shown children, position, folder, hidden count), so deep
    // trees are safe.
    let root = window(site, 0, &open, current_url);
    let mut stack: Vec<(&[Child], usize, usize, usize)> = vec![(root.0, 0, 0, root.1)];
    while let Some((children, pos, folder, hidden)) = stack.pop() {
        if pos >= children.len() {
            if hidden > 0 {
                more(&mut html, site, &rel, folder, hidden);
            }
            if !stack.is_empty() {
                html.push_str("</ul></li>");
            }
            continue;
        }
        stack.push((children, pos + 1, folder, hidden));
        match children[pos] {
            Child::Page(p) => {
                let page = &site.pages[p];
                item(&mut html, &rel, current_url, &page.url, &page.title, "");
            }
            Child::Section(sec) => {
                let section = &site.sections[sec];
                let has_children = !section.children.is_empty();
                let class = match (open[sec], has_children) {
                    (true, true) => "nav-section open",
                    (false, true) => "nav-section",
                    _ => "",
                };
                open_item(&mut html, class);
                // Every folder has a page (a generated one without _index.md).
                link_html(
                    &mut html,
                    &rel,
                    section.url == current_url,
                    &section.url,
                    &section.title,
                );
                if open[sec] && has_children {
                    html.push_str("<ul>");
                    let (shown, hidden) = window(site, sec, &open, current_url);
                    stack.push((shown, 0, sec, hidden));
                } else {
                    html.push_str("</li>");
                }
            }
        }
    }
    for e in extra {
        item(
            &mut html,
            &rel,
            current_url,
            &e.url,
            &e.title,
            "nav-catalog",
        );
    }
    html.push_str("</ul>");
    html
}

/// Most entries an expanded folder shows in the sidebar. A bigger folder shows the
/// entries around the current one and a link to its index page, which lists them
/// all: otherwise every page of a folder of N pages repeats N links, and the output
/// grows with the square of the folder's size. Eleven (the current page and five on
/// each side) keeps the neighbours at hand; at 25 the list was a fifth of a page's HTML.
pub const MAX_FOLDER_ENTRIES: usize = 11;

/// The children of `folder` the sidebar shows, and how many it leaves out.
fn window<'s>(site: &'s Site, folder: usize, open: &[bool], current: &str) -> (&'s [Child], usize) {
    let children = &site.sections[folder].children;
    if children.len() <= MAX_FOLDER_ENTRIES {
        return (children, 0);
    }
    let at = children
        .iter()
        .position(|c| match *c {
            Child::Page(p) => site.pages[p].url == current,
            Child::Section(s) => open[s],
        })
        .unwrap_or(0);
    let start = at
        .saturating_sub(MAX_FOLDER_ENTRIES / 2)
        .min(children.len() - MAX_FOLDER_ENTRIES);
    (
        &children[start..start + MAX_FOLDER_ENTRIES],
        children.len() - MAX_FOLDER_ENTRIES,
    )
}

/// The entry that stands for the `hidden` children a windowed folder leaves out.
fn more(html: &mut String, site: &Site, rel: &RelFrom, folder: usize, hidden: usize) {
    let section = &site.sections[folder];
    let label = format!("{hidden} more in {}", section.title);
    html.push_str("<li class=\"nav-more\">");
    if section.index.is_some() {
        link_html(html, rel, false, &section.url, &label);
    } else {
        html.push_str("<span>");
        push_escaped(html, &label);
        html.push_str("</span>");
    }
    html.push_str("</li>");
}

fn item(html: &mut String, rel: &RelFrom, current: &str, url: &str, title: &str, class: &str) {
    open_item(html, class);
    link_html(html, rel, url == current, url, title);
    html.push_str("</li>");
}

/// `<li>`, with `class` when there is one (no empty attribute on every entry).
fn open_item(html: &mut String, class: &str) {
    if class.is_empty() {
        html.push_str("<li>");
    } else {
        html.push_str("<li class=\"");
        html.push_str(class);
        html.push_str("\">");
    }
}

fn link_html(html: &mut String, rel: &RelFrom, is_current: bool, url: &str, title: &str) {
    html.push_str("<a href=\"");
    let start = html.len();
    rel.push(html, url);
    if html[start..].contains(['&', '<', '>', '"', '\'']) {
        let escaped = escape_html(&html[start..]);
        html.truncate(start);
        html.push_str(&escaped);
    }
    html.push('"');
    if is_current {
        html.push_str(" aria-current=\"page\"");
    }
    html.push('>');
    push_escaped(html, title);
    html.push_str("</a>");
}

fn push_escaped(html: &mut String, text: &str) {
    if text.contains(['&', '<', '>', '"', '\'']) {
        html.push_str(&escape_html(text));
    } else {
        html.push_str(text);
    }
}

/// `crate::url::relative_url` from one folder, split once: the sidebar makes a URL for
/// every entry on every page, and allocating two vectors for each was a tenth of
/// the time spent outside code highlighting.
struct RelFrom<'a> {
    from: Vec<&'a str>,
}

impl<'a> RelFrom<'a> {
    fn new(from_dir: &'a str) -> Self {
        RelFrom {
            from: from_dir.split('/').filter(|s| !s.is_empty()).collect(),
        }
    }

    /// Appends the URL of `to` (same result as `relative_url(from_dir, to)`).
    fn push(&self, out: &mut String, to: &str) {
        let mut rest = to;
        let mut common = 0;
        for dir in &self.from {
            match rest.split_once('/') {
                Some((part, tail)) if part == *dir => {
                    common += 1;
                    rest = tail;
                }
                _ => break,
            }
        }
        for _ in common..self.from.len() {
            out.push_str("../");
        }
        out.push_str(rest);
        if to.is_empty() || to.ends_with('/') {
            out.push_str("index.html");
        }
    }
}

/// Breadcrumbs from the home page down to (not including) the page itself.
pub fn breadcrumbs(site: &Site, out_dir: &str, section: usize, kind: PageKind) -> Vec<LinkCtx> {
    let mut chain = Vec::new();
    let mut s = Some(section);
    // A section index is its own section: start from the parent.
    if kind != PageKind::Page {
        s = site.sections[section].parent;
    }
    while let Some(i) = s {
        let sec = &site.sections[i];
        let title = if i == 0 {
            site.config.ui("home", "Home")
        } else {
            sec.title.clone()
        };
        chain.push(LinkCtx {
            title,
            url: relative_url(out_dir, &sec.url),
            description: String::new(),
        });
        s = sec.parent;
    }
    chain.reverse();
    chain
}

/// Previous and next pages in reading order.
pub fn prev_next(
    site: &Site,
    position: Option<usize>,
    out_dir: &str,
) -> (Option<LinkCtx>, Option<LinkCtx>) {
    let Some(pos) = position else {
        return (None, None);
    };
    let link = |i: usize| {
        let p = &site.pages[site.reading_order[i]];
        LinkCtx {
            title: p.title.clone(),
            url: relative_url(out_dir, &p.url),
            description: String::new(),
        }
    };
    let prev = pos.checked_sub(1).map(link);
    let next = (pos + 1 < site.reading_order.len()).then(|| link(pos + 1));
    (prev, next)
}

#[cfg(test)]
mod tests {
    use super::RelFrom;
    use crate::url::relative_url;

    #[test]
    fn rel_from_matches_relative_url() {
        let dirs = [
            "",
            "guide/",
            "guide/a/",
            "guide/a/b/",
            "other/",
            "a//",
            "/guide/",
        ];
        let targets = [
            "",
            "guide/",
            "guide/a/",
            "guide/b/",
            "guide/a/b/c/",
            "other/x/",
            "style.css",
            "guide/a/img.png",
            "a//b",
            "guide",
        ];
        for from in dirs {
            let rel = RelFrom::new(from);
            for to in targets {
                let mut got = String::new();
                rel.push(&mut got, to);
                assert_eq!(got, relative_url(from, to), "from {from:?} to {to:?}");
            }
        }
    }
}
