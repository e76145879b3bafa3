//! Anchor checks and backlinks: once every page's Markdown is rendered, each
//! recorded `#anchor` is checked against the target's headings, and the links are
//! turned around into "pages linking here".

use super::{Backlinks, SharedRendered};
use crate::diag::Diagnostic;
use crate::markdown::LinkTarget;
use crate::site::Site;
use std::collections::HashMap;

/// Checks every recorded `#anchor` against the target page's headings, and collects
/// backlinks.
pub(super) fn check_links(
    site: &Site,
    rendered: &[SharedRendered],
    diags: &mut Vec<Diagnostic>,
) -> Backlinks {
    // A page has a handful of headings: scanning them beats building a set per page
    // on every (incremental) render.
    let has_heading = |page: usize, id: &str| rendered[page].headings.iter().any(|h| h.id == id);
    let mut backlinks = Backlinks::empty(site);
    for (from, r) in rendered.iter().enumerate() {
        let page = &site.pages[from];
        for link in &r.links {
            backlinks.add(from, &link.target);
            let missing = match &link.target {
                LinkTarget::Page(t) => link
                    .anchor
                    .as_deref()
                    .filter(|a| !has_heading(*t, a) && !is_footnote_anchor(a))
                    .map(|a| (a.to_string(), site.pages[*t].display.clone())),
                LinkTarget::Catalog(key) => link
                    .anchor
                    .as_deref()
                    .filter(|a| !crate::catalog::has_anchor(&site.catalog, key, a))
                    .map(|a| (a.to_string(), key.clone())),
            };
            if let Some((anchor, target)) = missing {
                diags.push(
                    Diagnostic::error("broken-anchor", format!("`#{anchor}` is not a heading of {target}"))
                        .at(&page.display, &page.raw, link.offset, link.len)
                        .hint("link to one of the page's headings (their ids are the heading text in lowercase with dashes)"),
                );
            }
        }
    }
    backlinks
}

impl Backlinks {
    fn empty(site: &Site) -> Backlinks {
        Backlinks {
            pages: vec![Vec::new(); site.pages.len()],
            catalog: HashMap::new(),
        }
    }

    /// Records that page `from` links to `target` (once; a page's links to itself
    /// are not backlinks).
    fn add(&mut self, from: usize, target: &LinkTarget) {
        let list = match target {
            LinkTarget::Page(t) if *t == from => return,
            LinkTarget::Page(t) => &mut self.pages[*t],
            LinkTarget::Catalog(key) => self.catalog.entry(key.clone()).or_default(),
        };
        if !list.contains(&from) {
            list.push(from);
        }
    }

    /// The backlinks of every page from each page's link targets (in page order, as
    /// `check_links` finds them).
    pub(super) fn from_targets(site: &Site, targets: &[Vec<LinkTarget>]) -> Backlinks {
        let mut backlinks = Backlinks::empty(site);
        for (from, list) in targets.iter().enumerate() {
            for target in list {
                backlinks.add(from, target);
            }
        }
        backlinks
    }
}

fn is_footnote_anchor(a: &str) -> bool {
    a.starts_with("fn-") || a.starts_with("fnref-")
}
