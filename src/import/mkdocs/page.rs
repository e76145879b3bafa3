//! One MkDocs page → one ownbook page: its meta-data (YAML or MultiMarkdown style)
//! becomes TOML front matter, its leading `# Heading` becomes the title, the body goes
//! through the block and line passes, and its links are collected. Links to pages
//! are finished in [`finish`], once every page's heading ids are known, so that a
//! `#fragment` MkDocs wrote (`#on_call`) can be mapped to ownbook's id (`#on-call`).

use super::admonitions::{self, Line};
use super::edits::{self, Edit, Fix, Found, encode, rel_path};
use super::lines;
use super::links;
use super::meta::Meta;
use super::nav::Placed;
use super::paths::{parent_dir, url_of};
use super::resolve::Resolver;
use crate::import::{Note, note_at, toml_str, toml_str_list};
use std::collections::HashMap;

/// A converted page whose page links are not yet written.
#[derive(Debug)]
pub struct Page {
    pub display: String,
    pub dest: String,
    pub url: String,
    pub title: String,
    pub description: Option<String>,
    pub weight: Option<i64>,
    pub toc: Option<bool>,
    pub aliases: Vec<String>,
    pub body: String,
    pub edits: Vec<Edit>,
    /// (ownbook id, MkDocs id) of every heading, in order.
    pub ids: Vec<(String, String)>,
    /// Byte offset where each body line starts, and its source line.
    lines: Vec<(usize, usize)>,
}

/// What every page needs from the project.
pub struct Project<'a> {
    pub site_name: &'a str,
    pub emoji: bool,
    pub resolver: &'a Resolver<'a>,
}

/// Converts one page. `display` is its path as the user knows it (`docs/x.md`).
pub fn convert(
    src: &str,
    display: &str,
    text: &str,
    placed: &Placed,
    p: &Project,
    notes: &mut Vec<Note>,
) -> Page {
    let all: Vec<&str> = text.split('\n').collect();
    let (meta, start) = super::meta::split(&all, display, notes);
    let (heading, start) = leading_heading(&all, start);
    let title = title(src, placed, &meta, heading.as_deref(), p.site_name);
    if let Some(h) = &heading
        && !h.eq_ignore_ascii_case(&title)
    {
        notes.push(note_at(display, start.max(1), 1, format!("the page heading `{h}` is replaced by the title `{title}` (ownbook shows one title)")));
    }
    let (body, line_starts) = convert_body(&all, start, display, p.emoji, notes);
    let url = url_of(&placed.dest);
    let from = edits::From {
        src,
        dest: &placed.dest,
    };
    let (edits, found) = links::collect(&body, &from, p.resolver);
    let page = Page {
        display: display.to_string(),
        dest: placed.dest.clone(),
        url,
        title,
        description: meta.description,
        weight: placed.weight,
        toc: meta.toc,
        aliases: Vec::new(),
        ids: super::anchors::heading_ids(&body),
        body,
        edits,
        lines: line_starts,
    };
    page.note_links(found, notes);
    page
}

/// The page's leading `# Heading` (or setext `Heading` over `===`) after the meta-data
/// and blank lines, and the index of the first line after it. `start` is the first
/// line after the meta-data.
fn leading_heading(all: &[&str], mut start: usize) -> (Option<String>, usize) {
    while start < all.len() && all[start].trim().is_empty() {
        start += 1;
    }
    let Some(first) = all.get(start) else {
        return (None, start);
    };
    let t = first.trim();
    if let Some(h) = t.strip_prefix("# ") {
        let h = h
            .split(" {")
            .next()
            .unwrap_or(h)
            .trim()
            .trim_end_matches('#')
            .trim();
        (Some(h.to_string()), start + 1)
    } else if !t.is_empty()
        && all
            .get(start + 1)
            .is_some_and(|n| !n.trim().is_empty() && n.trim().chars().all(|c| c == '='))
    {
        (Some(t.to_string()), start + 2)
    } else {
        (None, start)
    }
}

/// The page's title: for the home page its own title or heading, else the site's
/// name; for any other page the nav's title first, else its own, else its file name.
fn title(
    src: &str,
    placed: &Placed,
    meta: &Meta,
    heading: Option<&str>,
    site_name: &str,
) -> String {
    let heading = heading.map(str::to_string);
    if placed.dest == "_index.md" {
        meta.title
            .clone()
            .or(heading)
            .unwrap_or_else(|| site_name.to_string())
    } else {
        placed
            .nav_title
            .clone()
            .or(meta.title.clone())
            .or(heading)
            .unwrap_or_else(|| humanize(src))
    }
}

/// The body from line `start` on, through the block and line passes, and the byte
/// offset where each of its lines starts with that line's source line (for notes).
fn convert_body(
    all: &[&str],
    start: usize,
    display: &str,
    emoji: bool,
    notes: &mut Vec<Note>,
) -> (String, Vec<(usize, usize)>) {
    let input: Vec<Line> = all[start..]
        .iter()
        .enumerate()
        .map(|(i, t)| Line {
            text: t.to_string(),
            src: start + i + 1,
        })
        .collect();
    let mut ctx = lines::Ctx::new(display, emoji, notes);
    let converted = admonitions::convert(&input, &mut ctx);
    let mut body = String::new();
    let mut line_starts = Vec::with_capacity(converted.len());
    for l in &converted {
        line_starts.push((body.len(), l.src));
        body.push_str(&l.text);
        body.push('\n');
    }
    (body, line_starts)
}

impl Page {
    /// Notes what collecting the page's links found: broken links and dropped HTML
    /// attributes.
    fn note_links(&self, found: Found, notes: &mut Vec<Note>) {
        let display = &self.display;
        for (offset, dest) in found.broken {
            let line = self.src_line(offset);
            notes.push(note_at(display, line, 0, format!("link to `{dest}` leads to no page or file of the MkDocs project; its text is kept without the link")));
        }
        for (offset, what) in found.dropped {
            notes.push(note_at(display, self.src_line(offset), 0, what));
        }
    }

    fn src_line(&self, offset: usize) -> usize {
        let i = self.lines.partition_point(|(start, _)| *start <= offset);
        self.lines
            .get(i.saturating_sub(1))
            .map_or(0, |(_, src)| *src)
    }
}

/// Writes the final file of `page`: front matter, then the body with every link
/// replaced. Fragments that name no heading of the target are dropped and noted.
pub fn finish(page: &Page, pages: &HashMap<String, &Page>, notes: &mut Vec<Note>) -> String {
    let mut edits: Vec<&Edit> = page.edits.iter().collect();
    edits.sort_by_key(|e| (e.range.start, std::cmp::Reverse(e.range.end)));
    let mut body = String::with_capacity(page.body.len());
    let mut at = 0;
    for e in edits {
        if e.range.start < at {
            continue; // inside a link that was replaced as a whole
        }
        body.push_str(&page.body[at..e.range.start]);
        body.push_str(&fix_text(page, &e.fix, pages, notes));
        at = e.range.end;
    }
    body.push_str(&page.body[at..]);
    let mut front = format!("+++\ntitle = {}\n", toml_str(&page.title));
    if let Some(d) = &page.description {
        front.push_str(&format!("description = {}\n", toml_str(d)));
    }
    if let Some(w) = page.weight {
        front.push_str(&format!("weight = {w}\n"));
    }
    if let Some(toc) = page.toc {
        front.push_str(&format!("toc = {toc}\n"));
    }
    if !page.aliases.is_empty() {
        front.push_str(&format!("aliases = {}\n", toml_str_list(&page.aliases)));
    }
    front.push_str("+++\n");
    let body = body.trim_matches('\n');
    if body.is_empty() {
        front
    } else {
        format!("{front}\n{body}\n")
    }
}

fn fix_text(
    page: &Page,
    fix: &Fix,
    pages: &HashMap<String, &Page>,
    notes: &mut Vec<Note>,
) -> String {
    let (src, fragment, offset, (before, after)) = match fix {
        Fix::Text(t) => return t.clone(),
        Fix::Page {
            src,
            fragment,
            offset,
            wrap,
        } => (src, fragment, *offset, wrap),
    };
    format!(
        "{before}{}{after}",
        page_url(page, src, fragment, offset, pages, notes)
    )
}

fn page_url(
    page: &Page,
    src: &str,
    fragment: &Option<String>,
    offset: usize,
    pages: &HashMap<String, &Page>,
    notes: &mut Vec<Note>,
) -> String {
    let Some(target) = pages.get(src) else {
        return String::new();
    };
    let frag = match fragment.as_deref().filter(|f| !f.is_empty()) {
        None => String::new(),
        Some(f) => {
            match target.ids.iter().find(|(own, mk)| own == f || mk == f) {
                Some((own, _)) => format!("#{own}"),
                None => {
                    notes.push(note_at(&page.display, page.src_line(offset), 0, format!("`#{f}` is no heading of {}; the link now points at the top of the page", target.display)));
                    String::new()
                }
            }
        }
    };
    let same = std::ptr::eq(*target, page);
    if same && !frag.is_empty() {
        return frag;
    }
    format!(
        "{}{frag}",
        encode(&rel_path(parent_dir(&page.dest), &target.dest))
    )
}

/// A title from a file name: `getting_started.md` → "Getting started".
pub fn humanize(src: &str) -> String {
    let name = src
        .rsplit('/')
        .next()
        .unwrap_or(src)
        .trim_end_matches(".md");
    let words = name.replace(['-', '_'], " ");
    let mut c = words.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => "Untitled".to_string(),
    }
}
