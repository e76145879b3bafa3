//! The incremental-render cache that `serve` keeps between rebuilds, so that an edit to
//! one page re-renders that page's Markdown and only the HTML files whose inputs
//! changed. A plain build uses a disabled cache and renders everything.
//!
//! Correctness rests on the keys naming *every* input of what they cache:
//!
//! - Markdown of a page (per mode) is reused when the page's text, index and URL are
//!   the same and the "link world" is the same: the organization name, every page's
//!   source path, URL and kind (links resolve against them), the asset paths with
//!   their files' length and modification time (an image's width and height are
//!   read from its file), and the caller's `catalog_stamp` (links to and shortcodes
//!   of the catalog).
//! - A page's HTML is reused when its Markdown render is the very same one, and the
//!   site-wide inputs of `page_html` are unchanged: the config, the theme, the
//!   page's last-updated date, review state and languages, the sidebar's catalog entries, the section tree with every page's title,
//!   description and URL (sidebar, breadcrumbs, previous/next, section lists), and
//!   the page's own backlinks and reading position.
//!
//! - A page's Markdown for `llms` (its `.md` file) is reused when its text, index and
//!   URL, the link world and everything a page's HTML depends on site-wide are the
//!   same (a section's `.md` lists its pages with their titles and descriptions).
//!
//! `tests/it/serve.rs` checks after sequences of edits that the output equals a fresh
//! full build byte for byte; add any new input of `page_html` to `page_key`.

use super::cache_keys::{SiteKeys, hash_of, link_world};
use super::{Mode, SharedRendered};
use crate::markdown::Rendered;
use crate::output::store::{Blob, Store};
use crate::output::{Content, OutputFile};
use crate::site::Site;
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Cached renders of a site, reused by the next render of the same site.
#[derive(Default)]
pub struct RenderCache {
    enabled: bool,
    /// Changes whenever the catalog may have changed (set by the caller, which can see
    /// the catalog's files).
    pub catalog_stamp: u64,
    /// By page source: the page-mode and the print-mode render.
    markdown: FxHashMap<String, [Option<MdEntry>; 2]>,
    /// The link world of the site being rendered (set by `begin`).
    world: u64,
    /// The link world of the last prune: entries can only go stale when it changes.
    pruned_world: Option<u64>,
    /// Each file as `Content::Shared`, or as `Content::Stored` in `store`.
    html: FxHashMap<String, (u64, Content)>,
    print: FxHashMap<String, (u64, Content)>,
    /// By page source: the page's exported Markdown (`render::llms`).
    exported: FxHashMap<String, Exported>,
    next_id: AtomicU64,
    /// Where `serve` keeps rendered files on disk instead of in memory (`None`: in
    /// memory).
    pub store: Option<Arc<Store>>,
    /// Where pages go as soon as each is rendered, the wanted ones first (`serve`'s
    /// first build; `render::early`).
    pub early: Option<Arc<dyn super::EarlyFiles>>,
    /// What the last render did.
    pub stats: RenderStats,
}

/// Counts of the work the last render did (shown by `serve`, checked by tests).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct RenderStats {
    pub markdown_rendered: usize,
    pub markdown_reused: usize,
    pub pages_rendered: usize,
    pub pages_reused: usize,
}

struct MdEntry {
    raw: Arc<str>,
    body_start: usize,
    index: usize,
    url: String,
    world: u64,
    id: u64,
    rendered: SharedRendered,
    /// With a store, a print-mode render's HTML is kept there (and `rendered` is
    /// empty): only the print files whose pages changed read it again.
    file: Option<Blob>,
}

/// A page's exported Markdown and what it was exported from.
struct Exported {
    raw: Arc<str>,
    key: u64,
    content: Content,
}

impl RenderCache {
    /// An empty cache that remembers renders.
    pub fn new() -> Self {
        RenderCache {
            enabled: true,
            next_id: AtomicU64::new(1),
            ..Default::default()
        }
    }

    pub fn is_enabled(&self) -> bool {
        self.enabled
    }

    /// Starts a render of `site`.
    pub(super) fn begin(&mut self, site: &Site) {
        if self.enabled {
            self.world = link_world(site, self.catalog_stamp);
        }
    }

    /// The cached Markdown of page `index` in `mode`, with its id, if nothing it was
    /// rendered from changed; call `begin` first.
    pub(super) fn markdown(
        &self,
        site: &Site,
        index: usize,
        mode: Mode,
    ) -> Option<(u64, SharedRendered)> {
        if !self.enabled {
            return None;
        }
        let page = &site.pages[index];
        self.markdown
            .get(page.source.as_str())
            .and_then(|slots| slots[slot(mode)].as_ref())
            .filter(|e| {
                e.world == self.world
                    && e.index == index
                    && e.body_start == page.body_start
                    && e.url == page.url
                    && (Arc::ptr_eq(&e.raw, &page.raw) || e.raw == page.raw)
            })
            .map(|e| (e.id, e.rendered.clone()))
    }

    /// Page `index`'s print-mode render as print files take it: `md` (from
    /// `markdown`), or its HTML read back from the store.
    pub(super) fn print_render(
        &self,
        site: &Site,
        index: usize,
        md: &SharedRendered,
    ) -> SharedRendered {
        let stored = self.markdown.get(site.pages[index].source.as_str());
        let file = stored.and_then(|slots| slots[slot(Mode::Print)].as_ref()?.file.as_ref());
        let html = file.and_then(|blob| String::from_utf8(blob.read().ok()?).ok());
        match html {
            Some(html) => Arc::new(Rendered {
                html,
                ..Rendered::default()
            }),
            None => md.clone(),
        }
    }

    /// A new id for a fresh render (0 when the cache is disabled).
    pub(super) fn next_id(&self) -> u64 {
        if self.enabled {
            self.next_id.fetch_add(1, Ordering::Relaxed)
        } else {
            0
        }
    }

    /// Files page `index`'s print version, rendered with its page, as its print-mode
    /// Markdown; returns it as print.html takes it.
    pub(super) fn keep_print(&mut self, site: &Site, index: usize, html: String) -> SharedRendered {
        let rendered = Arc::new(Rendered {
            html,
            ..Rendered::default()
        });
        if self.enabled {
            let id = self.next_id();
            self.store_markdown(site, index, Mode::Print, id, rendered.clone(), None);
        }
        rendered
    }

    /// Files page `index`'s print version, rendered with its page and put into the
    /// store by `stash_bytes`; print files read it back from there (`print_render`),
    /// so the version returned is empty.
    pub(super) fn keep_stored_print(
        &mut self,
        site: &Site,
        index: usize,
        file: Blob,
    ) -> SharedRendered {
        let empty = Arc::new(Rendered::default());
        let id = self.next_id();
        self.store_markdown(site, index, Mode::Print, id, empty.clone(), Some(file));
        empty
    }

    /// Files a fresh render of page `index`'s Markdown under `id`.
    /// `html_file`: where `stash_html` put the render's HTML.
    pub(super) fn keep_markdown(
        &mut self,
        site: &Site,
        index: usize,
        mode: Mode,
        id: u64,
        rendered: SharedRendered,
        html_file: Option<Blob>,
    ) {
        if self.enabled {
            self.stats.markdown_rendered += 1;
            self.store_markdown(site, index, mode, id, rendered, html_file);
        }
    }

    /// With a store, moves `md`'s HTML into it and returns where it is (a large
    /// site's Markdown HTML would otherwise stay in memory for every page).
    pub(super) fn stash_html(&self, md: &mut Rendered) -> Option<Blob> {
        let blob = self.stash_bytes(md.html.as_bytes())?;
        md.html = String::new();
        Some(blob)
    }

    /// `bytes` put into the store, when the cache is enabled and has one.
    pub(super) fn stash_bytes(&self, bytes: &[u8]) -> Option<Blob> {
        let store = self.store.as_ref().filter(|_| self.enabled)?;
        store.put(bytes).ok()
    }

    /// `md` (page `index`'s cached page-mode render) with its HTML read back from
    /// the store when `stash_html` put it there.
    pub(super) fn page_render<'a>(
        &self,
        site: &Site,
        index: usize,
        md: &'a Rendered,
    ) -> std::borrow::Cow<'a, Rendered> {
        let stored = self.markdown.get(site.pages[index].source.as_str());
        let file = stored.and_then(|slots| slots[slot(Mode::Page)].as_ref()?.file.as_ref());
        let html = match file {
            Some(blob) if md.html.is_empty() => blob.read().ok(),
            _ => None,
        };
        match html.and_then(|bytes| String::from_utf8(bytes).ok()) {
            Some(html) => std::borrow::Cow::Owned(Rendered { html, ..md.clone() }),
            None => std::borrow::Cow::Borrowed(md),
        }
    }

    fn store_markdown(
        &mut self,
        site: &Site,
        index: usize,
        mode: Mode,
        id: u64,
        rendered: SharedRendered,
        html_file: Option<Blob>,
    ) {
        let page = &site.pages[index];
        let on_disk = match mode {
            Mode::Print if self.store.is_some() && html_file.is_none() => {
                self.keep_bytes(rendered.html.as_bytes().into())
            }
            _ => Content::Staged,
        };
        let (rendered, file) = match on_disk {
            Content::Stored(file) => (Arc::new(Rendered::default()), Some(file)),
            _ => (rendered, html_file),
        };
        let entry = MdEntry {
            raw: page.raw.clone(),
            body_start: page.body_start,
            index,
            url: page.url.clone(),
            world: self.world,
            id,
            rendered,
            file,
        };
        self.markdown.entry(page.source.clone()).or_default()[slot(mode)] = Some(entry);
    }

    /// The cached HTML of `path` if it was rendered from the same `key`.
    pub(super) fn html(&self, path: &str, key: u64) -> Option<Content> {
        self.html
            .get(path)
            .filter(|(k, _)| *k == key)
            .map(|(_, c)| c.clone())
    }

    /// `bytes` as the cache keeps them: in the store when there is one (in memory
    /// if it cannot be written), else shared.
    pub(super) fn keep_bytes(&self, bytes: Arc<[u8]>) -> Content {
        match self.store.as_ref().filter(|_| self.enabled) {
            Some(store) => match store.put(&bytes) {
                Ok(blob) => Content::Stored(blob),
                Err(_) => Content::Shared(bytes),
            },
            None => Content::Shared(bytes),
        }
    }

    /// Moves a freshly rendered file into the cache (when it is enabled) and returns
    /// it sharing the cached bytes.
    pub(super) fn share(&mut self, file: OutputFile, key: u64) -> OutputFile {
        if !self.enabled {
            return file;
        }
        let OutputFile { path, content } = file;
        let bytes: Arc<[u8]> = match content {
            Content::Bytes(b) => b.into(),
            Content::Shared(b) => b,
            // Put into the store while the page was rendered.
            Content::Stored(blob) => {
                let content = Content::Stored(blob);
                self.store_html(path.clone(), key, content.clone());
                return OutputFile { path, content };
            }
            Content::Copy(src) => return OutputFile::copy(path, src),
            Content::Parts(parts) => parts.concat().into(),
            // Already on disk: nothing to keep (a streamed build has no enabled cache).
            Content::Staged => {
                return OutputFile {
                    path,
                    content: Content::Staged,
                };
            }
        };
        let content = self.keep_bytes(bytes);
        self.store_html(path.clone(), key, content.clone());
        OutputFile { path, content }
    }

    pub(super) fn store_html(&mut self, path: String, key: u64, content: Content) {
        if self.enabled {
            self.html.insert(path, (key, content));
        }
    }

    /// The cached Markdown export of page `index`, if nothing it was made from
    /// changed; call `begin` first.
    pub(super) fn exported(&self, site: &Site, index: usize, keys: &SiteKeys) -> Option<Content> {
        let page = &site.pages[index];
        let key = self.export_key(site, index, keys);
        self.exported
            .get(page.source.as_str())
            .filter(|e| e.key == key && (Arc::ptr_eq(&e.raw, &page.raw) || e.raw == page.raw))
            .map(|e| e.content.clone())
    }

    /// Files a fresh Markdown export of page `index`; returns it as kept.
    pub(super) fn keep_exported(
        &mut self,
        site: &Site,
        index: usize,
        keys: &SiteKeys,
        content: Content,
    ) -> Content {
        let content = match content {
            // Put into the store while the page was exported.
            Content::Stored(blob) => Content::Stored(blob),
            other => {
                let bytes: Arc<[u8]> = other.into_bytes().unwrap_or_default().into();
                if !self.enabled {
                    return Content::Shared(bytes);
                }
                self.keep_bytes(bytes)
            }
        };
        let page = &site.pages[index];
        let entry = Exported {
            raw: page.raw.clone(),
            key: self.export_key(site, index, keys),
            content: content.clone(),
        };
        self.exported.insert(page.source.clone(), entry);
        content
    }

    fn export_key(&self, site: &Site, index: usize, keys: &SiteKeys) -> u64 {
        let page = &site.pages[index];
        hash_of((self.world, keys.site(), index, page.body_start, &page.url))
    }

    pub(super) fn print(&self, path: &str, key: u64) -> Option<Content> {
        self.print
            .get(path)
            .filter(|(k, _)| *k == key)
            .map(|(_, c)| c.clone())
    }

    /// Files a print file; returns it as kept.
    pub(super) fn store_print(&mut self, path: String, key: u64, bytes: Arc<[u8]>) -> Content {
        let content = self.keep_bytes(bytes);
        if self.enabled {
            self.print.insert(path, (key, content.clone()));
        }
        content
    }

    /// Forgets print files the site no longer has (a section was removed).
    pub(super) fn keep_only_print<'a>(&mut self, paths: impl Iterator<Item = &'a str>) {
        let keep: FxHashSet<&str> = paths.collect();
        self.print.retain(|path, _| keep.contains(path.as_str()));
    }

    /// Forgets entries of pages that no longer exist; called after each render with
    /// the output paths of the pages. Pages come and go only when the link world
    /// changes, so otherwise there is nothing to do.
    pub(super) fn prune(&mut self, site: &Site, page_files: impl Iterator<Item = String>) {
        let world = self.world;
        if !self.enabled || self.pruned_world == Some(world) {
            return;
        }
        self.pruned_world = Some(world);
        let sources: FxHashSet<&str> = site.pages.iter().map(|p| p.source.as_str()).collect();
        self.markdown
            .retain(|source, _| sources.contains(source.as_str()));
        self.exported
            .retain(|source, _| sources.contains(source.as_str()));
        let outputs: FxHashSet<String> = page_files.collect();
        self.html.retain(|path, _| outputs.contains(path));
    }
}

fn slot(mode: Mode) -> usize {
    match mode {
        Mode::Page => 0,
        Mode::Print => 1,
    }
}
