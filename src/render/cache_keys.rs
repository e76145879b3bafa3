//! What the render caches are keyed on: the link world Markdown resolves against, the
//! configuration as keys spell it, and the site-wide and per-page inputs of every
//! page's HTML (the module docs of `render::cache` list them).

use super::Ctx;
use crate::site::{Child, Site};
use std::hash::{DefaultHasher, Hash, Hasher};

pub(super) fn hash_of(value: impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// Everything links in Markdown resolve against (see the module docs).
pub(super) fn link_world(site: &Site, catalog_stamp: u64) -> u64 {
    let mut h = DefaultHasher::new();
    pages_world(site, catalog_stamp).hash(&mut h);
    let mut assets: Vec<(&String, &crate::site::Asset)> = site.assets.iter().collect();
    assets.sort_unstable_by_key(|(path, _)| *path);
    for (path, asset) in assets {
        let file = std::fs::metadata(&asset.source).ok();
        let stamp = file.map(|m| (m.len(), m.modified().ok()));
        (path, stamp).hash(&mut h);
    }
    h.finish()
}

/// The link world but the assets (which the build cache names by content).
pub(super) fn pages_world(site: &Site, catalog_stamp: u64) -> u64 {
    let mut h = DefaultHasher::new();
    site.config.organization.hash(&mut h);
    catalog_stamp.hash(&mut h);
    for p in &site.pages {
        (&p.source, &p.url, p.kind as u8).hash(&mut h);
    }
    h.finish()
}

/// What page `index` shows of itself besides its Markdown: its "last updated" date
/// (from git, which its text does not name), whether its review is overdue (the only
/// thing a guide page takes from today's date, so a new day re-renders only pages
/// whose review falls due) and the languages it exists in.
fn page_own(site: &Site, index: usize) -> u64 {
    let page = &site.pages[index];
    let reviewed = page.meta.reviewed.as_ref().map(|d| d.to_string());
    let stale = crate::catalog::model::review_overdue(
        reviewed.as_deref(),
        page.meta.review_every,
        &site.today,
    );
    let languages = site.translated.available.get(&page.url);
    hash_of((&page.updated, stale, languages))
}

/// The configuration as cache keys name it: ownbook.toml's text (every setting comes
/// from it) and what the command line and the language being built add to it. Not
/// the site's folder, so a checkout elsewhere (a CI runner) reuses the cache.
pub fn config_key(config: &crate::config::Config) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(config.source.len() + 256);
    let mut part = |b: &[u8]| {
        bytes.extend_from_slice(&(b.len() as u64).to_le_bytes());
        bytes.extend_from_slice(b);
    };
    part(config.source.as_bytes());
    part(config.base_url.as_deref().unwrap_or("").as_bytes());
    part(&[u8::from(config.base_url.is_some())]);
    part(config.language.as_bytes());
    for (key, text) in config.strings.iter() {
        part(key.as_bytes());
        part(text.as_bytes());
    }
    bytes
}

/// The site-wide inputs of every page's HTML (see the module docs), and the inputs
/// of each page's HTML that are not in its Markdown nor site-wide.
pub(super) struct SiteKeys {
    site: u64,
    /// By page: the page's own inputs of its HTML besides its Markdown (see `page_own`).
    own: Vec<u64>,
}

impl SiteKeys {
    pub(super) fn new(cx: &Ctx) -> Self {
        let site = cx.site;
        let mut h = DefaultHasher::new();
        config_key(&site.config).hash(&mut h);
        cx.theme.stamp.hash(&mut h);
        for e in &cx.nav {
            (&e.title, &e.url).hash(&mut h);
        }
        for sec in &site.sections {
            (
                &sec.dir, &sec.title, sec.weight, sec.index, sec.parent, &sec.url,
            )
                .hash(&mut h);
            for child in &sec.children {
                match *child {
                    Child::Page(p) => (0u8, p).hash(&mut h),
                    Child::Section(s) => (1u8, s).hash(&mut h),
                }
            }
        }
        site.reading_order.hash(&mut h);
        for p in &site.pages {
            (&p.url, &p.title, &p.description, p.kind as u8, p.section).hash(&mut h);
        }
        let own = (0..site.pages.len()).map(|i| page_own(site, i)).collect();
        SiteKeys {
            site: h.finish(),
            own,
        }
    }

    /// The key of page `index`'s HTML.
    pub(super) fn page(
        &self,
        index: usize,
        markdown_id: u64,
        backlinks: &[usize],
        position: Option<usize>,
    ) -> u64 {
        let own = self.own.get(index);
        hash_of((self.site, index, markdown_id, backlinks, position, own))
    }

    /// The site-wide key alone (a section's exported Markdown lists its pages).
    pub(super) fn site(&self) -> u64 {
        self.site
    }

    /// The key of a print file, from the print renders of the pages it shows (the
    /// site key covers which files there are, which their links depend on).
    pub(super) fn print(&self, path: &str, markdown_ids: &[u64]) -> u64 {
        hash_of((self.site, path, markdown_ids))
    }
}
