//! The print version: each top-level section of the guide as one printable page in
//! reading order (`print-guide.html`; a large section in parts, `print-guide-2.html`),
//! and `print.html`, which links them and, while the handbook is small enough to
//! print at once, holds the whole guide too. No print file grows with the whole site:
//! a handbook of 50,000 pages prints a section (or part) at a time. Ids are prefixed
//! per page; a link to a page in the same file stays inside it, a link to a page in
//! another print file goes there.

mod assemble;
mod documents;
mod stream;

pub use documents::{Document, Documents, documents};
pub use stream::PrintStream;

use super::cache::RenderCache;
use super::cache_keys::hash_of;
use super::links::includes;
use super::{Ctx, Mode, SharedRendered, page};
use crate::diag::Diagnostic;
use crate::output::{Content, OutputFile};
use crate::site::Site;
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

/// The output path of the print version's first page.
pub const PATH: &str = "print.html";

/// The pages of the print version, in reading order.
pub fn pages(site: &Site) -> Vec<usize> {
    site.reading_order
        .iter()
        .copied()
        .filter(|&p| includes(&site.pages[p]))
        .collect()
}

/// Renders every print file from the pages' print versions rendered with them
/// (`rendered`, by page index), and reuses a cached file when none of its inputs
/// changed. A page whose print version is missing is rendered for print alone. Only
/// call it when `site.config.print` is set.
pub fn render_cached(
    cx: &Ctx,
    cache: &mut RenderCache,
    rendered: &mut [Option<SharedRendered>],
) -> Result<Vec<OutputFile>, Diagnostic> {
    let docs = documents(cx.site);
    if !cache.is_enabled() {
        return render_uncached(cx, &docs, rendered);
    }
    cache.begin(cx.site);
    let indices = pages(cx.site);
    let markdown: HashMap<usize, (u64, SharedRendered)> = indices
        .iter()
        .copied()
        .zip(print_markdown(cx, cache, &indices))
        .collect();
    let mut files = Vec::with_capacity(docs.all().count());
    for doc in docs.all() {
        let ids: Vec<u64> = doc.pages.iter().map(|p| markdown[p].0).collect();
        let key = cx.keys().print(&doc.path, &ids);
        if let Some(content) = cache.print(&doc.path, key) {
            let path = doc.path.clone();
            files.push(OutputFile { path, content });
            continue;
        }
        let shared = &*cache;
        let file = assemble::render(cx, &docs, doc, &mut |batch| {
            (batch.par_iter())
                .map(|p| shared.print_render(cx.site, *p, &markdown[p].1))
                .collect()
        })?;
        // The cache keeps print files whole (in serve's store, or in memory).
        let bytes: Arc<[u8]> = file.content.into_bytes().unwrap_or_default().into();
        let content = cache.store_print(doc.path.clone(), key, bytes);
        let path = doc.path.clone();
        files.push(OutputFile { path, content });
    }
    cache.keep_only_print(docs.all().map(|d| d.path.as_str()));
    Ok(files)
}

/// One build's print files, from the print versions rendered with the pages. Each
/// version is let go once its last print file has it (a large site's print files
/// each hold a part of the guide, so at most one part is in memory at a time). With
/// the build cache, a file whose pages' renders and site-wide inputs are unchanged
/// is taken from it instead of being put together again.
fn render_uncached(
    cx: &Ctx,
    docs: &Documents,
    rendered: &mut [Option<SharedRendered>],
) -> Result<Vec<OutputFile>, Diagnostic> {
    let mut uses: HashMap<usize, usize> = HashMap::new();
    for doc in docs.all() {
        for &p in &doc.pages {
            *uses.entry(p).or_default() += 1;
        }
    }
    let world = cx.disk.map(|_| print_world(cx, docs));
    let mut files = Vec::new();
    for doc in docs.all() {
        let cached = cx.disk.zip(world).and_then(|(disk, world)| {
            let key = disk.print_key(&doc.path, &doc.pages, world)?;
            Some((disk, key))
        });
        if let Some(bytes) = cached.and_then(|(disk, key)| disk.print_file(&key)) {
            for &i in &doc.pages {
                take_version(&mut uses, rendered, i);
            }
            files.push(OutputFile::bytes(doc.path.clone(), bytes));
            continue;
        }
        let file = assemble::render(cx, docs, doc, &mut |batch| {
            let mut taken: Vec<(usize, Option<SharedRendered>)> = batch
                .iter()
                .map(|&i| (i, take_version(&mut uses, rendered, i)))
                .collect();
            taken
                .par_iter_mut()
                .map(|(i, md)| {
                    md.take()
                        .unwrap_or_else(|| Arc::new(page::markdown(cx, *i, Mode::Print, false)))
                })
                .collect()
        })?;
        let parts: Option<Vec<&[u8]>> = match &file.content {
            Content::Parts(parts) => Some(parts.iter().map(Vec::as_slice).collect()),
            content => content.as_bytes().map(|bytes| vec![bytes]),
        };
        if let (Some((disk, key)), Some(parts)) = (cached, parts) {
            disk.keep_print_file(&key, &parts);
        }
        files.push(file);
    }
    Ok(files)
}

/// Page `i`'s print version for one more print file: let go of when no later file
/// shows the page.
fn take_version(
    uses: &mut HashMap<usize, usize>,
    rendered: &mut [Option<SharedRendered>],
    i: usize,
) -> Option<SharedRendered> {
    let left = uses.entry(i).or_default();
    *left = left.saturating_sub(1);
    match rendered.get_mut(i) {
        Some(slot) if *left == 0 => slot.take(),
        Some(slot) => slot.clone(),
        None => None,
    }
}

/// What every print file shows besides its pages' print versions, for the build
/// cache's keys: the site-wide inputs of pages (config, theme, sidebar, section
/// tree, titles), which files there are with which pages (links between them), and
/// the home page's languages (the language switcher of a file at the site's root).
fn print_world(cx: &Ctx, docs: &Documents) -> u64 {
    let layout: Vec<_> = docs
        .all()
        .map(|d| (&d.path, &d.title, d.part, &d.pages))
        .collect();
    let languages = cx.site.translated.available.get("");
    hash_of((cx.keys().site(), layout, languages))
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
            cache.keep_markdown(cx.site, i, Mode::Print, id, md.clone(), None);
            // As kept: with a store, its HTML is read back when a print file needs it.
            let kept = cache.markdown(cx.site, i, Mode::Print);
            out.push(kept.unwrap_or((id, md)));
        } else {
            cache.stats.markdown_reused += 1;
            out.push((id, md));
        }
    }
    out
}
