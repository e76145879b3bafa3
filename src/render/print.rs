//! `print.html`: the whole guide on one page, in reading order, for printing and
//! onboarding packets. Ids are prefixed per page and links between guide pages become
//! links inside the document.

use super::cache::{RenderCache, SiteKeys};
use super::nav::LinkCtx;
use super::theme::{self, Theme};
use super::{SharedRendered, base_context};
use crate::diag::Diagnostic;
use crate::markdown::{Mode, print_prefix};
use crate::output::{Content, OutputFile};
use crate::site::{Page, PageKind, Site};
use serde::Serialize;

/// Whether a page is part of the print version (every page but the home page).
pub fn includes(page: &Page) -> bool {
    page.kind != PageKind::Home
}

#[derive(Serialize)]
struct PrintPage<'a> {
    id: String,
    title: &'a str,
    description: &'a str,
    content: &'a str,
    depth: usize,
}

/// The output path of the print version.
pub const PATH: &str = "print.html";

/// The pages of the print version, in reading order.
pub fn pages(site: &Site) -> Vec<usize> {
    site.reading_order
        .iter()
        .copied()
        .filter(|&p| includes(&site.pages[p]))
        .collect()
}

/// Renders `print.html` from the print-mode Markdown of `indices` (from `pages`).
/// Code is not coloured there, which keeps it cheap.
pub fn render(
    site: &Site,
    theme: &Theme,
    extra_nav: &[super::nav::ExtraNav],
    indices: &[usize],
    rendered: Vec<SharedRendered>,
) -> Result<OutputFile, Diagnostic> {
    // Each page goes into the template value and its Markdown is let go at once (freed
    // unless a cache holds it): the print version is as large as all pages together,
    // so keeping both would hold two copies of it.
    let pages: Vec<tera::Value> = indices
        .iter()
        .zip(rendered)
        .map(|(&p, r)| {
            let page = &site.pages[p];
            tera::Value::from_serializable(&PrintPage {
                id: print_prefix(Some(p)).trim_end_matches('-').to_string(),
                title: &page.title,
                description: &page.description,
                content: &r.html,
                depth: page.url.matches('/').count(),
            })
        })
        .collect();
    let mut ctx = base_context(site, theme, "", "print/", None, extra_nav);
    ctx.insert_value("pages", tera::Value::from(pages));
    ctx.insert("breadcrumbs", &Vec::<LinkCtx>::new());
    // Code in print.html is not coloured.
    ctx.insert("code_css", &false);
    theme::render(&theme.tera, "print.html", &ctx).map(|html| OutputFile::text(PATH, html))
}

/// Renders `print.html` (the whole guide on one page), reusing the cached file when
/// none of its inputs changed. Only call it when `site.config.print` is set.
pub fn render_cached(
    site: &Site,
    theme: &Theme,
    cache: &mut RenderCache,
) -> Result<OutputFile, Diagnostic> {
    let indices = pages(site);
    cache.begin(site);
    let markdown = cache.markdown(site, &indices, Mode::Print, false);
    let extra_nav = crate::catalog::nav_entries(&site.catalog);
    let key = cache.is_enabled().then(|| {
        let ids: Vec<u64> = markdown.iter().map(|m| m.id).collect();
        SiteKeys::new(site, theme, &extra_nav).print(&ids)
    });
    if let Some(bytes) = key.and_then(|k| cache.print(k)) {
        return Ok(OutputFile::shared(PATH, bytes));
    }
    let rendered: Vec<SharedRendered> = markdown.into_iter().map(|m| m.rendered).collect();
    let file = render(site, theme, &extra_nav, &indices, rendered)?;
    match (key, file.content) {
        (Some(key), Content::Bytes(b)) => {
            let bytes: std::sync::Arc<[u8]> = b.into();
            cache.store_print(key, bytes.clone());
            Ok(OutputFile::shared(PATH, bytes))
        }
        (_, content) => Ok(OutputFile {
            path: file.path,
            content,
        }),
    }
}
