//! Links in guide pages and service prose: destinations that point nowhere or would
//! run code, and `#anchors` that name no heading of the page (or no element of the
//! catalog page) they point at. Everything is read from the outlines analysis made,
//! so no page has to be rendered first.

use crate::analyze::links::{Broken, Link, Links, Resolved};
use crate::catalog::{Catalog, SERVICE_ANCHORS, TEAM_ANCHORS};
use crate::diag::{Diagnostic, Limit};
use crate::markdown::LinkRef;
use crate::site::Site;
use rayon::prelude::*;

const ANCHOR_HINT: &str =
    "link to one of the page's headings (their ids are the heading text in lowercase with dashes)";

/// The file a link is written in.
struct From<'a> {
    display: &'a str,
    text: &'a str,
    /// The guide page, `None` for service prose.
    page: Option<usize>,
}

/// Checks every link of every guide page and service prose. Pages are checked side by
/// side (a large site's pages are most of the work; their diagnostics keep page order).
pub fn check(site: &Site, links: &Links) -> Vec<Diagnostic> {
    let by_page: Vec<Vec<Diagnostic>> = (0..site.pages.len())
        .into_par_iter()
        .map(|i| {
            let page = &site.pages[i];
            let from = From {
                display: &page.display,
                text: &page.raw,
                page: Some(i),
            };
            let mut diags = Vec::new();
            check_text(site, links, &from, &links.pages[i], &mut diags);
            diags
        })
        .collect();
    let mut diags: Vec<Diagnostic> = by_page.into_iter().flatten().collect();
    for (s, prose) in site.catalog.services.iter().zip(&links.prose) {
        if let (Some(p), Some(resolved)) = (&s.prose, prose) {
            let from = From {
                display: &p.file.display,
                text: &p.file.text,
                page: None,
            };
            check_text(site, links, &from, resolved, &mut diags);
        }
    }
    diags
}

fn check_text(
    site: &Site,
    links: &Links,
    from: &From,
    resolved: &Resolved,
    diags: &mut Vec<Diagnostic>,
) {
    let mut limit = Limit::default();
    for (written, link) in resolved.outline.links.iter().zip(&resolved.links) {
        let problem = match link {
            Link::Unsafe => Some(
                Diagnostic::error(
                    "unsafe-url",
                    format!("`{}` would run code in the reader's browser", written.dest),
                )
                .hint("link to an http(s) address or a page of the handbook"),
            ),
            Link::Broken(why) => Some(broken(site, written, why)),
            Link::Asset { path, .. } if written.image => large_image(site, path),
            _ => missing_anchor(site, links, from, link),
        };
        // Placing a diagnostic scans the file: past the limit they are only counted.
        if let Some(d) = problem.filter(|d| limit.allows(&d.code, d.severity)) {
            diags.push(d.at(from.display, from.text, written.offset, written.len));
        }
    }
    diags.extend(limit.summaries(from.display));
}

/// An image so large that it slows the page down for readers on a slow connection.
fn large_image(site: &Site, path: &str) -> Option<Diagnostic> {
    let bytes = std::fs::metadata(&site.assets.get(path)?.source)
        .ok()?
        .len();
    (bytes > crate::imagefile::LARGE_BYTES).then(|| {
        Diagnostic::warning(
            "large-image",
            format!(
                "the image `{path}` is {:.1} MB, which a reader on a slow connection waits seconds for",
                bytes as f64 / 1e6
            ),
        )
        .hint("make it smaller than 1 MB: scale it to the width it is shown at (about 1600 px), or save it as JPEG or WebP")
    })
}

fn broken(site: &Site, written: &LinkRef, why: &Broken) -> Diagnostic {
    let dest = &written.dest;
    let (msg, hint) = match why {
        Broken::LeavesContent => (
            format!("link to `{dest}` leaves the content folder"),
            "links are relative to this file's folder; remove a `../`".to_string(),
        ),
        Broken::NoPage { key } => (
            format!("link to `{dest}` does not resolve: there is no page content/{key}"),
            suggestion(site, key)
                .map(|s| format!("did you mean `{s}`? Links are relative to this file's folder"))
                .unwrap_or_else(|| {
                    "check the path; links are relative to this file's folder".to_string()
                }),
        ),
        Broken::NoFile { path } => (
            format!(
                "{} `{dest}` does not exist (looked for content/{path} and static/{path})",
                if written.image { "image" } else { "file" }
            ),
            "put the file next to the page or in static/, or fix the path".to_string(),
        ),
        Broken::NoCatalogEntry { key } => {
            let (kind, id) = key.split_once(':').unwrap_or(("service", key));
            let folder = if kind == "team" { "teams" } else { "services" };
            let catalog = &site.catalog;
            let ids: Vec<&str> = if kind == "team" {
                catalog.teams.iter().map(|t| t.id.as_str()).collect()
            } else {
                catalog.services.iter().map(|s| s.id.as_str()).collect()
            };
            let fallback = format!("catalog entries are the files content/{folder}/<id>.toml");
            (
                format!("there is no {kind} `{id}` in the catalog"),
                crate::text::did_you_mean(id, ids, &fallback),
            )
        }
    };
    Diagnostic::error("broken-link", msg).hint(hint)
}

/// A page with the same file name elsewhere, to suggest for a broken link.
fn suggestion(site: &Site, missing: &str) -> Option<String> {
    let name = missing.rsplit('/').next()?;
    site.pages
        .iter()
        .find(|p| p.source.rsplit('/').next() == Some(name))
        .map(|p| format!("content/{}", p.source))
}

/// Where the ids a link's `#anchor` could have named are listed, for the hint; only
/// looked up for an anchor that names nothing (most links' anchors are fine).
enum Ids<'a> {
    Page(usize),
    Listed(&'a [String]),
    Catalog(&'a str),
}

/// The problem with a link's `#anchor`, if it names nothing on the page it points at.
fn missing_anchor(site: &Site, links: &Links, from: &From, link: &Link) -> Option<Diagnostic> {
    let (anchor, found, target, ids) = match (link, from.page) {
        (Link::SamePage(anchor), Some(page)) => {
            let found = has_heading(links, page, anchor, true);
            let target = site.pages[page].display.as_str();
            (anchor, found, target, Ids::Page(page))
        }
        (Link::Page { page, fragment }, _) => {
            let anchor = fragment.as_ref().filter(|f| !f.is_empty())?;
            // Footnote ids are made by pulldown-cmark, not by headings.
            let found = has_heading(links, *page, anchor, from.page.is_some());
            let target = site.pages[*page].display.as_str();
            (anchor, found, target, Ids::Page(*page))
        }
        (
            Link::Elsewhere {
                source, fragment, ..
            },
            _,
        ) => {
            let anchor = fragment.as_ref().filter(|f| !f.is_empty())?;
            let other = site.translated.elsewhere.get(source)?;
            let ids = &other.heading_ids;
            let found = ids.iter().any(|id| id == anchor)
                || anchor.starts_with("fn-")
                || anchor.starts_with("fnref-");
            (anchor, found, other.display.as_str(), Ids::Listed(ids))
        }
        (Link::Catalog { key, fragment }, _) => {
            let anchor = fragment.as_ref()?;
            let found = has_anchor(&site.catalog, links, key, anchor);
            (anchor, found, key.as_str(), Ids::Catalog(key))
        }
        _ => return None,
    };
    if found {
        return None;
    }
    let message = match from.page {
        Some(_) => format!("`#{anchor}` is not a heading of {target}"),
        None => format!("`#{anchor}` is not a heading of the linked page"),
    };
    let ids = match ids {
        Ids::Page(page) => heading_ids(links, page),
        Ids::Listed(ids) => ids.to_vec(),
        Ids::Catalog(key) => catalog_anchors(&site.catalog, links, key),
    };
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    let hint = crate::text::did_you_mean(anchor, ids, ANCHOR_HINT);
    Some(Diagnostic::error("broken-anchor", message).hint(hint))
}

/// The heading ids of a guide page.
fn heading_ids(links: &Links, page: usize) -> Vec<String> {
    let headings = &links.pages[page].outline.headings;
    headings.iter().map(|h| h.id.clone()).collect()
}

/// The ids a catalog page has (the fixed ones, a team's rotations and policies, and
/// the headings of a service's prose).
fn catalog_anchors(catalog: &Catalog, links: &Links, key: &str) -> Vec<String> {
    let fixed = |list: &[&str]| list.iter().map(|a| a.to_string()).collect::<Vec<_>>();
    match key.split_once(':') {
        Some(("service", id)) => {
            let mut ids = fixed(SERVICE_ANCHORS);
            if let Some(prose) = catalog
                .service_position(id)
                .and_then(|i| links.prose[i].as_ref())
            {
                ids.extend(prose.outline.headings.iter().map(|h| h.id.clone()));
            }
            ids
        }
        Some(("team", id)) => {
            let mut ids = fixed(TEAM_ANCHORS);
            if let Some(t) = catalog.team(id) {
                ids.extend(
                    t.rotations
                        .iter()
                        .map(|r| format!("rotation-{}", r.id.value)),
                );
                ids.extend(t.policies.iter().map(|p| format!("policy-{}", p.id.value)));
            }
            ids
        }
        _ => Vec::new(),
    }
}

fn has_heading(links: &Links, page: usize, anchor: &str, footnotes: bool) -> bool {
    links.pages[page].outline.has_heading(anchor)
        || (footnotes && (anchor.starts_with("fn-") || anchor.starts_with("fnref-")))
}

/// Whether the catalog page of `key` has a heading or element with id `anchor`.
pub fn has_anchor(catalog: &Catalog, links: &Links, key: &str, anchor: &str) -> bool {
    if catalog.is_broken(key) {
        return true;
    }
    match key.split_once(':') {
        Some(("service", id)) => catalog.service_position(id).is_some_and(|i| {
            let s = &catalog.services[i];
            SERVICE_ANCHORS.contains(&anchor)
                || (anchor == "links" && !(s.dashboards.is_empty() && s.links.is_empty()))
                || (anchor == "notes" && s.prose.is_some())
                || links.prose[i]
                    .as_ref()
                    .is_some_and(|p| p.outline.has_heading(anchor))
        }),
        Some(("team", id)) => catalog.team(id).is_some_and(|t| {
            TEAM_ANCHORS.contains(&anchor)
                || t.rotations
                    .iter()
                    .any(|r| anchor == format!("rotation-{}", r.id.value))
                || t.policies
                    .iter()
                    .any(|p| anchor == format!("policy-{}", p.id.value))
        }),
        _ => false,
    }
}
