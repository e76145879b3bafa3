//! Render: Markdown of every page (in parallel), then the link and anchor checks that
//! need all pages' headings, then the templates. Produces every output file in memory,
//! or hands each page to a sink as soon as it is rendered (`build` streams them to disk).

pub mod cache;
mod extras;
mod links;
pub mod nav;
pub mod print;
pub mod theme;

use crate::diag::Diagnostic;
use crate::markdown::{self, Input, Mode, Rendered};
use crate::output::{Content, OutputFile};
use crate::site::{Child, Page, PageKind, Site};
use crate::text::escape_html;
use crate::url::{relative_url, root_of};
use cache::SiteKeys;
pub use cache::{RenderCache, RenderStats, SharedRendered};
use links::check_links;
use nav::LinkCtx;
pub use print::render_cached as render_print;
use rayon::prelude::*;
use rustc_hash::FxHashSet;
use serde::Serialize;
use std::collections::HashMap;
use theme::Theme;

/// Everything a render produced.
pub struct Output {
    pub files: Vec<OutputFile>,
    pub diags: Vec<Diagnostic>,
    /// The rendered Markdown of each page (same order as `site.pages`).
    pub pages: Vec<SharedRendered>,
    /// Which guide pages link to each page or catalog entry.
    pub backlinks: Backlinks,
    /// Paths of files left out of `files` to be rendered later (`print.html` when the
    /// cache defers it).
    pub deferred: Vec<String>,
    /// Wall time of each rendering phase.
    pub timings: crate::timings::Timings,
}

/// Pages linking to a page (by index) or to a catalog entry (by key such as
/// `service:checkout-api`).
#[derive(Debug, Default)]
pub struct Backlinks {
    pub pages: Vec<Vec<usize>>,
    pub catalog: HashMap<String, Vec<usize>>,
}

#[derive(Serialize)]
struct SiteCtx<'a> {
    title: &'a str,
    organization: &'a str,
    description: &'a str,
    base_url: Option<&'a str>,
    language: &'a str,
    footer: Option<&'a str>,
    logo: Option<String>,
    accent_color: &'a str,
    print: bool,
    search: bool,
}

#[derive(Serialize)]
struct PageCtx<'a> {
    title: &'a str,
    description: &'a str,
    kind: &'static str,
    content: &'a str,
    toc: Option<String>,
    source: &'a str,
    edit_url: Option<String>,
    updated: Option<String>,
    reviewed: Option<String>,
    stale: bool,
    canonical: Option<String>,
    children: Vec<LinkCtx>,
    backlinks: Vec<LinkCtx>,
}

/// Receives each page's HTML as soon as it is rendered (`build` writes it into the
/// staging folder), so a large site never holds every page in memory at once.
pub type PageSink<'a> = &'a (dyn Fn(&OutputFile) -> Result<(), crate::diag::Fatal> + Sync);

/// Renders the whole site in memory.
pub fn render_site(site: &Site, theme: &Theme) -> Output {
    render_site_cached(site, theme, &mut RenderCache::default())
}

/// Renders the whole site, reusing what `cache` holds from an earlier render of the
/// same site (see `cache` for what is reused when). The output is the same as
/// `render_site`'s, except that `print.html` is left out (and named in
/// `Output::deferred`) when `cache.defer_slow_files` (and `compile` then leaves out
/// the search index too).
pub fn render_site_cached(site: &Site, theme: &Theme, cache: &mut RenderCache) -> Output {
    render_site_streamed(site, theme, cache, None)
}

/// `render_site_cached`, handing each page file to `sink` as soon as it is rendered;
/// those files appear in `Output::files` as `Content::Staged`, and `print.html` is
/// left to the caller (named in `Output::deferred`). Pages a cache keeps are
/// not streamed (the cache needs their bytes): `build` passes a disabled cache.
pub fn render_site_streamed(
    site: &Site,
    theme: &Theme,
    cache: &mut RenderCache,
    sink: Option<PageSink>,
) -> Output {
    let mut timings = crate::timings::Timings::default();
    let lap = std::time::Instant::now();
    cache.stats = RenderStats::default();
    cache.begin(site);
    let mut diags = Vec::new();
    let positions: HashMap<usize, usize> = site
        .reading_order
        .iter()
        .enumerate()
        .map(|(pos, &p)| (p, pos))
        .collect();
    let extra_nav = crate::catalog::nav_entries(&site.catalog);
    let streamed = sink.is_some() && !cache.is_enabled();
    let (rendered, backlinks, results, lap) = match sink {
        Some(write) if streamed => {
            let (rendered, early, results) = stream_pages(
                site,
                theme,
                &positions,
                &extra_nav,
                write,
                &mut timings,
                lap,
            );
            let lap = std::time::Instant::now();
            for r in &rendered {
                diags.extend(r.diags.iter().cloned());
            }
            // Anchors can only be checked now that every page's headings are known.
            let backlinks = check_links(site, &rendered, &mut diags);
            debug_assert_eq!(
                backlinks.pages, early.pages,
                "the links-only parse missed a link"
            );
            let lap = timings.lap("link checks", lap);
            (rendered, backlinks, results, lap)
        }
        _ => {
            let all: Vec<usize> = (0..site.pages.len()).collect();
            let markdown = cache.markdown(site, &all, Mode::Page, true);
            for m in &markdown {
                diags.extend(m.rendered.diags.iter().cloned());
            }
            let lap = timings.lap("markdown", lap);
            let ids: Vec<u64> = markdown.iter().map(|m| m.id).collect();
            let rendered: Vec<SharedRendered> = markdown.into_iter().map(|m| m.rendered).collect();
            let backlinks = check_links(site, &rendered, &mut diags);
            let lap = timings.lap("link checks", lap);
            let keys = cache
                .is_enabled()
                .then(|| SiteKeys::new(site, theme, &extra_nav));
            let shared_cache = &*cache;
            let results: Vec<PageResult> = site
                .pages
                .par_iter()
                .zip(rendered.par_iter())
                .enumerate()
                .map(|(i, (page, md))| {
                    let path = page.output_path();
                    let position = positions.get(&i).copied();
                    let key = keys
                        .as_ref()
                        .map(|k| k.page(i, ids[i], &backlinks, position));
                    if let Some(bytes) = key.and_then(|k| shared_cache.html(&path, k)) {
                        return Ok((OutputFile::shared(path, bytes), None));
                    }
                    let html =
                        page_html(site, theme, i, page, md, &backlinks, position, &extra_nav)?;
                    Ok((OutputFile::text(path, html), key))
                })
                .collect();
            let lap = timings.lap("templates", lap);
            (rendered, backlinks, results, lap)
        }
    };
    let mut files = Vec::with_capacity(results.len() + site.assets.len() + 16);
    for r in results {
        match r {
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
    }
    for section in (0..site.sections.len()).filter(|&s| site.sections[s].index.is_none()) {
        match generated_section(site, theme, section, &extra_nav) {
            Ok(f) => files.push(f),
            Err(d) => diags.push(d),
        }
    }
    let (catalog_files, catalog_diags) = crate::catalog::render(site, theme, &backlinks);
    files.extend(catalog_files);
    diags.extend(catalog_diags);
    let mut lap = timings.lap("catalog pages", lap);
    let mut deferred = Vec::new();
    if site.config.print {
        // A streamed build leaves print.html to `compile`, which renders it beside
        // the search index.
        if cache.defer_slow_files || streamed {
            deferred.push(print::PATH.to_string());
        } else {
            match print::render_cached(site, theme, cache) {
                Ok(f) => files.push(f),
                Err(d) => diags.push(d),
            }
            lap = timings.lap("print.html", lap);
        }
    }
    extras::add(site, theme, &extra_nav, &mut files, &mut diags);
    for asset in site.assets.values() {
        files.push(OutputFile {
            path: asset.output.clone(),
            content: Content::Copy(asset.source.clone()),
        });
    }
    files.extend(theme.files.iter().cloned());
    check_output_collisions(&files, &deferred, &mut diags);
    cache.prune(site, site.pages.iter().map(Page::output_path));
    timings.lap("extras + collisions", lap);
    Output {
        files,
        diags,
        pages: rendered,
        backlinks,
        deferred,
        timings,
    }
}

/// Hands `file` to `write` and returns it as written (`Content::Staged`).
pub fn stage(write: PageSink, file: OutputFile) -> Result<OutputFile, Diagnostic> {
    write(&file).map_err(|e| Diagnostic::error("io", e.to_string()).in_file(&file.path))?;
    Ok(OutputFile {
        path: file.path,
        content: Content::Staged,
    })
}

/// [`stage`] for many files at once, in parallel; the files that could not be
/// written are reported and left out.
pub fn stage_all(write: PageSink, files: Vec<OutputFile>) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let results: Vec<Result<OutputFile, Diagnostic>> =
        files.into_par_iter().map(|f| stage(write, f)).collect();
    let mut staged = Vec::with_capacity(results.len());
    let mut diags = Vec::new();
    for result in results {
        match result {
            Ok(f) => staged.push(f),
            Err(d) => diags.push(d),
        }
    }
    (staged, diags)
}

/// A page file, with the cache key it was rendered under (`None` when not cached).
type PageResult = Result<(OutputFile, Option<u64>), Diagnostic>;

/// `build`'s way through the pages: every page's links first (one cheap parse each,
/// for the backlinks), then each page's Markdown, template and file in one go, so
/// that a page's HTML is written and let go at once instead of every page's HTML
/// waiting in memory for the last page's Markdown. Returns the backlinks the
/// templates used; anchors are checked afterwards from what the renders kept.
fn stream_pages(
    site: &Site,
    theme: &Theme,
    positions: &HashMap<usize, usize>,
    extra_nav: &[nav::ExtraNav],
    write: PageSink,
    timings: &mut crate::timings::Timings,
    lap: std::time::Instant,
) -> (Vec<SharedRendered>, Backlinks, Vec<PageResult>) {
    let targets: Vec<Vec<markdown::LinkTarget>> = site
        .pages
        .par_iter()
        .enumerate()
        .map(|(i, page)| markdown::link_targets(site, &markdown_input(i, page, Mode::Page, true)))
        .collect();
    let early = Backlinks::from_targets(site, &targets);
    drop(targets);
    let lap = timings.lap("backlinks (links only)", lap);
    let (rendered, results): (Vec<SharedRendered>, Vec<PageResult>) = site
        .pages
        .par_iter()
        .enumerate()
        .map(|(i, page)| {
            let mut md = render_markdown(site, i, page, Mode::Page, true);
            let position = positions.get(&i).copied();
            let result = page_html(site, theme, i, page, &md, &early, position, extra_nav)
                .and_then(|html| stage(write, OutputFile::text(page.output_path(), html)))
                .map(|staged| (staged, None));
            // Written: nothing later needs the page's HTML (search indexes the plain
            // text of its sections).
            md.html = String::new();
            (std::sync::Arc::new(md), result)
        })
        .unzip();
    timings.lap("markdown + templates + page writes", lap);
    (rendered, early, results)
}

/// Renders one page's Markdown.
pub fn render_markdown(
    site: &Site,
    index: usize,
    page: &Page,
    mode: Mode,
    highlight: bool,
) -> Rendered {
    markdown::render(site, &markdown_input(index, page, mode, highlight))
}

fn markdown_input(index: usize, page: &Page, mode: Mode, highlight: bool) -> Input<'_> {
    let source_dir =
        &page.source[..page.source.len() - page.source.rsplit('/').next().map_or(0, str::len)];
    let out_dir = match mode {
        Mode::Page => page.url.as_str(),
        Mode::Print => "",
    };
    Input {
        text: &page.raw,
        start: page.body_start,
        display: &page.display,
        source_dir,
        out_dir,
        page: Some(index),
        mode,
        highlight,
    }
}

/// The context every template gets: site settings, the path to the root, asset URLs
/// and the sidebar.
pub fn base_context(
    site: &Site,
    theme: &Theme,
    out_dir: &str,
    current_url: &str,
    section: Option<usize>,
    extra_nav: &[nav::ExtraNav],
) -> tera::Context {
    let root = root_of(out_dir);
    let mut ctx = tera::Context::new();
    let cfg = &site.config;
    ctx.insert(
        "site",
        &SiteCtx {
            title: &cfg.title,
            organization: &cfg.organization,
            description: &cfg.description,
            base_url: cfg.base_url.as_deref(),
            language: &cfg.language,
            footer: cfg.footer.as_deref(),
            logo: cfg.logo.as_ref().map(|l| relative_url(out_dir, l)),
            accent_color: &cfg.accent_color,
            print: cfg.print,
            search: cfg.search_enabled,
        },
    );
    ctx.insert("root", &root);
    ctx.insert("base_href", "");
    // The code stylesheet is linked only where code is shown; pages that know they
    // have none turn it off.
    ctx.insert("code_css", &true);
    let assets: HashMap<&str, String> = theme
        .assets
        .iter()
        .map(|(k, v)| (k.as_str(), format!("{root}{v}")))
        .collect();
    ctx.insert("assets", &assets);
    ctx.insert("home_url", &relative_url(out_dir, ""));
    ctx.insert(
        "nav",
        &nav::sidebar(site, out_dir, section, current_url, extra_nav),
    );
    ctx
}

#[allow(clippy::too_many_arguments)]
fn page_html(
    site: &Site,
    theme: &Theme,
    index: usize,
    page: &Page,
    rendered: &Rendered,
    backlinks: &Backlinks,
    position: Option<usize>,
    extra_nav: &[nav::ExtraNav],
) -> Result<String, Diagnostic> {
    let out_dir = &page.url;
    let mut ctx = base_context(
        site,
        theme,
        out_dir,
        &page.url,
        Some(page.section),
        extra_nav,
    );
    let children = match page.kind {
        PageKind::Page => Vec::new(),
        _ => section_children(site, page.section, out_dir),
    };
    let reviewed = page.meta.reviewed.as_ref().map(|d| d.to_string());
    let stale = match (&reviewed, page.meta.review_every) {
        (Some(r), Some(every)) => {
            crate::dates::days_between(r, &site.today).is_some_and(|d| d > i64::from(every))
        }
        _ => false,
    };
    let page_ctx = PageCtx {
        title: &page.title,
        description: &page.description,
        kind: match page.kind {
            PageKind::Home => "home",
            PageKind::Section => "section",
            PageKind::Page => "page",
        },
        content: &rendered.html,
        toc: if page.meta.toc == Some(false) {
            None
        } else {
            markdown::toc_html(&rendered.headings)
        },
        source: &page.display,
        edit_url: site
            .config
            .edit_url
            .as_ref()
            .map(|u| u.replace("{path}", &page.display)),
        updated: page.updated.clone(),
        reviewed,
        stale,
        canonical: site
            .config
            .base_url
            .as_ref()
            .map(|b| format!("{b}{}", page.url)),
        children,
        backlinks: backlinks.pages[index]
            .iter()
            .map(|&p| LinkCtx {
                title: site.pages[p].title.clone(),
                url: relative_url(out_dir, &site.pages[p].url),
                description: String::new(),
            })
            .collect(),
    };
    ctx.insert("code_css", &rendered.has_code);
    ctx.insert("page", &page_ctx);
    ctx.insert(
        "breadcrumbs",
        &nav::breadcrumbs(site, out_dir, page.section, page.kind),
    );
    let (prev, next) = nav::prev_next(site, position, out_dir);
    ctx.insert("prev", &prev);
    ctx.insert("next", &next);
    let template = match (&page.meta.template, page.kind) {
        (Some(t), _) => t.as_str(),
        (None, PageKind::Home) => "home.html",
        (None, PageKind::Section) => "section.html",
        (None, PageKind::Page) => "page.html",
    };
    if !theme.tera.get_template_names().any(|n| n == template) {
        let offset = page.raw.find("template").unwrap_or(0);
        return Err(Diagnostic::error(
            "template",
            format!("there is no template `{template}` in the theme"),
        )
        .at(&page.display, &page.raw, offset, "template".len())
        .hint("name a template of the theme, or add it to templates/"));
    }
    theme::render(&theme.tera, template, &ctx).map_err(|mut d| {
        // The report below the first line points into the template; name the page too.
        d.message = d
            .message
            .replacen(":\n", &format!(" for {}:\n", page.display), 1);
        d
    })
}

/// The pages and subsections of a section, as links with descriptions.
pub fn section_children(site: &Site, section: usize, out_dir: &str) -> Vec<LinkCtx> {
    site.sections[section]
        .children
        .iter()
        .map(|c| {
            let (title, url, description) = match *c {
                Child::Page(p) => {
                    let page = &site.pages[p];
                    (&page.title, &page.url, page.description.clone())
                }
                Child::Section(s) => {
                    // Folders without _index.md have a generated page, so they are listed too.
                    let sec = &site.sections[s];
                    let description = sec.index.map(|i| site.pages[i].description.clone());
                    (&sec.title, &sec.url, description.unwrap_or_default())
                }
            };
            LinkCtx {
                title: title.clone(),
                url: relative_url(out_dir, url),
                description,
            }
        })
        .collect()
}

/// A page for a folder without `_index.md` (the home page for `content/` itself):
/// its title and what it contains, so that navigation and breadcrumbs always lead
/// somewhere.
fn generated_section(
    site: &Site,
    theme: &Theme,
    section: usize,
    extra_nav: &[nav::ExtraNav],
) -> Result<OutputFile, Diagnostic> {
    let sec = &site.sections[section];
    let out_dir = sec.url.as_str();
    let mut ctx = base_context(site, theme, out_dir, out_dir, Some(section), extra_nav);
    let home = section == 0;
    let description = if home {
        site.config.description.as_str()
    } else {
        ""
    };
    let content = if description.is_empty() {
        String::new()
    } else {
        format!("<p>{}</p>", escape_html(description))
    };
    let page_ctx = PageCtx {
        title: if home { &site.config.title } else { &sec.title },
        description,
        kind: if home { "home" } else { "section" },
        content: &content,
        toc: None,
        source: "",
        edit_url: None,
        updated: None,
        reviewed: None,
        stale: false,
        canonical: site
            .config
            .base_url
            .as_ref()
            .map(|b| format!("{b}{out_dir}")),
        children: section_children(site, section, out_dir),
        backlinks: Vec::new(),
    };
    ctx.insert("code_css", &false);
    ctx.insert("page", &page_ctx);
    let breadcrumbs = if home {
        Vec::new()
    } else {
        nav::breadcrumbs(site, out_dir, section, PageKind::Section)
    };
    ctx.insert("breadcrumbs", &breadcrumbs);
    // Reading order continues with the folder's first page.
    let first = sec.children.iter().find_map(|c| match *c {
        Child::Page(p) => Some(p),
        Child::Section(s) => site.sections[s].index,
    });
    ctx.insert("prev", &None::<LinkCtx>);
    ctx.insert(
        "next",
        &first.map(|p| LinkCtx {
            title: site.pages[p].title.clone(),
            url: relative_url(out_dir, &site.pages[p].url),
            description: String::new(),
        }),
    );
    let template = if home { "home.html" } else { "section.html" };
    theme::render(&theme.tera, template, &ctx)
        .map(|html| OutputFile::text(format!("{out_dir}index.html"), html))
}

/// Two generated files with the same path (a page and a static file, say) is an error.
/// `deferred` names files that will be rendered later and so count as taken.
fn check_output_collisions(files: &[OutputFile], deferred: &[String], diags: &mut Vec<Diagnostic>) {
    let mut seen =
        FxHashSet::with_capacity_and_hasher(files.len() + deferred.len(), Default::default());
    let paths = files.iter().map(|f| f.path.as_str());
    for path in paths.chain(deferred.iter().map(String::as_str)) {
        if !seen.insert(path) {
            diags.push(
                Diagnostic::error(
                    "duplicate-output",
                    format!("two inputs both produce the output file `{path}`"),
                )
                .hint("rename the page, alias or static file that takes this path"),
            );
        }
    }
}
