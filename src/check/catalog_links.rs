//! Links from catalog files into the guide: relative URLs in service and team files
//! (runbooks, dashboards, chat pages kept in the handbook) and the `[guide_links]` of
//! ownbook.toml must name pages and headings that exist.

use crate::analyze::links::Links;
use crate::catalog::model::{Href, SourceFile, UrlField};
use crate::config::CONFIG_FILE;
use crate::diag::Diagnostic;
use crate::site::Site;

const ANCHOR_HINT: &str =
    "link to one of the page's headings (their ids are the heading text in lowercase with dashes)";

/// Checks relative links in catalog files and the configured guide links.
pub fn check(site: &Site, links: &Links) -> Vec<Diagnostic> {
    let c = &site.catalog;
    let mut diags = Vec::new();
    for s in &c.services {
        let named = s.dashboards.iter().chain(&s.links).map(|l| &l.url);
        for f in [&s.repository, &s.runbook, &s.chat]
            .into_iter()
            .flatten()
            .chain(named)
        {
            diags.extend(url_field(site, links, &s.file, f));
        }
    }
    for t in &c.teams {
        if let Some(f) = &t.chat {
            diags.extend(url_field(site, links, &t.file, f));
        }
    }
    guide_links(site, links, &mut diags);
    diags
}

/// A relative URL of a catalog file that names no page or file, or no heading there.
fn url_field(
    site: &Site,
    links: &Links,
    file: &SourceFile,
    field: &UrlField,
) -> Option<Diagnostic> {
    let Some(Href::Internal {
        target,
        fragment,
        written,
    }) = &field.href
    else {
        return None;
    };
    let (msg, hint) = match site.output_of(target) {
        None => (
            format!("`{written}` does not resolve: there is no page or file content/{target}"),
            "relative links start from this file's folder, e.g. ../guide/ownership-functions.md",
        ),
        Some((Some(page), _)) => {
            let f = fragment.as_ref()?;
            if links.pages[page].outline.has_heading(f) {
                return None;
            }
            (
                format!("`#{f}` is not a heading of content/{target}"),
                ANCHOR_HINT,
            )
        }
        Some((None, _)) => return None,
    };
    Some(
        Diagnostic::error("broken-link", msg)
            .at(&file.display, &file.text, field.span.start, field.span.len)
            .hint(hint),
    )
}

/// `[guide_links]` targets that name no page, or no heading of it.
fn guide_links(site: &Site, links: &Links, diags: &mut Vec<Diagnostic>) {
    let config = &site.config;
    if site.is_translation() {
        // Its guide pages are the default language's where not translated.
        return;
    }
    for target in config.settings.guide_links.all() {
        let Some(span) = &target.span else { continue };
        let problem = match site.by_source.get(&target.path) {
            None => Some(format!(
                "the guide link `{}` names no page (there is no content/{})",
                target.path, target.path
            )),
            Some(&p) => target.fragment.as_ref().and_then(|f| {
                (!links.pages[p].outline.has_heading(f))
                    .then(|| format!("`#{f}` is not a heading of content/{}", target.path))
            }),
        };
        if let Some(msg) = problem {
            diags.push(
                Diagnostic::error("config", msg)
                    .at(CONFIG_FILE, &config.source, span.start, span.len())
                    .hint("guide links are page paths relative to content/, e.g. \"guide/escalation-policies.md#timeouts-per-tier\""),
            );
        }
    }
}
