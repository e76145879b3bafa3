//! For assistants and scripts that read the handbook: `llms.txt`, an index of the guide
//! and the catalog in the llms.txt format (llmstxt.org), and every guide page, service
//! and team as Markdown beside its HTML (`guide/x/index.html` → `guide/x.md`, the
//! home page → `index.md`: the page's address with `.md` for its trailing slash, as
//! Rspress and others publish them). In the Markdown, `{{ org }}` is replaced,
//! shortcodes are expanded into Markdown lists, and links to pages and catalog
//! entries point at their Markdown. Links are absolute with a base_url, otherwise
//! root-relative: a `.md` file is read on its own, away from the page it came from.
//!
//! `llms = false` in ownbook.toml turns all of it off.

mod catalog;
mod guide;
mod index;
mod text;

use super::{Ctx, PageSink, RenderCache, stage};
use crate::diag::Diagnostic;
use crate::output::{Content, OutputFile};
use crate::site::{Child, PageKind, Site};
use crate::text::escape_markdown;
use crate::url::encode_path;
use rayon::prelude::*;
use text::Text;

pub use index::PATH;

/// How the Markdown outputs write URLs: after the base_url, or from the site root.
pub struct Urls {
    base: String,
}

impl Urls {
    pub fn new(site: &Site) -> Self {
        Urls {
            base: site
                .config
                .base_url
                .clone()
                .unwrap_or_else(|| "/".to_string()),
        }
    }

    /// The URL of the Markdown of the page in output folder `folder`.
    pub fn markdown(&self, folder: &str) -> String {
        self.file(&markdown_path(folder))
    }

    /// The URL of an output file, or of a folder's page (`guide/`).
    pub fn file(&self, path: &str) -> String {
        format!("{}{}", self.base, encode_path(path))
    }
}

/// The Markdown file of the page in output folder `folder`: `guide/x/` gives
/// `guide/x.md`, and the home page (`""`) `index.md`.
///
/// ```
/// use ownbook::render::llms::markdown_path;
/// assert_eq!(markdown_path("guide/going-on-call/"), "guide/going-on-call.md");
/// assert_eq!(markdown_path(""), "index.md");
/// ```
pub fn markdown_path(folder: &str) -> String {
    match folder.strip_suffix('/') {
        Some(dir) if !dir.is_empty() => format!("{dir}.md"),
        _ => "index.md".to_string(),
    }
}

/// Every guide page's Markdown, from the cache or exported now. With a sink (and no
/// cache), each file is handed to it at once and kept as `Content::Staged`.
pub fn pages(
    cx: &Ctx,
    cache: &mut RenderCache,
    sink: Option<PageSink>,
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let site = cx.site;
    let urls = Urls::new(site);
    let keys = cache.is_enabled().then(|| cx.keys());
    // A one-off build with the persistent build cache takes unchanged pages' from it.
    let disk = cx.disk.filter(|_| keys.is_none()).map(|d| (d, cx.keys()));
    let shared = &*cache;
    let exported: Vec<(usize, Result<OutputFile, Diagnostic>, bool)> = (0..site.pages.len())
        .into_par_iter()
        .map(|i| {
            let path = markdown_path(&site.pages[i].url);
            if let Some(content) = keys.and_then(|k| shared.exported(site, i, k)) {
                return (i, Ok(OutputFile { path, content }), false);
            }
            let text = match &disk {
                Some((disk, keys)) => disk.exported(site, i, keys, || page_markdown(cx, &urls, i)),
                None => page_markdown(cx, &urls, i),
            };
            let file = match sink {
                Some(write) => stage(write, OutputFile::text(path, text)),
                // serve's store: written here, on this thread, so that every page's
                // Markdown is never in memory at once.
                None => Ok(match shared.stash_bytes(text.as_bytes()) {
                    Some(blob) => OutputFile {
                        path,
                        content: Content::Stored(blob),
                    },
                    None => OutputFile::text(path, text),
                }),
            };
            (i, file, true)
        })
        .collect();
    let mut files = Vec::with_capacity(exported.len());
    let mut diags = Vec::new();
    for (i, file, fresh) in exported {
        match (file, &keys) {
            (Ok(f), Some(k)) if fresh => {
                let content = cache.keep_exported(site, i, k, f.content);
                files.push(OutputFile {
                    path: f.path,
                    content,
                });
            }
            (Ok(f), _) => files.push(f),
            (Err(d), _) => diags.push(d),
        }
    }
    (files, diags)
}

/// The Markdown of every service and team.
pub fn extras(cx: &Ctx) -> Vec<OutputFile> {
    catalog::files(cx, &Urls::new(cx.site))
}

/// `llms.txt` and the files it lists a large guide in, rendered after the pages with
/// print.html (they list every page, and `serve` would otherwise write them again
/// before each reload).
pub fn index_files(cx: &Ctx) -> Vec<OutputFile> {
    index::llms_txt(cx, &Urls::new(cx.site))
}

/// The paths `index_files` writes (known before anything is rendered).
pub fn index_paths(site: &Site) -> Vec<String> {
    let mut paths = vec![PATH.to_string()];
    paths.extend(guide::part_paths(site));
    paths
}

/// The Markdown of guide page `index`: its title, its description as a quote, its
/// text, and for a section's page the pages in it (as its HTML page lists them).
fn page_markdown(cx: &Ctx, urls: &Urls, index: usize) -> String {
    let site = cx.site;
    let page = &site.pages[index];
    let mut md = heading(&page.title, &page.description);
    let body = text::export(
        cx,
        urls,
        &Text {
            body: page.body(),
            source_dir: page.source_dir(),
            shortcodes: true,
        },
    );
    // Leading blank lines only: a first line indented by four spaces is code.
    let body = body.trim_start_matches(['\n', '\r']).trim_end();
    if !body.is_empty() {
        md.push_str(body);
        md.push_str("\n\n");
    }
    if page.kind != PageKind::Page {
        let children = section_list(site, urls, page.section);
        if !children.is_empty() {
            md.push_str("## In this section\n\n");
            md.push_str(&children);
            md.push('\n');
        }
    }
    md.truncate(md.trim_end().len());
    md.push('\n');
    md
}

/// `# Title`, and the description as a quote below it when there is one.
fn heading(title: &str, description: &str) -> String {
    let mut md = format!("# {}\n\n", escape_markdown(&one_line(title)));
    let description = one_line(description);
    if !description.is_empty() {
        md.push_str(&format!("> {}\n\n", paragraph_text(&description)));
    }
    md
}

/// Text escaped to start a paragraph: a leading `- `, `+ ` or `1. ` would start a
/// list instead, so its marker is escaped too.
fn paragraph_text(text: &str) -> String {
    let escaped = escape_markdown(text);
    let digits = escaped.len()
        - escaped
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .len();
    let marker = match escaped.as_bytes().get(digits) {
        Some(b'.' | b')') if digits > 0 => Some(digits),
        Some(b'-' | b'+') if digits == 0 => Some(0),
        _ => None,
    };
    match marker {
        Some(at) => format!("{}\\{}", &escaped[..at], &escaped[at..]),
        None => escaped,
    }
}

/// The pages and subsections of a section as a Markdown list, with descriptions. A
/// folder without `_index.md` has no Markdown; its HTML page is linked instead.
fn section_list(site: &Site, urls: &Urls, section: usize) -> String {
    let mut md = String::new();
    for child in &site.sections[section].children {
        let (title, url, description) = match *child {
            Child::Page(p) => {
                let page = &site.pages[p];
                (&page.title, urls.markdown(&page.url), &page.description)
            }
            Child::Section(s) => {
                let sec = &site.sections[s];
                match sec.index {
                    Some(i) => (
                        &sec.title,
                        urls.markdown(&sec.url),
                        &site.pages[i].description,
                    ),
                    None => (&sec.title, urls.file(&sec.url), &String::new()),
                }
            }
        };
        md.push_str(&list_item(title, &url, description));
    }
    md
}

/// `- [title](url): description`, the line llms.txt lists things with.
fn list_item(title: &str, url: &str, description: &str) -> String {
    let description = one_line(description);
    let mut line = format!("- [{}]({url})", escape_markdown(&one_line(title)));
    if !description.is_empty() {
        line.push_str(": ");
        line.push_str(&escape_markdown(&description));
    }
    line.push('\n');
    line
}

/// Text on one line, its whitespace collapsed.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
