//! `print.html`: the whole guide on one page, in reading order, for printing and
//! onboarding packets. Ids are prefixed per page and links between guide pages become
//! links inside the document.

use super::nav::LinkCtx;
use super::theme::{self, Theme};
use super::{base_context, render_markdown};
use crate::diag::Diagnostic;
use crate::markdown::{Mode, print_prefix};
use crate::output::OutputFile;
use crate::site::{Page, PageKind, Site};
use rayon::prelude::*;
use serde::Serialize;

/// Whether a page is part of the print version (every page but the home page).
pub fn includes(page: &Page) -> bool {
    page.kind != PageKind::Home
}

#[derive(Serialize)]
struct PrintPage {
    id: String,
    title: String,
    description: String,
    content: String,
    depth: usize,
}

/// Renders `print.html`. Code is not coloured there, which keeps it cheap.
pub fn render(
    site: &Site,
    theme: &Theme,
    extra_nav: &[super::nav::ExtraNav],
) -> Result<OutputFile, Diagnostic> {
    let pages: Vec<PrintPage> = site
        .reading_order
        .par_iter()
        .filter(|&&p| includes(&site.pages[p]))
        .map(|&p| {
            let page = &site.pages[p];
            let r = render_markdown(site, p, page, Mode::Print, false);
            PrintPage {
                id: print_prefix(Some(p)).trim_end_matches('-').to_string(),
                title: page.title.clone(),
                description: page.description.clone(),
                content: r.html,
                depth: page.url.matches('/').count(),
            }
        })
        .collect();
    let mut ctx = base_context(site, theme, "", "print/", None, extra_nav);
    ctx.insert("pages", &pages);
    ctx.insert("breadcrumbs", &Vec::<LinkCtx>::new());
    theme::render(&theme.tera, "print.html", &ctx).map(|html| OutputFile::text("print.html", html))
}
