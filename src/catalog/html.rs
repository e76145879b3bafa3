//! HTML pieces built in Rust for the catalog pages, and the check of catalog links
//! into the guide. Everything taken from a catalog file is escaped here, and only
//! URLs that passed `values::parse_url` become `href`s.

use super::guide_links::GuideTarget;
use super::model::{Href, SourceFile, UrlField};
use super::values::{UrlKind, parse_url};
use crate::diag::Diagnostic;
use crate::markdown::{LinkTarget, PendingLink};
use crate::site::Site;
use crate::text::escape_html;
use crate::url::relative_url;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// The output path (relative to the site root) of a file of the handbook, given as a
/// path relative to `content/`: a page's folder, or a copied file.
fn output_of(site: &Site, target: &str) -> Option<(Option<usize>, String)> {
    let page = if target.ends_with(".md") {
        site.by_source.get(target)
    } else {
        let dir = target.trim_end_matches('/');
        site.by_source.get(&format!("{dir}/_index.md"))
    };
    if let Some(&p) = page {
        return Some((Some(p), site.pages[p].url.clone()));
    }
    site.assets.get(target).map(|a| (None, a.output.clone()))
}

/// The relative URL of a link from metadata, as seen from `out_dir`.
pub fn href_url(site: &Site, href: &Href, out_dir: &str) -> Option<String> {
    match href {
        Href::External(url) => Some(url.clone()),
        Href::Internal {
            target, fragment, ..
        } => {
            let (_, out) = output_of(site, target)?;
            let frag = fragment
                .as_ref()
                .map(|f| format!("#{f}"))
                .unwrap_or_default();
            Some(format!("{}{frag}", relative_url(out_dir, &out)))
        }
    }
}

/// `<a href="…">label</a>` for a URL field, or its escaped text when it is a channel
/// name or a link that does not resolve.
pub fn url_html(site: &Site, field: &UrlField, out_dir: &str, label: Option<&str>) -> String {
    let text = escape_html(label.unwrap_or(&field.text));
    match field.href.as_ref().and_then(|h| href_url(site, h, out_dir)) {
        Some(url) => format!("<a href=\"{}\">{text}</a>", escape_html(&url)),
        None => text,
    }
}

/// A mailto link for a checked e-mail address.
pub fn email_html(email: &str) -> String {
    let e = escape_html(email);
    format!("<a href=\"mailto:{e}\">{e}</a>")
}

/// The URL of a guide page that explains a catalog value, if the page exists.
pub fn guide_url(site: &Site, target: Option<&GuideTarget>, out_dir: &str) -> Option<String> {
    let target = target?;
    let &p = site.by_source.get(&target.path)?;
    let frag = target
        .fragment
        .as_ref()
        .map(|f| format!("#{f}"))
        .unwrap_or_default();
    Some(format!(
        "{}{frag}",
        relative_url(out_dir, &site.pages[p].url)
    ))
}

/// Renders a short Markdown text (a description) safely: raw HTML becomes text,
/// images become their alt text, and links survive only if they are safe and resolve.
pub fn inline_markdown(site: &Site, md: &str, dir: &str, out_dir: &str) -> String {
    let mut links: Vec<bool> = Vec::new();
    let events = Parser::new_ext(md, pulldown_cmark::Options::ENABLE_STRIKETHROUGH).filter_map(
        |ev| match ev {
            Event::Html(s) | Event::InlineHtml(s) => Some(Event::Text(s)),
            Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let url = resolve_link(site, &dest_url, dir, out_dir);
                links.push(url.is_some());
                url.map(|u| {
                    Event::Start(Tag::Link {
                        link_type,
                        dest_url: u.into(),
                        title,
                        id,
                    })
                })
            }
            Event::End(TagEnd::Link) => links.pop().unwrap_or(false).then_some(ev),
            other => Some(other),
        },
    );
    let mut html = String::with_capacity(md.len() + 32);
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

fn resolve_link(site: &Site, dest: &str, dir: &str, out_dir: &str) -> Option<String> {
    if let Some(key) = ["service:", "team:"]
        .iter()
        .find(|p| dest.starts_with(**p))
        .map(|_| dest)
    {
        let (key, frag) = key
            .split_once('#')
            .map_or((key, None), |(k, f)| (k, Some(f)));
        let url = site.catalog.url_of(key)?;
        return Some(format!(
            "{}{}",
            relative_url(out_dir, &url),
            frag.map(|f| format!("#{f}")).unwrap_or_default()
        ));
    }
    let href = parse_url(dest, dir, UrlKind::Link).ok().flatten()?;
    href_url(site, &href, out_dir)
}

/// The plain text of a Markdown text (for tables, tooltips and search).
pub fn plain_text(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    for ev in Parser::new(md) {
        match ev {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock,
            ) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Heading ids of a guide page (rendered once more, without highlighting).
fn heading_ids(site: &Site, page: usize) -> Vec<String> {
    crate::render::render_markdown(
        site,
        page,
        &site.pages[page],
        crate::markdown::Mode::Page,
        false,
    )
    .headings
    .into_iter()
    .map(|h| h.id)
    .collect()
}

/// Checks relative links in catalog files and the configured guide links.
pub fn check_links(site: &Site) -> Vec<Diagnostic> {
    let c = &site.catalog;
    let mut diags = Vec::new();
    let mut headings: std::collections::HashMap<usize, Vec<String>> = Default::default();
    let mut check = |file: &SourceFile, field: &UrlField, diags: &mut Vec<Diagnostic>| {
        let Some(Href::Internal {
            target,
            fragment,
            written,
        }) = &field.href
        else {
            return;
        };
        let problem = match output_of(site, target) {
            None => Some((
                format!("`{written}` does not resolve: there is no page or file content/{target}"),
                "relative links start from this file's folder, e.g. ../guide/ownership-functions.md",
            )),
            Some((Some(page), _)) => fragment.as_ref().and_then(|f| {
                let ids = headings.entry(page).or_insert_with(|| heading_ids(site, page));
                (!ids.contains(f)).then(|| {
                    (
                        format!("`#{f}` is not a heading of content/{target}"),
                        "link to one of the page's headings (their ids are the heading text in lowercase with dashes)",
                    )
                })
            }),
            Some((None, _)) => None,
        };
        if let Some((msg, hint)) = problem {
            diags.push(
                Diagnostic::error("broken-link", msg)
                    .at(&file.display, &file.text, field.span.start, field.span.len)
                    .hint(hint),
            );
        }
    };
    for s in &c.services {
        let named = s.dashboards.iter().chain(&s.links).map(|l| &l.url);
        for f in [&s.repository, &s.runbook, &s.chat]
            .into_iter()
            .flatten()
            .chain(named)
        {
            check(&s.file, f, &mut diags);
        }
    }
    for t in &c.teams {
        if let Some(f) = &t.chat {
            check(&t.file, f, &mut diags);
        }
    }
    let config = &site.config;
    for target in c.settings.guide_links.all() {
        let Some(span) = &target.span else { continue };
        let problem = match site.by_source.get(&target.path) {
            None => Some(format!(
                "the guide link `{}` names no page (there is no content/{})",
                target.path, target.path
            )),
            Some(&p) => target.fragment.as_ref().and_then(|f| {
                let ids = headings.entry(p).or_insert_with(|| heading_ids(site, p));
                (!ids.contains(f))
                    .then(|| format!("`#{f}` is not a heading of content/{}", target.path))
            }),
        };
        if let Some(msg) = problem {
            diags.push(
                Diagnostic::error("config", msg)
                    .at(crate::config::CONFIG_FILE, &config.source, span.start, span.len())
                    .hint("guide links are page paths relative to content/, e.g. \"guide/escalation-policies.md#timeouts-per-tier\""),
            );
        }
    }
    diags
}

/// Anchors of links in service prose, checked once every heading is known.
pub fn check_prose_anchors(
    site: &Site,
    pending: &[(usize, PendingLink)],
    diags: &mut Vec<Diagnostic>,
) {
    let mut cache: std::collections::HashMap<usize, Vec<String>> = Default::default();
    for (i, link) in pending {
        let Some(anchor) = &link.anchor else { continue };
        let ok = match &link.target {
            LinkTarget::Page(p) => cache
                .entry(*p)
                .or_insert_with(|| heading_ids(site, *p))
                .contains(anchor),
            LinkTarget::Catalog(key) => super::has_anchor(&site.catalog, key, anchor),
        };
        let Some(prose) = &site.catalog.services[*i].prose else {
            continue;
        };
        if !ok {
            diags.push(
                Diagnostic::error("broken-anchor", format!("`#{anchor}` is not a heading of the linked page"))
                    .at(&prose.file.display, &prose.file.text, link.offset, link.len)
                    .hint("link to one of the page's headings (their ids are the heading text in lowercase with dashes)"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_flattens_markdown() {
        assert_eq!(
            plain_text("**Bold** and `code`\n\nnext"),
            "Bold and code next"
        );
    }
}
