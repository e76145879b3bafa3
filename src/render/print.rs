//! `print.html`: the whole guide on one page, in reading order, for printing and
//! onboarding packets. Ids are prefixed per page and links between guide pages become
//! links inside the document.

use super::cache::{RenderCache, SiteKeys};
use super::links::{includes, print_prefix};
use super::nav::LinkCtx;
use super::{Ctx, Mode, SharedRendered, base_context, page, theme};
use crate::diag::Diagnostic;
use crate::output::{Content, OutputFile};
use crate::site::Site;
use rayon::prelude::*;
use serde::Serialize;
use std::sync::Arc;

#[derive(Serialize)]
struct PrintPage<'a> {
    id: String,
    title: &'a str,
    /// The page's h1 (its own heading, or its title).
    heading: &'a str,
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

/// Where a page's content goes in the rendered template: the template is rendered
/// once with this marker (and the page number) as each page's content, and the
/// pages' HTML is put in its place. The print version is as large as all pages
/// together, so neither the template context nor the pages' HTML may hold it all.
const CONTENT_MARKER: &str = "ownbook-print-content-5f0c2a97-";

/// How many pages' print Markdown is rendered (in parallel) at a time.
const BATCH: usize = 256;

/// Renders `print.html` from the print-mode Markdown of `indices` (from `pages`),
/// which `markdown` renders (or looks up) a batch at a time. Code is not coloured
/// there, which keeps it cheap.
fn render(
    cx: &Ctx,
    indices: &[usize],
    markdown: &mut dyn FnMut(&[usize]) -> Vec<SharedRendered>,
) -> Result<OutputFile, Diagnostic> {
    let markers: Vec<String> = (0..indices.len())
        .map(|k| format!("{CONTENT_MARKER}{k}."))
        .collect();
    let skeleton = render_template(cx, indices, &markers)?;
    let Some(parts) = split_at_markers(&skeleton, &markers) else {
        // A template that leaves out, repeats or changes a page's content: render it
        // the plain way, with every page's HTML in the context.
        let rendered = markdown(indices);
        let contents: Vec<&str> = rendered.iter().map(|r| r.html.as_str()).collect();
        let html = render_template(cx, indices, &contents)?;
        return Ok(OutputFile::text(PATH, html));
    };
    // Each page's HTML goes in as it is, between the template's pieces: print.html
    // is as large as every page together, and is never joined in memory.
    let mut pieces = Vec::with_capacity(parts.len() * 2);
    pieces.push(parts[0].as_bytes().to_vec());
    let mut k = 0;
    for batch in indices.chunks(BATCH) {
        for r in markdown(batch) {
            pieces.push(match Arc::try_unwrap(r) {
                Ok(r) => r.html.into_bytes(),
                Err(shared) => shared.html.as_bytes().to_vec(),
            });
            k += 1;
            pieces.push(parts[k].as_bytes().to_vec());
        }
    }
    Ok(OutputFile {
        path: PATH.to_string(),
        content: Content::Parts(pieces),
    })
}

fn render_template(
    cx: &Ctx,
    indices: &[usize],
    contents: &[impl AsRef<str>],
) -> Result<String, Diagnostic> {
    let site = cx.site;
    let pages: Vec<PrintPage> = indices
        .iter()
        .zip(contents)
        .map(|(&p, content)| {
            let page = &site.pages[p];
            PrintPage {
                id: print_prefix(Some(p)).trim_end_matches('-').to_string(),
                title: &page.title,
                heading: page.heading.as_deref().unwrap_or(&page.title),
                description: &page.description,
                content: content.as_ref(),
                depth: page.url.matches('/').count(),
            }
        })
        .collect();
    let mut ctx = base_context(cx, "", "print/", None);
    ctx.insert("pages", &pages);
    ctx.insert("breadcrumbs", &Vec::<LinkCtx>::new());
    // Code in print.html is not coloured.
    ctx.insert("code_css", &false);
    theme::render(&cx.theme.tera, "print.html", &ctx)
}

/// `skeleton` cut at each of `markers`, which must each appear exactly once and in
/// order (`markers.len() + 1` parts); `None` otherwise.
fn split_at_markers<'a>(skeleton: &'a str, markers: &[String]) -> Option<Vec<&'a str>> {
    if skeleton.matches(CONTENT_MARKER).count() != markers.len() {
        return None;
    }
    let mut parts = Vec::with_capacity(markers.len() + 1);
    let mut rest = skeleton;
    for marker in markers {
        let at = rest.find(marker.as_str())?;
        parts.push(&rest[..at]);
        rest = &rest[at + marker.len()..];
    }
    parts.push(rest);
    Some(parts)
}

/// Renders `print.html` (the whole guide on one page) from the pages' print versions
/// rendered with them (`rendered`, by page index; each is taken as it is used), and
/// reuses the cached file when none of its inputs changed. A page whose print
/// version is missing is rendered for print alone. Only call it when
/// `site.config.print` is set.
pub fn render_cached(
    cx: &Ctx,
    cache: &mut RenderCache,
    rendered: &mut [Option<SharedRendered>],
) -> Result<OutputFile, Diagnostic> {
    let indices = pages(cx.site);
    if !cache.is_enabled() {
        return render(cx, &indices, &mut |batch| {
            let mut taken: Vec<(usize, Option<SharedRendered>)> = batch
                .iter()
                .map(|&i| (i, rendered.get_mut(i).and_then(Option::take)))
                .collect();
            taken
                .par_iter_mut()
                .map(|(i, md)| {
                    md.take()
                        .unwrap_or_else(|| Arc::new(page::markdown(cx, *i, Mode::Print, false)))
                })
                .collect()
        });
    }
    cache.begin(cx.site);
    let markdown = print_markdown(cx, cache, &indices);
    let ids: Vec<u64> = markdown.iter().map(|(id, _)| *id).collect();
    let key = SiteKeys::new(cx).print(&ids);
    if let Some(bytes) = cache.print(key) {
        return Ok(OutputFile::shared(PATH, bytes));
    }
    let mut rendered = markdown.into_iter().map(|(_, md)| md);
    let file = render(cx, &indices, &mut |batch| {
        rendered.by_ref().take(batch.len()).collect()
    })?;
    // The cache keeps print.html whole (serve holds every file in memory anyway).
    let bytes: Arc<[u8]> = file.content.into_bytes().unwrap_or_default().into();
    cache.store_print(key, bytes.clone());
    Ok(OutputFile::shared(PATH, bytes))
}

/// The print Markdown of `indices`, from the cache or rendered now (and kept).
fn print_markdown(
    cx: &Ctx,
    cache: &mut RenderCache,
    indices: &[usize],
) -> Vec<(u64, SharedRendered)> {
    let shared = &*cache;
    let found: Vec<(u64, SharedRendered, bool)> = indices
        .par_iter()
        .map(|&i| match shared.markdown(cx.site, i, Mode::Print) {
            Some((id, md)) => (id, md, false),
            None => (
                shared.next_id(),
                Arc::new(page::markdown(cx, i, Mode::Print, false)),
                true,
            ),
        })
        .collect();
    let mut out = Vec::with_capacity(found.len());
    for (&i, (id, md, fresh)) in indices.iter().zip(found) {
        if fresh {
            cache.keep_markdown(cx.site, i, Mode::Print, id, md.clone());
        } else {
            cache.stats.markdown_reused += 1;
        }
        out.push((id, md));
    }
    out
}
