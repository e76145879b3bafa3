//! The files around the pages: 404.html, redirect pages for aliases, sitemap.xml (and
//! its parts on a large site) and robots.txt. (print.html is rendered by `render_print`, which can be deferred.)

use super::context::favicon_path;
use super::nav::LinkCtx;
use super::sitemap;
use super::{Ctx, base_context, theme};
use crate::diag::Diagnostic;
use crate::output::OutputFile;
use crate::text::escape_html;
use crate::url::{normalize_rel, relative_url};
use std::collections::BTreeSet;

/// Adds the extra files to `files`.
pub fn add(cx: &Ctx, files: &mut Vec<OutputFile>, diags: &mut Vec<Diagnostic>) {
    let site = cx.site;
    let owned = page_urls(cx);
    let urls: Vec<&str> = owned.iter().map(String::as_str).collect();
    match not_found(cx, &urls) {
        Ok(f) => files.push(f),
        Err(d) => diags.push(d),
    }
    aliases(cx, files, diags);
    files.extend(sitemap(site.config.base_url.as_deref(), &urls));
    let mut robots = String::from("User-agent: *\nAllow: /\n");
    if let Some(base) = &site.config.base_url {
        robots.push_str(&format!("Sitemap: {base}{}\n", sitemap::INDEX));
    }
    files.push(OutputFile::text("robots.txt", robots));
}

/// The output folder of every page the sitemap lists: guide pages, then the catalog's.
pub fn page_urls(cx: &Ctx) -> Vec<String> {
    let site = cx.site;
    let mut urls: Vec<String> = site.pages.iter().map(|p| p.url.clone()).collect();
    urls.extend(super::catalog::page_urls(&site.catalog));
    urls.extend(super::catalog::optional_page_urls(cx));
    urls
}

/// 404.html is served for any missing path, at any depth, so its links are relative to
/// a `<base href>`: the path of base_url (host-free), else `/`. A script in the page
/// finds the root from the address before loading the assets: the base_url path if the
/// address is under it (else `serve`'s `/`), or the folder before the first folder the
/// site has (`guide/`, `services/`, ...), which finds a sub-path without base_url.
fn not_found(cx: &Ctx, urls: &[&str]) -> Result<OutputFile, Diagnostic> {
    let mut ctx = base_context(cx, "", "404/", None);
    let base_path = cx.site.config.base_url.as_deref().map_or("/", url_path);
    ctx.insert("base_href", base_path);
    let mut folders: BTreeSet<&str> = urls
        .iter()
        .filter_map(|u| u.split_once('/').map(|(first, _)| first))
        .filter(|f| !f.is_empty())
        .collect();
    folders.extend(["assets", "search"]);
    ctx.insert(
        "site_folders",
        &folders.into_iter().collect::<Vec<_>>().join(" "),
    );
    ctx.insert("breadcrumbs", &Vec::<LinkCtx>::new());
    ctx.insert("code_css", &false);
    theme::render(&cx.theme.tera, "404.html", &ctx).map(|html| OutputFile::text("404.html", html))
}

/// The path of an absolute URL (`https://host/handbook/` → `/handbook/`).
fn url_path(url: &str) -> &str {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
}

/// A small HTML page that sends readers of an old URL to the page's new one. A script
/// carries the old link's `#fragment` along; the meta refresh is the fallback.
fn aliases(cx: &Ctx, files: &mut Vec<OutputFile>, diags: &mut Vec<Diagnostic>) {
    let site = cx.site;
    for page in &site.pages {
        for alias in &page.meta.aliases {
            let offset = page.raw.find(alias.as_str()).unwrap_or(0);
            let Some(file) = alias_file(alias) else {
                diags.push(
                    Diagnostic::error(
                        "alias",
                        format!("alias `{alias}` is not a path inside the site"),
                    )
                    .at(&page.display, &page.raw, offset, alias.len())
                    .hint("write old paths like \"guide/old-name/\""),
                );
                continue;
            };
            let dir = file
                .rsplit_once('/')
                .map(|(d, _)| format!("{d}/"))
                .unwrap_or_default();
            let target = relative_url(&dir, &page.url);
            let html = redirect_page(
                &site.config.language,
                &page.title,
                &target,
                favicon_path(cx).map(|p| relative_url(&dir, &p)),
            );
            files.push(OutputFile::text(file, html));
        }
    }
}

/// The redirect page itself; `target` and `icon` are relative to it.
fn redirect_page(language: &str, title: &str, target: &str, icon: Option<String>) -> String {
    let t = escape_html(target);
    let title = escape_html(title);
    let icon = icon
        .map(|i| {
            format!(
                "<link rel=\"icon\" href=\"{}\" type=\"image/svg+xml\">",
                escape_html(&i)
            )
        })
        .unwrap_or_default();
    // A JSON string is a JavaScript string; `<\/` keeps it from closing the script.
    let js_target = serde_json::Value::from(target)
        .to_string()
        .replace("</", "<\\/");
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>Moved: {title}</title>\
{icon}<script>location.replace({js_target} + location.hash)</script>\
         <meta http-equiv=\"refresh\" content=\"0; url={t}\"><link rel=\"canonical\" href=\"{t}\"></head>\
         <body><p>This page has moved to <a href=\"{t}\">{title}</a>.</p></body></html>\n",
        escape_html(language)
    )
}

/// The output file an alias (`old/page/` or `old.html`) takes, if it names a path
/// inside the site.
pub fn alias_file(alias: &str) -> Option<String> {
    let path = normalize_rel(alias.trim_start_matches('/')).filter(|p| !p.is_empty())?;
    Some(if path.ends_with(".html") {
        path
    } else {
        format!("{path}/index.html")
    })
}

/// sitemap.xml (and its parts, past `sitemap::URLS_PER_FILE` URLs). Absolute URLs need
/// a base_url; without one the locations are relative, which crawlers ignore but link
/// checkers can still read.
fn sitemap(base_url: Option<&str>, urls: &[&str]) -> Vec<OutputFile> {
    let mut sorted = urls.to_vec();
    sorted.sort_unstable();
    let entries: Vec<String> = sorted
        .into_iter()
        .map(|url| {
            let loc = format!("{}{url}", base_url.unwrap_or(""));
            format!("  <url><loc>{}</loc></url>\n", escape_html(&loc))
        })
        .collect();
    sitemap::files(base_url, sitemap::URLSET, &entries)
}
