//! HTML pieces built in Rust for the catalog pages. Everything taken from a catalog
//! file is escaped here, and only URLs that passed `values::parse_url` become `href`s.

use crate::catalog::model::{Href, UrlField};
use crate::catalog::values::{UrlKind, parse_url};
use crate::config::guide_links::GuideTarget;
use crate::site::Site;
use crate::text::escape_html;
use crate::url::relative_url;

/// The relative URL of a link from metadata, as seen from `out_dir`.
pub fn href_url(site: &Site, href: &Href, out_dir: &str) -> Option<String> {
    match href {
        Href::External(url) => Some(url.clone()),
        Href::Internal {
            target, fragment, ..
        } => {
            let (_, out) = site.output_of(target)?;
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
    let url = match site.by_source.get(&target.path) {
        Some(&p) => site.pages[p].url.clone(),
        // A translation links to the default language's page it lacks.
        None => site.translated.elsewhere.get(&target.path)?.url.clone(),
    };
    let frag = target
        .fragment
        .as_ref()
        .map(|f| format!("#{f}"))
        .unwrap_or_default();
    Some(format!("{}{frag}", relative_url(out_dir, &url)))
}

/// Renders a description safely: raw HTML becomes text, images their alt text, and
/// links survive only if they are safe and resolve.
pub fn inline_markdown(site: &Site, md: &str, dir: &str, out_dir: &str) -> String {
    crate::markdown::inline_html(md, &|dest| resolve_link(site, dest, dir, out_dir))
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
