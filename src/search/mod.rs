//! Search: an index over every heading section of every guide page, every service
//! and every team, built from the pages rendered in the same pass (the plain text
//! the Markdown renderer collected per heading; no HTML is parsed again), plus the
//! `/search/` page. The browser side is in the default theme: `search.js` (the box,
//! keyboard, results and highlights), `search-text.js` (the tokenizer and stemmer,
//! mirroring `tokenize`) and `search-engine.js` (loads index files on demand, ranks).
//!
//! ```text
//! pages + catalog → docs (one per section) → index::build (BM25F scores)
//!                 → shard::write (manifest, term shards, document chunks)
//! ```

mod catalog;
pub mod chunks;
pub mod index;
pub mod names;
mod script;
pub mod shard;
mod strings;
mod term_cache;
#[cfg(test)]
mod tests;
pub mod tokenize;
pub mod words;

pub use catalog::{SearchEntry, search_entries};

use crate::config::CONFIG_FILE;
use crate::diag::Diagnostic;
use crate::markdown::Rendered;
use crate::output::OutputFile;
use crate::render::nav::LinkCtx;
use crate::render::{Ctx, theme};
use crate::site::Site;
use crate::timings::Timings;
use crate::url::relative_url;
use index::{Doc, Kind};
use rayon::prelude::*;
use serde::Deserialize;
pub use shard::Emit;
use std::borrow::Cow;
use std::time::Instant;

/// The default size budget of the whole index is a fixed base plus an allowance
/// per page (guide page, service or team); past it the build warns. A handbook's
/// index costs about 3 KB per page of ordinary prose (2.9 KB at 50,000 generated
/// pages), so an ordinary site of any size stays well under it, while a page
/// that adds megabytes (a pasted log, a generated table of hashes) is caught on a
/// small site at once and on any site once such pages add up.
pub const BASE_BUDGET_KB: u64 = 16 * 1024;
/// The allowance per page on top of [`BASE_BUDGET_KB`].
pub const BUDGET_KB_PER_PAGE: u64 = 4;

/// The default budget for a site of `pages` pages, services and teams.
pub fn default_budget_kb(pages: usize) -> u64 {
    BASE_BUDGET_KB + BUDGET_KB_PER_PAGE * pages as u64
}

/// What building the index produced.
#[derive(Debug, Default)]
pub struct Built {
    pub files: Vec<OutputFile>,
    pub diags: Vec<Diagnostic>,
    pub stats: Stats,
}

/// The output folder of the index; `serve` marks it pending while the index of a
/// rebuild is still being built.
pub const FOLDER: &str = "search/";

/// Figures about the index, for the build report and the benchmark.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    pub docs: usize,
    pub entries: usize,
    pub sizes: shard::Sizes,
    /// The steps of building the index files in memory (not the pages, not
    /// writing), for `ownbook build --timings`.
    pub timings: Timings,
}

impl Stats {
    /// Time spent building the index files in memory.
    pub fn millis(&self) -> f64 {
        self.timings.total().as_secs_f64() * 1000.0
    }
}

/// Builds the index and the search page, in memory. `existing` are the site's other
/// output files (the search folder must be free).
pub fn build(cx: &Ctx, pages: &[std::sync::Arc<Rendered>], existing: &[OutputFile]) -> Built {
    build_emitting(cx, pages, existing, &|_| true, IN_MEMORY)
}

/// [`build`] of the guide pages for which `own` holds (one language's, in a
/// translated handbook, so that a reader's query never returns another language's
/// page) and the whole catalog, with each file handed to `emit` as soon as it is made
/// and kept as `emit` returns it (`build` writes it, `serve` puts it into its store:
/// the index is never in memory whole).
pub fn build_emitting(
    cx: &Ctx,
    pages: &[std::sync::Arc<Rendered>],
    existing: &[OutputFile],
    own: PageFilter,
    emit: Emit,
) -> Built {
    let entries = catalog::search_entries(&cx.site.catalog, &cx.site.today);
    build_filtered(cx, pages, existing, &entries, own, emit)
}

/// Keeps every file in memory.
pub const IN_MEMORY: Emit = &Ok::<OutputFile, Diagnostic>;

/// Which pages of a site an index holds.
pub type PageFilter<'a> = &'a (dyn Fn(&crate::site::Page) -> bool + Sync);

/// [`build`] with the catalog entries given (tests and benchmarks index a catalog of
/// their own through this).
pub fn build_with(
    cx: &Ctx,
    pages: &[std::sync::Arc<Rendered>],
    existing: &[OutputFile],
    entries: &[SearchEntry],
) -> Built {
    build_filtered(cx, pages, existing, entries, &|_| true, IN_MEMORY)
}

fn build_filtered(
    cx: &Ctx,
    pages: &[std::sync::Arc<Rendered>],
    existing: &[OutputFile],
    entries: &[SearchEntry],
    own: PageFilter,
    emit: Emit,
) -> Built {
    let site = cx.site;
    let started = Instant::now();
    let mut built = Built::default();
    let page_count = site.pages.len() + entries.len();
    let default_budget = default_budget_kb(page_count);
    let (budget_kb, budget_note) = match options(&site.config.source) {
        Ok(Some(budget)) => (budget, String::new()),
        Ok(None) => (default_budget, default_budget_note(page_count)),
        Err(d) => {
            built.diags.push(d);
            (default_budget, default_budget_note(page_count))
        }
    };
    if let Some(clash) = existing.iter().find(|f| f.path.starts_with("search/")) {
        built.diags.push(
            Diagnostic::error(
                "search-path",
                format!(
                    "`{}` takes the folder search/, where the search page and index go",
                    clash.path
                ),
            )
            .hint("rename the page or static file so that it is not under search/"),
        );
        return built;
    }
    let mut timings = Timings::default();
    let names = GuideNames::new(site);
    let mut docs = catalog_docs(entries);
    // Documents are grouped by kind; the browser filters by kind with ranges. Guide
    // documents, the last kind, are appended in order after the sorted catalog.
    docs.sort_by_key(|d| d.kind);
    guide_docs(site, &names, pages, own, &mut docs);
    timings.lap("documents", started);
    // With the build cache, pages whose text is unchanged are not tokenized again.
    let memory = cx
        .disk
        .map(|disk| term_cache::TermCache::new(&disk.store, &docs));
    let remembered = memory.as_ref().map(|m| m as &dyn index::TermMemory);
    let mut index = index::build_timed(&docs, remembered, &mut timings);
    drop(memory);
    // Name entries sort before every word: put them first, no sort needed.
    let mut entries = names::name_entries(&docs);
    entries.append(&mut index.entries);
    index.entries = entries;
    let lap = Instant::now();
    built.stats.docs = docs.len();
    built.stats.entries = index.entries.len();
    let (files, sizes, failed) = shard::write_into(index, &docs, emit);
    built.files = files;
    built.diags.extend(failed);
    let lap = timings.lap("index files", lap);
    if sizes.total_bytes as u64 > budget_kb * 1024 {
        built.diags.push(
            Diagnostic::warning(
                "search-index-size",
                format!(
                    "the search index is {} KB, over the budget of {budget_kb} KB{budget_note}; readers download only the parts their queries need, but hosting and builds grow with it",
                    sizes.total_bytes / 1024
                ),
            )
            .in_file(CONFIG_FILE)
            .hint("look for pages with very long generated text (logs, tables of hashes), or set `size_budget_kb` under [search] in ownbook.toml if this size is expected"),
        );
    }
    built.stats.sizes = sizes;
    let search_page = search_page(cx).transpose();
    for file in [Some(Ok(strings::file(&site.config.strings))), search_page] {
        match file.map(|f| f.and_then(emit)) {
            Some(Ok(f)) => built.files.push(f),
            Some(Err(d)) => built.diags.push(d),
            None => {}
        }
    }
    timings.lap("search page", lap);
    built.stats.timings = timings;
    built
}

/// How the default budget was reached, for the warning.
fn default_budget_note(pages: usize) -> String {
    format!(
        " ({} MB plus {BUDGET_KB_PER_PAGE} KB for each of {pages} pages, services and teams)",
        BASE_BUDGET_KB / 1024
    )
}

/// Reads `[search]` from ownbook.toml, with positions for mistakes: the size
/// budget set there, if any.
fn options(source: &str) -> Result<Option<u64>, Diagnostic> {
    #[derive(Deserialize)]
    struct Wrapper {
        search: Option<crate::config::SearchOptions>,
    }
    let raw: Wrapper = toml::from_str(source)
        .map_err(|e| crate::tomlread::toml_error(CONFIG_FILE, source, 0, &e))?;
    let budget = raw.search.and_then(|s| s.size_budget_kb);
    match budget {
        Some(0) => {
            let offset = source.find("size_budget_kb").unwrap_or(0);
            Err(
                Diagnostic::error("search-config", "`size_budget_kb` must be at least 1")
                    .at(CONFIG_FILE, source, offset, "size_budget_kb".len())
                    .hint("give the index size budget in kilobytes, e.g. size_budget_kb = 32768"),
            )
        }
        budget => Ok(budget),
    }
}

/// Services and teams, from the catalog.
fn catalog_docs(entries: &[SearchEntry]) -> Vec<Doc<'_>> {
    entries
        .iter()
        .map(|e| {
            let kind = if e.kind == "team" {
                Kind::Team
            } else {
                Kind::Service
            };
            Doc {
                kind,
                page: relative_url("", &e.url).into(),
                anchor: Cow::Borrowed(""),
                title: Cow::Borrowed(&e.title),
                heading: Cow::Borrowed(""),
                // The result's kind label says where it sits; no trail repeats it.
                trail: Cow::Borrowed(""),
                text: Cow::Borrowed(&e.text),
                title_terms: Cow::Borrowed(&e.id),
                tags: Cow::Borrowed(&e.tags),
                owner: e.owner.as_deref().map(Cow::Borrowed),
                tier: e.tier,
                lifecycle: e.lifecycle.as_deref().map(Cow::Borrowed),
                section: false,
            }
        })
        .collect()
}

/// What guide documents borrow their page URLs and trails from: one string per
/// page and per section, not one per heading.
struct GuideNames {
    urls: Vec<String>,
    /// The trail of a page in each section.
    trails: Vec<String>,
}

impl GuideNames {
    fn new(site: &Site) -> GuideNames {
        GuideNames {
            urls: site
                .pages
                .par_iter()
                .map(|p| relative_url("", &p.url))
                .collect(),
            trails: (0..site.sections.len()).map(|s| trail(site, s)).collect(),
        }
    }

    fn trail(&self, site: &Site, page: &crate::site::Page) -> &str {
        let section = match page.kind {
            // A section's own page sits in the section above it.
            crate::site::PageKind::Section => {
                site.sections.get(page.section).and_then(|s| s.parent)
            }
            _ => Some(page.section),
        };
        section
            .and_then(|s| self.trails.get(s))
            .map_or("", String::as_str)
    }
}

/// One document for each page's introduction and one per heading section, in
/// reading order so that a page's sections share a document chunk, appended to
/// `docs`. Titles, headings and section text are borrowed from the site and the
/// rendered pages; only the introductions are made (in parallel), and `docs` grows
/// once: a large site has hundreds of thousands of documents.
fn guide_docs<'a>(
    site: &'a Site,
    names: &'a GuideNames,
    pages: &'a [std::sync::Arc<Rendered>],
    own: PageFilter,
    docs: &mut Vec<Doc<'a>>,
) {
    let mut order: Vec<usize> = site.reading_order.clone();
    let mut seen = vec![false; site.pages.len()];
    order.retain(|&i| i < seen.len() && !std::mem::replace(&mut seen[i], true));
    order.extend((0..site.pages.len()).filter(|&i| !seen[i]));
    order.retain(|&i| site.pages.get(i).is_some_and(own) && pages.get(i).is_some());
    let intros: Vec<String> = order
        .par_iter()
        .map(|&i| intro(&site.pages[i], &pages[i]))
        .collect();
    let sections = |i: usize| pages[i].sections.iter().filter(|s| s.id.is_some()).count();
    docs.reserve_exact(order.iter().map(|&i| 1 + sections(i)).sum());
    for (&i, intro) in order.iter().zip(intros) {
        page_docs(site, names, pages, i, intro, docs);
    }
}

/// A page's introduction: its description and the text before any heading.
fn intro(page: &crate::site::Page, rendered: &Rendered) -> String {
    let mut intro = page.description.clone();
    for s in rendered.sections.iter().filter(|s| s.id.is_none()) {
        intro.push(' ');
        intro.push_str(&s.text);
    }
    match intro.trim() {
        trimmed if trimmed.len() == intro.len() => intro,
        trimmed => trimmed.to_string(),
    }
}

/// Appends page `i`'s documents: the page itself first (with its `intro`), then its
/// sections.
fn page_docs<'a>(
    site: &'a Site,
    names: &'a GuideNames,
    pages: &'a [std::sync::Arc<Rendered>],
    i: usize,
    intro: String,
    docs: &mut Vec<Doc<'a>>,
) {
    let (Some(page), Some(rendered), Some(url)) =
        (site.pages.get(i), pages.get(i), names.urls.get(i))
    else {
        return;
    };
    let trail = names.trail(site, page);
    let doc = |anchor: &'a str, heading: &'a str, text: Cow<'a, str>, section: bool| Doc {
        kind: Kind::Guide,
        page: Cow::Borrowed(url),
        anchor: Cow::Borrowed(anchor),
        title: Cow::Borrowed(&page.title),
        heading: Cow::Borrowed(heading),
        trail: Cow::Borrowed(trail),
        text,
        title_terms: Cow::Borrowed(""),
        tags: Cow::Borrowed(&[]),
        owner: None,
        tier: None,
        lifecycle: None,
        section,
    };
    docs.push(doc("", "", Cow::Owned(intro), false));
    for s in &rendered.sections {
        if let Some(id) = &s.id {
            docs.push(doc(id, &s.heading, Cow::Borrowed(s.text.trim()), true));
        }
    }
}

/// The titles of the sections down to `section`: `Guide › Lifecycle` (the root
/// section is the site itself and is left out).
fn trail(site: &Site, section: usize) -> String {
    let mut titles = Vec::new();
    let mut s = Some(section);
    while let Some(i) = s {
        let Some(sec) = site.sections.get(i) else {
            break;
        };
        if sec.parent.is_some() {
            titles.push(sec.title.as_str());
        }
        s = sec.parent;
    }
    titles.reverse();
    titles.join(" › ")
}

/// `search/index.html`, when the theme has a `search.html` template.
fn search_page(cx: &Ctx) -> Result<Option<OutputFile>, Diagnostic> {
    let tera = &cx.theme.tera;
    if !tera.get_template_names().any(|n| n == "search.html") {
        return Ok(None);
    }
    let mut ctx = crate::render::base_context(cx, "search/", "search/", None);
    ctx.insert("breadcrumbs", &Vec::<LinkCtx>::new());
    // Results show no highlighted code: no code stylesheet or script (19 KB).
    ctx.insert("code_css", &false);
    theme::render(tera, "search.html", &ctx)
        .map(|html| Some(OutputFile::text("search/index.html", html)))
}

#[cfg(test)]
mod budget_tests {
    use super::*;

    #[test]
    fn the_default_budget_follows_the_site_but_not_a_pathological_page() {
        // The 50,000-page generated handbook (51,021 pages) has a 150,150 KB index:
        // under its budget, as an ordinary site of any size is at ~3 KB per page.
        assert!(default_budget_kb(51_021) > 150_150);
        assert_eq!(default_budget_kb(0), 16 * 1024);
        // A small site with one page that adds 20 MB of index is over it.
        assert!(default_budget_kb(30) < 20 * 1024);
        assert!(default_budget_note(30).contains("16 MB plus 4 KB for each of 30 pages"));
    }
}
