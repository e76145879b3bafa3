//! Load: walk `content/` and `static/`, read every file once, split front matter, and
//! build the section tree and reading order; `catalog/` reads the service and team
//! files. Nothing is rendered here.

pub(crate) mod catalog;
mod codeowners;
pub mod freshness;
pub mod front_matter;
mod git;
pub mod history;
mod objects;
mod page;
pub mod revision;
mod sections;
pub mod translations;
mod walk;

use crate::config::Config;
use crate::dates;
use crate::diag::Diagnostic;
use crate::fsutil;
use crate::site::{Asset, Page, Site};
use crate::text::nfc;
use page::read_page;
use rayon::prelude::*;
use sections::build_sections;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Content folders that hold the catalog instead of guide pages.
pub const CATALOG_DIRS: [&str; 2] = ["services", "teams"];

/// Options that change what is loaded.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    pub drafts: bool,
}

/// Loads the whole site. Returns the site (possibly partial) and every problem found.
pub fn load(config: Config, opts: LoadOptions) -> (Site, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let content_dir = config.content_dir();
    let walked = walk::walk(&config.root, &content_dir, &CATALOG_DIRS, &mut diags);
    let static_files = walk::walk(&config.root, &config.static_dir(), &[], &mut diags);
    let org = config.organization.clone();
    let (markdown, translation_files) = translations::split(&config, walked.markdown, &mut diags);
    let read: Vec<Result<page::Read, Vec<Diagnostic>>> = markdown
        .par_iter()
        .map(|(abs, rel)| read_page(abs, rel, &org, opts.drafts))
        .collect();
    let mut pages: Vec<Page> = Vec::with_capacity(read.len());
    for r in read {
        match r {
            Ok(read) => {
                pages.extend(read.page);
                diags.extend(read.warning);
            }
            Err(d) => diags.extend(d),
        }
    }
    pages.sort_by(|a, b| a.source.cmp(&b.source));
    let dates = git::last_updated(&config.root);
    for page in &mut pages {
        page.updated = page
            .meta
            .updated
            .as_ref()
            .map(|d| d.to_string())
            .or_else(|| Some(dates.as_ref()?.get(&page.source)?.date.clone()));
    }
    check_url_collisions(&pages, &mut diags);
    let mut translated_pages =
        translations::read(&config, translation_files, &pages, opts.drafts, &mut diags);
    for (_, page) in &mut translated_pages {
        let rel = page
            .display
            .strip_prefix("content/")
            .unwrap_or(&page.display);
        let updated = page.meta.updated.as_ref().map(|d| d.to_string());
        page.updated = updated.or_else(|| Some(dates.as_ref()?.get(rel)?.date.clone()));
    }
    let freshness = freshness::facts(&config.root, &pages, &translated_pages, dates.as_ref());
    let sources = [("content", walked.files), ("static", static_files.files)];
    let assets = assets(&config.root, sources, &mut diags);
    let (sections, reading_order) = build_sections(&mut pages);
    let by_source = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.source.clone(), i))
        .collect();
    let today = dates::today();
    let catalog = catalog::load(&config, &mut diags);
    let codeowners = codeowners::load(&config, &catalog, &mut diags);
    let site = Site {
        config,
        pages,
        sections,
        assets,
        by_source,
        catalog,
        codeowners,
        reading_order,
        today,
        translated: crate::site::Translated {
            pages: translated_pages,
            freshness: std::sync::Arc::new(freshness),
            ..Default::default()
        },
    };
    (site, diags)
}

/// The handbook's config and catalog from disk, without its pages: the working tree
/// as `ownbook diff` compares it with a git revision.
pub fn catalog_only(config: Config, today: String) -> (Site, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let catalog = catalog::load(&config, &mut diags);
    (Site::catalog_only(config, catalog, today), diags)
}

/// The files copied as they are, by output path (their path relative to `content/` or
/// `static/`, Unicode-normalized). Two files that would be one output are an error
/// naming both.
fn assets<const N: usize>(
    root: &Path,
    sources: [(&str, Vec<(PathBuf, String)>); N],
    diags: &mut Vec<Diagnostic>,
) -> HashMap<String, Asset> {
    let mut assets: HashMap<String, Asset> = HashMap::new();
    for (folder, files) in sources {
        for (abs, rel) in files {
            let output = nfc(&rel).into_owned();
            if let Some(first) = assets.get(&output) {
                let show = |p: &Path| fsutil::slash_path(p.strip_prefix(root).unwrap_or(p));
                diags.push(
                    Diagnostic::error(
                        "duplicate-output",
                        format!(
                            "`{}` and `{}` both become the file `{output}`",
                            show(&first.source),
                            show(&abs)
                        ),
                    )
                    .in_file(&format!("{folder}/{rel}"))
                    .hint("rename or remove one of the two files"),
                );
                continue;
            }
            let source = abs;
            assets.insert(output.clone(), Asset { source, output });
        }
    }
    assets
}

/// Loads the site again after the files `changed` (absolute paths) were modified in
/// place, reusing every other page, the assets and the catalog of `prev`. `prev` must
/// come from a load that reported no problems (so that nothing it skipped would be
/// reported again). Anything else (a file created or removed, a catalog file, a
/// different config or date, a page that now fails to load or warns) takes a full
/// `load`.
pub fn reload(
    config: Config,
    opts: LoadOptions,
    prev: Site,
    changed: &[PathBuf],
) -> (Site, Vec<Diagnostic>) {
    let today = dates::today();
    let same_config = prev.config.root == config.root
        && prev.config.source == config.source
        && prev.config.base_url == config.base_url;
    if today != prev.today || !same_config {
        return load(config, opts);
    }
    let content_dir = config.content_dir();
    let mut reread = Vec::new();
    for path in changed {
        if !path.is_file() {
            return load(config, opts);
        }
        // An asset's bytes are read when the site is written or served.
        if prev.assets.values().any(|a| a.source == *path) {
            continue;
        }
        let rel = path.strip_prefix(&content_dir).ok().map(fsutil::slash_path);
        let index = rel.as_deref().and_then(|r| prev.by_source.get(&*nfc(r)));
        // A translated original changes its translations' freshness.
        let translated = |i: &usize| {
            let source = &prev.pages[*i].source;
            prev.translated
                .freshness
                .iter()
                .any(|f| f.source == *source)
        };
        if index.is_some_and(translated) {
            return load(config, opts);
        }
        match (index, rel) {
            (Some(&i), Some(rel)) => reread.push((path, i, rel)),
            _ => return load(config, opts),
        }
    }
    let mut pages = prev.pages;
    // The section tree depends on the pages' titles and weights only.
    let mut same_tree = true;
    for (path, index, rel) in reread {
        match read_page(path, &rel, &config.organization, opts.drafts) {
            Ok(page::Read {
                page: Some(mut page),
                warning: None,
            }) => {
                let old = &pages[index];
                same_tree &= page.title == old.title && page.meta.weight == old.meta.weight;
                page.section = old.section;
                pages[index] = page;
            }
            _ => return load(config, opts),
        }
    }
    let (sections, reading_order) = if same_tree {
        (prev.sections, prev.reading_order)
    } else {
        build_sections(&mut pages)
    };
    let site = Site {
        config,
        pages,
        sections,
        assets: prev.assets,
        by_source: prev.by_source,
        catalog: prev.catalog,
        codeowners: prev.codeowners,
        reading_order,
        today,
        translated: prev.translated,
    };
    (site, Vec::new())
}

fn check_url_collisions(pages: &[Page], diags: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, &Page> = HashMap::new();
    for page in pages {
        if let Some(first) = seen.insert(&page.url, page) {
            diags.push(
                Diagnostic::error(
                    "duplicate-url",
                    format!(
                        "`{}` and `{}` both become the page `{}`",
                        first.display, page.display, page.url
                    ),
                )
                .in_file(&page.display)
                .hint("rename one of the two files"),
            );
        }
    }
}
