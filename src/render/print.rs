//! `print.html`: the whole guide on one page, in reading order, for printing and
//! onboarding packets. Ids are prefixed per page and links between guide pages become
//! links inside the document.

use super::nav::LinkCtx;
use super::theme::{self, Theme};
use super::{SharedRendered, base_context};
use crate::diag::Diagnostic;
use crate::markdown::print_prefix;
use crate::output::OutputFile;
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
    rendered: &[SharedRendered],
) -> Result<OutputFile, Diagnostic> {
    let pages: Vec<PrintPage> = indices
        .iter()
        .zip(rendered)
        .map(|(&p, r)| {
            let page = &site.pages[p];
            PrintPage {
                id: print_prefix(Some(p)).trim_end_matches('-').to_string(),
                title: &page.title,
                description: &page.description,
                content: &r.html,
                depth: page.url.matches('/').count(),
            }
        })
        .collect();
    let mut ctx = base_context(site, theme, "", "print/", None, extra_nav);
    ctx.insert("pages", &pages);
    ctx.insert("breadcrumbs", &Vec::<LinkCtx>::new());
    theme::render(&theme.tera, "print.html", &ctx).map(|html| OutputFile::text(PATH, html))
}
