//! The context every template gets: site settings, the path to the root, asset URLs
//! and the sidebar.

use super::{Ctx, nav};
use crate::url::{relative_url, root_of};
use serde::Serialize;
use std::collections::HashMap;

/// The icon browsers show in tabs; linked so that no page asks for /favicon.ico.
const FAVICON: &str = "favicon.svg";

/// The favicon's output path from the language's root: a site's own
/// static/favicon.svg, else the theme's.
pub fn favicon_path(cx: &Ctx) -> Option<String> {
    if cx.site.assets.contains_key(FAVICON) {
        return Some(FAVICON.to_string());
    }
    let up = theme_assets_up(cx);
    cx.theme.assets.get(FAVICON).map(|p| format!("{up}{p}"))
}

/// The way from a language's root up to the site's root, where the one copy of the
/// theme's assets is: `""` for the default language, `"../"` from `ja/`.
pub fn theme_assets_up(cx: &Ctx) -> String {
    let cfg = &cx.site.config;
    root_of(&cfg.languages.prefix(&cfg.language))
}

#[derive(Serialize)]
struct SiteCtx<'a> {
    title: &'a str,
    organization: &'a str,
    description: &'a str,
    base_url: Option<&'a str>,
    language: &'a str,
    footer: Option<&'a str>,
    logo: Option<String>,
    accent_color: &'a str,
    print: bool,
    search: bool,
}

/// The base context of the HTML file in `out_dir`; `current_url` is marked in the
/// sidebar, and `section` is the folder whose branch it opens.
pub fn base_context(
    cx: &Ctx,
    out_dir: &str,
    current_url: &str,
    section: Option<usize>,
) -> tera::Context {
    let root = root_of(out_dir);
    let mut ctx = tera::Context::new();
    let cfg = &cx.site.config;
    ctx.insert(
        "site",
        &SiteCtx {
            title: &cfg.title,
            organization: &cfg.organization,
            description: &cfg.description,
            base_url: cfg.base_url.as_deref(),
            language: &cfg.language,
            footer: cfg.footer.as_deref(),
            logo: cfg.logo.as_ref().map(|l| relative_url(out_dir, l)),
            accent_color: &cfg.accent_color,
            print: cfg.print,
            search: cfg.search_enabled,
        },
    );
    ctx.insert("root", &root);
    ctx.insert("i18n", &*cfg.strings);
    super::languages::insert(cx, out_dir, &mut ctx);
    ctx.insert("base_href", "");
    // The code stylesheet is linked only where code is shown; pages that know they
    // have none turn it off.
    ctx.insert("code_css", &true);
    let up = theme_assets_up(cx);
    let assets: HashMap<&str, String> = cx
        .theme
        .assets
        .iter()
        .map(|(k, v)| (k.as_str(), format!("{root}{up}{v}")))
        .collect();
    ctx.insert("favicon", &favicon_path(cx).map(|p| format!("{root}{p}")));
    ctx.insert("assets", &assets);
    ctx.insert("home_url", &relative_url(out_dir, ""));
    ctx.insert(
        "nav",
        &nav::sidebar(cx.site, out_dir, section, current_url, &cx.nav),
    );
    ctx
}
