//! The links between pages: every guide page's and every service prose's outline
//! (headings and link destinations, read without rendering), what each destination
//! points at, and the guide pages that link to each page and catalog entry. `check`
//! reports the links that point nowhere; `render` writes the ones that do.

use super::saved::SavedOutlines;
use crate::catalog::Catalog;
use crate::markdown::{Outline, outline};
use crate::site::{Page, Site};
use crate::url::{is_dangerous_url, normalize_rel, percent_decode, scheme};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::HashMap;
use std::sync::Arc;

/// What a link destination points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    /// An empty destination.
    Empty,
    /// A scheme that would run code in the reader's browser.
    Unsafe,
    /// `#anchor` on the same page.
    SamePage(String),
    /// Anything with a scheme, or `//host/…`: left as written.
    External,
    /// A guide page, with the fragment as written.
    Page {
        page: usize,
        fragment: Option<String>,
    },
    /// In a translation: a page of the default language that has no translation into
    /// this one, by its URL from this language's root (`../guide/y/`).
    Elsewhere {
        source: String,
        url: String,
        fragment: Option<String>,
    },
    /// A catalog page by key (`service:checkout-api`).
    Catalog {
        key: String,
        fragment: Option<String>,
    },
    /// A file copied to the output (from `static/` or beside a page).
    Asset {
        path: String,
        fragment: Option<String>,
    },
    Broken(Broken),
}

/// Why a destination points nowhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Broken {
    /// `../` climbs above `content/`.
    LeavesContent,
    /// No page `content/<key>` (a path ending in `.md`, or a folder's `_index.md`).
    NoPage { key: String },
    /// No file at this path in content/ or static/.
    NoFile { path: String },
    /// No catalog entry with this key.
    NoCatalogEntry { key: String },
}

/// Resolves one link destination written in a file in `source_dir` (relative to
/// `content/`, with a trailing `/`).
pub fn resolve(site: &Site, source_dir: &str, dest: &str, image: bool) -> Link {
    if dest.is_empty() {
        return Link::Empty;
    }
    if is_dangerous_url(dest) {
        return Link::Unsafe;
    }
    if let Some(anchor) = dest.strip_prefix('#') {
        return Link::SamePage(anchor.to_string());
    }
    if dest.starts_with("//") {
        return Link::External;
    }
    if let Some(s) = scheme(dest) {
        if s == "service" || s == "team" {
            return catalog_link(&site.catalog, dest);
        }
        return Link::External;
    }
    let (path_part, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (dest, None),
    };
    let path_part = path_part.split('?').next().unwrap_or(path_part);
    // Paths are compared in one Unicode form, like the files they name.
    let decoded = crate::text::nfc(&percent_decode(path_part)).into_owned();
    let joined = match decoded.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None => format!("{source_dir}{decoded}"),
    };
    let Some(path) = normalize_rel(&joined) else {
        return Link::Broken(Broken::LeavesContent);
    };
    let elsewhere = &site.translated.elsewhere;
    // A path to a `.md` file names that page; any other names a folder's `_index.md`
    // when there is one (looked for only then: most links name a page).
    let key = if path.ends_with(".md") {
        path
    } else {
        let folder_index = format!("{path}/_index.md");
        let is_folder =
            site.by_source.contains_key(&folder_index) || elsewhere.contains_key(&folder_index);
        if image || !is_folder {
            return if site.assets.contains_key(&path) {
                Link::Asset { path, fragment }
            } else {
                Link::Broken(Broken::NoFile { path })
            };
        }
        folder_index
    };
    match site.by_source.get(&key) {
        Some(&page) => Link::Page { page, fragment },
        None => match elsewhere.get(&key) {
            Some(other) => Link::Elsewhere {
                url: other.url.clone(),
                source: key,
                fragment,
            },
            None => Link::Broken(Broken::NoPage { key }),
        },
    }
}

fn catalog_link(catalog: &Catalog, dest: &str) -> Link {
    let (key, fragment) = match dest.split_once('#') {
        Some((k, f)) => (k, Some(f.to_string())),
        None => (dest, None),
    };
    match catalog.url_of(key) {
        Some(_) => Link::Catalog {
            key: key.to_string(),
            fragment,
        },
        None => Link::Broken(Broken::NoCatalogEntry {
            key: key.to_string(),
        }),
    }
}

/// A text's outline and what each of its links resolved to (in the same order).
#[derive(Debug, Clone)]
pub struct Resolved {
    pub outline: Arc<Outline>,
    pub links: Vec<Link>,
}

/// Pages linking to a page (by index) or to a catalog entry (by key such as
/// `service:checkout-api`).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Backlinks {
    pub pages: Vec<Vec<usize>>,
    pub catalog: HashMap<String, Vec<usize>>,
}

/// The links of a whole site.
#[derive(Debug, Default)]
pub struct Links {
    /// One per guide page, in `site.pages` order.
    pub pages: Vec<Arc<Resolved>>,
    /// One per service, in `catalog.services` order (`None`: no prose).
    pub prose: Vec<Option<Arc<Resolved>>>,
    pub backlinks: Backlinks,
}

impl Links {
    /// Lets go of every text's outline and link targets, keeping the backlinks: once
    /// the checks have run, rendering needs nothing else.
    pub fn forget_outlines(&mut self) {
        self.pages = Vec::new();
        self.prose = Vec::new();
    }
}

/// What analyses of one site (`serve`) keep, by page source: a page whose text did not
/// change is not parsed again, and its links are not resolved again while the pages,
/// files and catalog entries they could point at stay the same.
#[derive(Default)]
pub struct OutlineCache {
    entries: FxHashMap<String, CachedPage>,
    org: String,
}

struct CachedPage {
    raw: Arc<str>,
    body_start: usize,
    /// The link world the links were resolved in.
    world: u64,
    resolved: Arc<Resolved>,
}

impl OutlineCache {
    /// The cached analysis of `page`: its outline if the text is the same, and its
    /// links too if they were resolved in `world`.
    fn get(&self, page: &Page, world: u64) -> Option<Result<Arc<Resolved>, Arc<Outline>>> {
        let e = self.entries.get(&page.source)?;
        let same = e.body_start == page.body_start
            && (Arc::ptr_eq(&e.raw, &page.raw) || e.raw == page.raw);
        if !same {
            return None;
        }
        Some(if e.world == world {
            Ok(e.resolved.clone())
        } else {
            Err(e.resolved.outline.clone())
        })
    }
}

/// Reads and resolves the links of every guide page and service prose. With a cache,
/// only pages whose text changed are parsed again; with outlines a previous run
/// saved, only pages whose files changed since.
pub fn analyze(
    site: &Site,
    cache: Option<&mut OutlineCache>,
    saved: Option<&SavedOutlines>,
) -> Links {
    let org = site.config.organization.as_str();
    let pages = resolve_pages(site, cache, saved);
    let prose = site
        .catalog
        .services
        .par_iter()
        .map(|s| {
            let p = s.prose.as_ref()?;
            let outline = Arc::new(outline(&p.file.text, p.body_start, org));
            Some(Arc::new(resolve_all(site, &s.file.dir, outline)))
        })
        .collect();
    let backlinks = Backlinks::of(site, &pages);
    Links {
        pages,
        prose,
        backlinks,
    }
}

fn resolve_pages(
    site: &Site,
    cache: Option<&mut OutlineCache>,
    saved: Option<&SavedOutlines>,
) -> Vec<Arc<Resolved>> {
    let org = site.config.organization.as_str();
    let fresh = |page: &Page, known: Option<Arc<Outline>>| {
        let outline = known
            .or_else(|| saved?.get(page))
            .unwrap_or_else(|| Arc::new(outline(&page.raw, page.body_start, org)));
        Arc::new(resolve_all(site, page.source_dir(), outline))
    };
    let Some(cache) = cache else {
        return site.pages.par_iter().map(|p| fresh(p, None)).collect();
    };
    if cache.org != org {
        cache.entries.clear();
        cache.org = org.to_string();
    }
    let world = link_world(site);
    let shared = &*cache;
    let found: Vec<(Arc<Resolved>, bool)> = site
        .pages
        .par_iter()
        .map(|page| match shared.get(page, world) {
            Some(Ok(resolved)) => (resolved, true),
            Some(Err(outline)) => (fresh(page, Some(outline)), false),
            None => (fresh(page, None), false),
        })
        .collect();
    for (page, (resolved, hit)) in site.pages.iter().zip(&found) {
        if !hit {
            let entry = CachedPage {
                raw: page.raw.clone(),
                body_start: page.body_start,
                world,
                resolved: resolved.clone(),
            };
            cache.entries.insert(page.source.clone(), entry);
        }
    }
    if cache.entries.len() != site.pages.len() {
        cache
            .entries
            .retain(|source, _| site.by_source.contains_key(source));
    }
    found.into_iter().map(|(resolved, _)| resolved).collect()
}

/// Everything a link can resolve against: the pages (by path, in order), the copied
/// files, and the catalog's entries.
fn link_world(site: &Site) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    for p in &site.pages {
        p.source.hash(&mut h);
    }
    let mut assets: Vec<&String> = site.assets.keys().collect();
    assets.sort_unstable();
    assets.hash(&mut h);
    let c = &site.catalog;
    for s in &c.services {
        s.id.hash(&mut h);
    }
    for t in &c.teams {
        t.id.hash(&mut h);
    }
    let mut broken: Vec<&str> = c.broken_keys().collect();
    broken.sort_unstable();
    broken.hash(&mut h);
    h.finish()
}

fn resolve_all(site: &Site, source_dir: &str, outline: Arc<Outline>) -> Resolved {
    let links = outline
        .links
        .iter()
        .map(|l| resolve(site, source_dir, &l.dest, l.image))
        .collect();
    Resolved { outline, links }
}

impl Backlinks {
    /// Who links to whom: every link to another page or to a catalog entry, once per
    /// linking page, in page order.
    fn of(site: &Site, pages: &[Arc<Resolved>]) -> Backlinks {
        let mut backlinks = Backlinks {
            pages: vec![Vec::new(); site.pages.len()],
            catalog: HashMap::new(),
        };
        for (from, resolved) in pages.iter().enumerate() {
            for link in &resolved.links {
                let list = match link {
                    Link::Page { page, .. } if *page != from => &mut backlinks.pages[*page],
                    Link::Catalog { key, .. } => backlinks.catalog.entry(key.clone()).or_default(),
                    _ => continue,
                };
                // Pages are read in order, so an earlier link from this page is last.
                if list.last() != Some(&from) {
                    list.push(from);
                }
            }
        }
        backlinks
    }
}
