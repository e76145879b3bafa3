//! Guide pages through the persistent build cache (`crate::build_cache`): a page whose
//! inputs are unchanged since the last build takes its Markdown render (with the print
//! version, the headings and the text search reads) and its HTML file from the cache
//! instead of rendering them again.
//!
//! Keys, on top of the cache's own stamp of ownbook's version and executable:
//!
//! - A page's Markdown: the site's key (the config as `cache_keys::config_key` spells it,
//!   every page's source, URL and kind, the catalog's files and the assets' contents;
//!   not the date, which no Markdown shows) and the page's own text, index, URL and whether it goes
//!   into print.html. Markdown reads nothing else: links resolve against the link
//!   world, shortcodes against the catalog and settings, code is coloured by the
//!   syntaxes built into ownbook.
//! - A page's HTML: its Markdown key and what `SiteKeys::page` names (the theme, the
//!   config, the sidebar and section tree, the page's backlinks, position, review
//!   state and last-updated date).
//! - A page's exported Markdown (`render::llms`): its Markdown key and the site-wide
//!   inputs of pages.
//!
//! Renders with a diagnostic are never filed, so every warning comes back each build.

use super::cache_keys::{SiteKeys, config_key, pages_world};
use super::{Ctx, PageRender, PageSink, PrintVersion, page, stage};
use crate::build_cache::{Key, Store};
use crate::markdown::{Heading, Rendered, TextSection};
use crate::output::OutputFile;
use crate::site::Site;
use serde::{Deserialize, Serialize};
use std::sync::{Arc, OnceLock};

/// The build cache as guide pages use it.
pub struct PageCache {
    pub store: Store,
    site: Key,
    /// By page: the key of its Markdown render, once the page has been rendered
    /// (print files are keyed by their pages' renders).
    rendered: Vec<OnceLock<Key>>,
}

impl PageCache {
    /// `catalog_stamp` is the hash of the catalog's files (see `compile`).
    pub fn new(store: Store, site: &Site, catalog_stamp: u64) -> PageCache {
        let config = config_key(&site.config);
        let world = pages_world(site, catalog_stamp);
        let assets = assets_key(site);
        let rendered = site.pages.iter().map(|_| OnceLock::new()).collect();
        let site = Key::of(&[&config, &world.to_le_bytes(), &assets.0]);
        PageCache {
            store,
            site,
            rendered,
        }
    }

    /// The key of page `i`'s Markdown render (with or without its print version).
    fn markdown_key(&self, site: &Site, i: usize, with_print: bool) -> Key {
        let page = &site.pages[i];
        Key::of(&[
            &self.site.0,
            &(i as u64).to_le_bytes(),
            page.raw.as_bytes(),
            &(page.body_start as u64).to_le_bytes(),
            page.url.as_bytes(),
            &[u8::from(with_print)],
        ])
    }

    /// Page `i`'s exported Markdown (`render::llms`) from the cache, or made by
    /// `export` and filed. Keyed like its Markdown render and by the site-wide inputs
    /// of pages (a section's export lists its pages with their titles).
    pub(super) fn exported(
        &self,
        site: &Site,
        i: usize,
        keys: &SiteKeys,
        export: impl FnOnce() -> String,
    ) -> String {
        let key = Key::of(&[
            b"llms",
            &self.markdown_key(site, i, false).0,
            &keys.site().to_le_bytes(),
        ]);
        if let Some(bytes) = self.store.get_uncounted(&key) {
            match String::from_utf8(bytes) {
                Ok(text) => return text,
                Err(_) => self.store.damaged_key(&key, false),
            }
        }
        let text = export();
        self.store.put(&key, text.as_bytes());
        text
    }

    /// The key of a print file showing `pages` (their print versions as rendered
    /// with them), where `world` names everything else it shows (see
    /// `print::render_cached`); `None` when a page was not rendered through the cache.
    pub(super) fn print_key(&self, path: &str, pages: &[usize], world: u64) -> Option<Key> {
        let mut renders = Vec::with_capacity(pages.len() * 32);
        for &p in pages {
            renders.extend_from_slice(&self.rendered.get(p)?.get()?.0);
        }
        Some(Key::of(&[
            b"print",
            &self.site.0,
            &world.to_le_bytes(),
            path.as_bytes(),
            &renders,
        ]))
    }

    /// The print file filed under `key`, if there is an intact one.
    pub(super) fn print_file(&self, key: &Key) -> Option<Vec<u8>> {
        self.store.get_uncounted(key)
    }

    /// Files a print file (its bytes as the concatenation of `parts`) under `key`.
    pub(super) fn keep_print_file(&self, key: &Key, parts: &[&[u8]]) {
        self.store.put_parts(key, parts);
    }
}

/// The contents of the site's assets (links point at them; an image's size is read
/// from its file). The in-memory cache names them by modification time, which a fresh
/// clone changes; by their bytes, a CI run that restores the cache into a new
/// checkout still reuses pages.
fn assets_key(site: &Site) -> Key {
    let mut assets: Vec<_> = site.assets.iter().collect();
    assets.sort_unstable_by_key(|(path, _)| *path);
    let hashes: Vec<Vec<u8>> = assets
        .iter()
        .map(|(path, asset)| {
            let bytes = std::fs::read(&asset.source).ok();
            let content = bytes.map(|b| Key::of(&[&b]).0.to_vec()).unwrap_or_default();
            Key::of(&[path.as_bytes(), &content]).0.to_vec()
        })
        .collect();
    let parts: Vec<&[u8]> = hashes.iter().map(Vec::as_slice).collect();
    Key::of(&parts)
}

/// One cached page, as written.
#[derive(Serialize)]
struct EntryRef<'a> {
    html: &'a str,
    headings: &'a [Heading],
    sections: &'a [TextSection],
    flags: [bool; 3],
    print_html: Option<&'a str>,
    page_key: [u8; 32],
    page_html: &'a str,
}

/// One cached page, as read back.
#[derive(Deserialize)]
struct Entry {
    html: String,
    headings: Vec<Heading>,
    sections: Vec<TextSection>,
    flags: [bool; 3],
    print_html: Option<String>,
    page_key: [u8; 32],
    page_html: String,
}

fn file(disk: &PageCache, key: &Key, md: &Rendered, page_key: &Key, page_html: &str) {
    let entry = EntryRef {
        html: &md.html,
        headings: &md.headings,
        sections: &md.sections,
        flags: [md.has_code, md.has_diagram, md.has_tabs],
        print_html: md.print_html.as_deref(),
        page_key: page_key.0,
        page_html,
    };
    if let Ok(bytes) = postcard::to_stdvec(&entry) {
        disk.store.put(key, &bytes);
    }
}

fn read(disk: &PageCache, key: &Key) -> Option<Entry> {
    let bytes = disk.store.get(key)?;
    let entry = postcard::from_bytes(&bytes).ok();
    if entry.is_none() {
        disk.store.damaged_key(key, true);
    }
    entry
}

/// Page `i` from the cache where its keys match, rendered (and filed) where not; in
/// the shape `render_pages` takes from a build without the in-memory cache.
pub(super) fn render_page(
    cx: &Ctx,
    disk: &PageCache,
    keys: &SiteKeys,
    i: usize,
    position: Option<usize>,
    sink: Option<PageSink>,
) -> PageRender {
    let page = &cx.site.pages[i];
    let with_print = cx.site.config.print && super::links::includes(page);
    let md_key = disk.markdown_key(cx.site, i, with_print);
    if let Some(slot) = disk.rendered.get(i) {
        let _ = slot.set(md_key);
    }
    let backlinks = &cx.analysis.links.backlinks.pages[i];
    let page_key = Key::of(&[
        &md_key.0,
        &keys.page(i, 0, backlinks, position).to_le_bytes(),
    ]);
    let (mut md, cached_html) = match read(disk, &md_key) {
        Some(entry) => {
            let md = Rendered {
                html: entry.html,
                headings: entry.headings,
                sections: entry.sections,
                diags: Vec::new(),
                has_code: entry.flags[0],
                has_diagram: entry.flags[1],
                has_tabs: entry.flags[2],
                print_html: entry.print_html,
            };
            let html = (entry.page_key == page_key.0).then_some(entry.page_html);
            (md, html)
        }
        None => (page::markdown(cx, i, super::Mode::Page, with_print), None),
    };
    let html = match cached_html {
        Some(html) => Ok(html),
        None => page::page_html(cx, i, &md, position).inspect(|html| {
            if md.diags.is_empty() {
                file(disk, &md_key, &md, &page_key, html);
            }
        }),
    };
    let file = html.and_then(|html| {
        let file = OutputFile::text(page.output_path(), html);
        match sink {
            Some(write) => stage(write, file),
            None => Ok(file),
        }
    });
    let print = md.print_html.take().map(PrintVersion::Html);
    // Written: search reads only the plain text of the sections.
    md.html = String::new();
    md.headings = Vec::new();
    super::keep_for_search(&mut md);
    PageRender {
        markdown: Arc::new(md),
        fresh_markdown: None,
        print,
        html_file: None,
        file: file.map(|f| (f, None)),
    }
}
