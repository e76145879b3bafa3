//! Render: every output file of an analysed site, through the theme. Guide pages
//! (Markdown and template in one go per page, in parallel), the pages of folders
//! without `_index.md`, the catalog's pages (`catalog/`), 404, redirects, the sitemap,
//! `llms.txt` and the pages' Markdown (`llms`), and the site's copied files. print.html (`print`) is rendered by the caller, beside
//! the search index, except in a streamed build, which writes each print file as soon
//! as its pages are rendered. Nothing here decides whether a link is broken: `check` did.
//!
//! A new catalog page goes in `catalog/` (its template in the theme's `templates/`).

pub mod cache;
mod cache_keys;
pub mod catalog;
mod collisions;
mod context;
mod disk;
pub mod early;
mod extras;
pub mod i18n;
mod languages;
mod links;
pub mod llms;
pub mod nav;
mod page;
pub mod print;
pub mod sitemap;
pub mod theme;

use crate::analyze::Analysis;
use crate::config::settings::Settings;
use crate::diag::{Diagnostic, Fatal};
use crate::markdown::{Highlighter, Rendered};
use crate::output::store::Blob;
use crate::output::{Content, OutputFile};
use crate::site::Site;
use crate::timings::Timings;
pub use cache::{RenderCache, RenderStats};
use cache_keys::SiteKeys;
pub use context::base_context;
pub use disk::PageCache;
pub use early::EarlyFiles;
pub use extras::page_urls;
pub use links::Mode;
use nav::ExtraNav;
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;
use theme::Theme;

/// Markdown rendered once, shared by the render output, the cache and search.
pub type SharedRendered = Arc<Rendered>;

/// What every page is rendered from: the model, what analysis found about it, the
/// theme, and the highlighter code goes through.
pub struct Ctx<'a> {
    pub site: &'a Site,
    pub analysis: &'a Analysis,
    pub theme: &'a Theme,
    pub highlighter: &'a Highlighter,
    /// The catalog's entries of the sidebar.
    pub nav: Vec<ExtraNav>,
    /// The persistent build cache, for a build that uses one.
    pub disk: Option<&'a PageCache>,
    /// The site-wide and per-page keys of the render caches, made once: they hash
    /// every page's title and description, and pages, their Markdown and print
    /// files all need them.
    keys: std::sync::OnceLock<SiteKeys>,
}

impl<'a> Ctx<'a> {
    pub fn new(
        site: &'a Site,
        analysis: &'a Analysis,
        theme: &'a Theme,
        highlighter: &'a Highlighter,
    ) -> Self {
        Ctx {
            site,
            analysis,
            theme,
            highlighter,
            nav: catalog::nav_entries(&site.catalog, &site.config),
            disk: None,
            keys: std::sync::OnceLock::new(),
        }
    }

    /// The render caches' keys of this site and theme.
    fn keys(&self) -> &SiteKeys {
        self.keys.get_or_init(|| SiteKeys::new(self))
    }

    /// The catalog's settings from ownbook.toml.
    pub fn settings(&self) -> &'a Settings {
        &self.site.config.settings
    }
}

/// Everything a render produced.
pub struct Output {
    pub files: Vec<OutputFile>,
    pub diags: Vec<Diagnostic>,
    /// The rendered Markdown of each page (same order as `site.pages`); once a page is
    /// written, only what search needs of it is kept.
    pub pages: Vec<SharedRendered>,
    /// Each page's print version rendered with it (`None`: not rendered this time,
    /// not in print.html, or already written: a streamed build writes the print
    /// files while it renders the pages); print.html is put together from these.
    pub print: Vec<Option<SharedRendered>>,
    /// Paths of files taken but left to the caller: the print files and `llms.txt`
    /// (with its parts), which `serve` renders after the reload and `build` beside the
    /// search index.
    pub deferred: Vec<String>,
    /// Wall time of each rendering phase.
    pub timings: Timings,
}

/// Receives each page's HTML as soon as it is rendered (`build` writes it into the
/// staging folder), so a large site never holds every page in memory at once.
pub type PageSink<'a> = &'a (dyn Fn(&OutputFile) -> Result<(), Fatal> + Sync);

/// Renders the whole site. With a sink (and a disabled cache: a cache needs the
/// pages' bytes), each guide page is handed to the sink as soon as it is rendered and
/// appears in `Output::files` as `Content::Staged`.
pub fn render_site(cx: &Ctx, cache: &mut RenderCache, sink: Option<PageSink>) -> Output {
    let mut timings = Timings::default();
    let lap = std::time::Instant::now();
    cache.stats = RenderStats::default();
    cache.begin(cx.site);
    let sink = sink.filter(|_| !cache.is_enabled());
    let (pages, mut files, mut diags, print) = render_pages(cx, cache, sink);
    let mut lap = timings.lap("markdown + templates + page writes", lap);
    let site = cx.site;
    if site.config.llms {
        let (md_files, md_diags) = llms::pages(cx, cache, sink);
        files.extend(md_files);
        diags.extend(md_diags);
        lap = timings.lap("pages' Markdown (llms)", lap);
    }
    for section in (0..site.sections.len()).filter(|&s| site.sections[s].index.is_none()) {
        match page::generated_section(cx, section) {
            Ok(f) => files.push(f),
            Err(d) => diags.push(d),
        }
    }
    let (catalog_files, catalog_diags) = catalog::render(cx);
    files.extend(catalog_files);
    diags.extend(catalog_diags);
    let lap = timings.lap("catalog pages", lap);
    // A streamed build wrote its print files with the pages.
    let mut deferred: Vec<String> = if site.config.print && sink.is_none() {
        print::documents(site)
            .all()
            .map(|d| d.path.clone())
            .collect()
    } else {
        Vec::new()
    };
    if site.config.llms {
        deferred.extend(llms::index_paths(site));
    }
    extras::add(cx, &mut files, &mut diags);
    if site.config.llms {
        files.extend(llms::extras(cx));
    }
    files.extend(asset_files(site));
    // The diagram library is large: a site without diagrams does not carry it.
    let diagrams = pages.iter().any(|p| p.has_diagram);
    files.extend(
        cx.theme
            .files
            .iter()
            .filter(|f| diagrams || !f.path.starts_with(theme::DIAGRAM_ASSETS))
            .cloned(),
    );
    diags.extend(collisions::check(cx, &files, &deferred));
    cache.prune(site, site.pages.iter().map(|p| p.output_path()));
    timings.lap("extras + collisions", lap);
    Output {
        files,
        diags,
        pages,
        print,
        deferred,
        timings,
    }
}

/// A page's render: its Markdown (fresh, with the id the cache files it under) and
/// its file, with the key its HTML was rendered under when it is new to the cache.
struct PageRender {
    markdown: SharedRendered,
    fresh_markdown: Option<u64>,
    /// The page's print version, when it was rendered now.
    print: Option<PrintVersion>,
    /// Where serve's store keeps the fresh Markdown's HTML (taken out of `markdown`).
    html_file: Option<Blob>,
    file: Result<(OutputFile, Option<u64>), Diagnostic>,
}

/// A page's print version rendered with the page: its HTML, or where serve's store
/// put it (on the rendering thread, so that every page's print version is never in
/// memory at once).
enum PrintVersion {
    Html(String),
    Stored(Blob),
}

/// Every guide page: Markdown (or the cache's), template (or the cache's), and the
/// file handed to `sink` at once when there is one, so that a page's HTML is let go
/// as soon as it is written.
fn render_pages(
    cx: &Ctx,
    cache: &mut RenderCache,
    sink: Option<PageSink>,
) -> (
    Vec<SharedRendered>,
    Vec<OutputFile>,
    Vec<Diagnostic>,
    Vec<Option<SharedRendered>>,
) {
    let site = cx.site;
    let positions: HashMap<usize, usize> = site
        .reading_order
        .iter()
        .enumerate()
        .map(|(pos, &p)| (p, pos))
        .collect();
    let keys = (cache.is_enabled() || cx.disk.is_some()).then(|| cx.keys());
    let shared = &*cache;
    let print_stream = sink
        .filter(|_| site.config.print)
        .map(|write| print::PrintStream::new(cx, write));
    crate::timings::pages_started(site.pages.len());
    let render_one = |i: usize| {
        let position = positions.get(&i).copied();
        let mut render = match (cx.disk, &keys, shared.is_enabled()) {
            (Some(disk), Some(keys), false) => disk::render_page(cx, disk, keys, i, position, sink),
            _ => render_page(cx, shared, keys, i, position, sink),
        };
        if let Some(stream) = &print_stream
            && let Some(PrintVersion::Html(html)) = render.print.take()
        {
            stream.add(i, html);
        }
        crate::timings::page_done();
        render
    };
    let renders: Vec<PageRender> = match shared.early.as_deref() {
        None => (0..site.pages.len())
            .into_par_iter()
            .map(render_one)
            .collect(),
        Some(early) => in_early_order(early, site, render_one),
    };
    let mut pages = Vec::with_capacity(renders.len());
    let mut files = Vec::with_capacity(renders.len() + site.assets.len() + 16);
    let mut diags = Vec::new();
    match print_stream.map(print::PrintStream::finish) {
        Some(Ok(print_files)) => files.extend(print_files),
        Some(Err(d)) => diags.push(d),
        None => {}
    }
    let mut print = Vec::with_capacity(renders.len());
    for (i, r) in renders.into_iter().enumerate() {
        diags.extend(r.markdown.diags.iter().cloned());
        match r.fresh_markdown {
            Some(id) => {
                let md = r.markdown.clone();
                cache.keep_markdown(site, i, Mode::Page, id, md, r.html_file);
            }
            None if cache.is_enabled() => cache.stats.markdown_reused += 1,
            None => {}
        }
        print.push(r.print.map(|version| match version {
            PrintVersion::Html(html) => cache.keep_print(site, i, html),
            PrintVersion::Stored(blob) => cache.keep_stored_print(site, i, blob),
        }));
        match r.file {
            Ok((f, None)) => {
                if cache.is_enabled() {
                    cache.stats.pages_reused += 1;
                }
                files.push(f);
            }
            Ok((f, Some(key))) => {
                cache.stats.pages_rendered += 1;
                files.push(cache.share(f, key));
            }
            Err(d) => diags.push(d),
        }
        pages.push(r.markdown);
    }
    (pages, files, diags, print)
}

/// A page's Markdown: the cache's, or rendered now (with the id the cache will know
/// it by).
enum Markdown {
    Cached(u64, SharedRendered),
    Fresh(u64, Rendered),
}

impl Markdown {
    fn id(&self) -> u64 {
        match self {
            Markdown::Cached(id, _) | Markdown::Fresh(id, _) => *id,
        }
    }

    fn rendered(&self) -> &Rendered {
        match self {
            Markdown::Cached(_, md) => md,
            Markdown::Fresh(_, md) => md,
        }
    }
}

fn render_page(
    cx: &Ctx,
    cache: &RenderCache,
    keys: Option<&SiteKeys>,
    i: usize,
    position: Option<usize>,
    sink: Option<PageSink>,
) -> PageRender {
    let page = &cx.site.pages[i];
    let path = page.output_path();
    // print.html shows the page too: its version comes from the same pass.
    let with_print = cx.site.config.print && links::includes(page);
    let markdown = match cache.markdown(cx.site, i, Mode::Page) {
        Some((id, md)) => Markdown::Cached(id, md),
        None => Markdown::Fresh(
            cache.next_id(),
            page::markdown(cx, i, Mode::Page, with_print),
        ),
    };
    let backlinks = &cx.analysis.links.backlinks.pages[i];
    let key = keys.map(|k| k.page(i, markdown.id(), backlinks, position));
    let file = match key.and_then(|k| cache.html(&path, k)) {
        Some(content) => Ok((OutputFile { path, content }, None)),
        None => page::page_html(
            cx,
            i,
            &cache.page_render(cx.site, i, markdown.rendered()),
            position,
        )
        .and_then(|html| match sink {
            Some(write) => stage(write, OutputFile::text(path, html)),
            // serve's store: written here, on this thread, so that every page's
            // HTML is never in memory at once.
            None if cache.store.is_some() => {
                let content = cache.keep_bytes(html.into_bytes().into());
                Ok(OutputFile { path, content })
            }
            None => Ok(OutputFile::text(path, html)),
        })
        .map(|f| (f, key)),
    };
    let mut print = None;
    let mut html_file = None;
    let (markdown, fresh_markdown) = match markdown {
        Markdown::Cached(_, md) => (md, None),
        Markdown::Fresh(id, mut md) => {
            print = md
                .print_html
                .take()
                .map(|html| match cache.stash_bytes(html.as_bytes()) {
                    Some(blob) => PrintVersion::Stored(blob),
                    None => PrintVersion::Html(html),
                });
            if !cache.is_enabled() {
                // Written: nothing later needs the page's HTML or headings (search
                // reads the plain text of its sections).
                md.html = String::new();
                md.headings = Vec::new();
            }
            // Kept until the search index is made (by serve, until the page changes).
            keep_for_search(&mut md);
            // serve keeps it in its store: only a change to the page's template
            // inputs reads it again.
            html_file = cache.stash_html(&mut md);
            (Arc::new(md), cache.is_enabled().then_some(id))
        }
    };
    PageRender {
        markdown,
        fresh_markdown,
        print,
        html_file,
        file,
    }
}

/// Copies what search reads of a written page (its sections' text) into buffers of
/// its size: the renderer grows them as it goes, and a 50,000-page build holds
/// every page's text until the index is built.
fn keep_for_search(md: &mut Rendered) {
    md.sections.shrink_to_fit();
    for section in &mut md.sections {
        section.text = section.text.as_str().to_owned();
        section.heading = section.heading.as_str().to_owned();
    }
}

/// Every page rendered, the ones requests wait for first, each handed to `early` as
/// soon as it is rendered (after the site's static files, which are final already).
fn in_early_order(
    early: &dyn EarlyFiles,
    site: &Site,
    render: impl Fn(usize) -> PageRender + Sync,
) -> Vec<PageRender> {
    early.ready(&asset_files(site));
    let paths = site.pages.iter().map(|p| p.output_path()).collect();
    let order = early::PageOrder::new(early, paths);
    let mut done: Vec<(usize, PageRender)> = (0..order.len())
        .into_par_iter()
        .filter_map(|_| {
            let i = order.next()?;
            let render = render(i);
            if let Ok((file, _)) = &render.file {
                order.ready(file);
            }
            Some((i, render))
        })
        .collect();
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, render)| render).collect()
}

/// The site's static files (copied as they are).
fn asset_files(site: &Site) -> Vec<OutputFile> {
    let assets = site.assets.values();
    assets
        .map(|a| OutputFile::copy(a.output.clone(), a.source.clone()))
        .collect()
}

/// Hands `file` to `write` and returns it as written (`Content::Staged`).
pub fn stage(write: PageSink, file: OutputFile) -> Result<OutputFile, Diagnostic> {
    write(&file).map_err(|e| Diagnostic::error("io", e.to_string()).in_file(&file.path))?;
    Ok(OutputFile {
        path: file.path,
        content: Content::Staged,
    })
}
